"""`VegaFusionWidget`: the chart as an anywidget, with `selection` synced to Python."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from vegafusion_ts_client import canonical_selection, check_bundle_files, dataset_urls, get_runtime, selection_parameters, to_spec

logger = logging.getLogger(__name__)

ESM_PATH = Path(__file__).resolve().parent / "static" / "widget.js"


class VegaFusionWidget(anywidget.AnyWidget):  # type: ignore[misc]
    """An Altair chart, a Vega-Lite or a Vega spec, planned in the browser and computed on
    the VegaFusion runtime; tables are uploaded to the runtime (only the columns the chart
    reads), never sent through the notebook's kernel channel.

    `selection` follows the chart's selection parameters in the format of every VegaFusion
    wrapper: ``{param: value}``, a point selection as a list of ``{field: value}`` records,
    an interval as ``{field: [lo, hi]}``, an empty selection as ``{}``. Observe it
    (``widget.observe(callback, "selection")``) or, in marimo, wrap the widget in
    ``mo.ui.anywidget`` and read ``.value["selection"]``.
    """

    _esm = ESM_PATH

    spec = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)
    endpoint = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)
    selection = traitlets.Dict(default_value={}).tag(sync=True)
    embed_options = traitlets.Dict(default_value={}).tag(sync=True)
    show_actions = traitlets.Bool(default_value=False).tag(sync=True)
    debounce = traitlets.Int(default_value=20).tag(sync=True)

    def __init__(
        self,
        chart: Any = None,
        data: Any = None,
        *,
        runtime_url: str | None = None,
        token: str | None = None,
        **kwargs: Any,
    ) -> None:
        check_bundle_files([ESM_PATH], component="notebook", distribution="vegafusion-widget", restart="the kernel")
        super().__init__(**kwargs)
        self._runtime_url = runtime_url
        self._token = token
        self._data = data
        self.chart = chart

    @property
    def chart(self) -> Any:
        """The chart shown; assigning one re-renders the widget in place."""
        return self._chart

    @chart.setter
    def chart(self, chart: Any) -> None:
        self._chart = chart
        if chart is None:
            with self.hold_sync():
                self.spec, self.endpoint, self.selection = None, None, {}
            return
        runtime = get_runtime(self._runtime_url, self._token)
        spec = to_spec(chart, self._data, runtime=runtime)
        logger.debug("VegaFusionWidget spec ready: %d dataset(s) on %s", len(dataset_urls(spec)), runtime.url)
        with self.hold_sync():
            self.spec = spec
            self.endpoint = {"url": runtime.browser_url, "token": runtime.token}

    @traitlets.validate("selection")
    def _one_format(self, proposal: Any) -> dict[str, Any]:
        params = selection_parameters(self.spec) if isinstance(self.spec, dict) else []
        return canonical_selection(proposal["value"], params or None)


def display(chart: Any, data: Any = None, **kwargs: Any) -> VegaFusionWidget:
    """Shows `chart` as a `VegaFusionWidget` in the notebook and returns the widget."""
    widget = VegaFusionWidget(chart, data, **kwargs)
    try:
        from IPython.display import display as show
    except ImportError:
        return widget
    show(widget)
    return widget
