"""`VegaFusionChart`: a Panel component modeled on `pn.pane.Vega` whose data work runs on
the VegaFusion runtime."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import param
from panel.custom import JSComponent

from vegafusion_ts_client import canonical_selection, dataset_urls, get_runtime, selection_parameters, to_spec

from .bundle import BUNDLE_PATH, check_bundle
from .sizing import fit_to_component

logger = logging.getLogger(__name__)

# Parameters whose change means a new spec (or a new runtime) for the browser.
_SOURCE_PARAMS = ["object", "data", "runtime_url", "token", "sizing_mode", "width", "height"]

# The themes of vega-themes that `pn.pane.Vega` offers, and the rest vega-embed knows.
THEMES = ["excel", "ggplot2", "quartz", "vox", "fivethirtyeight", "dark", "latimes", "urbaninstitute", "googlecharts",
          "powerbi", "carbonwhite", "carbong10", "carbong90", "carbong100"]


def namespace_names(names: list[str]) -> set[str]:
    """The selection names that can be parameters: identifiers other than the `name` and
    `param` a Parameterized reserves (the others stay in `selections` only)."""
    return {n for n in names if n.isidentifier() and n not in ("name", "param")}


def selection_namespace(names: list[str]) -> param.Parameterized:
    """`pn.pane.Vega`'s `selection` object: one parameter per selection parameter of the
    chart, each `{}` until the browser reports a value."""
    params = {n: param.Parameter(default={}, allow_refs=False, doc=f"The value of the selection {n!r}.")
              for n in sorted(namespace_names(names))}
    return type("Selection", (param.Parameterized,), params)()


class VegaFusionChart(JSComponent):
    """An Altair chart, Vega-Lite or Vega spec, planned in the browser and computed on the
    shared VegaFusion runtime, like `pn.pane.Vega` for data too large for the browser.

    Tables (the chart's data, `data`) are uploaded to the runtime once per content; the
    browser receives the spec with dataset URLs, the runtime's URL and its token, never rows.
    The runtime is `runtime_url`/`token`, else $VEGAFUSION_RUNTIME_URL/$VEGAFUSION_TOKEN,
    else one started for this Python process and shared by every chart and session.

    Changing `object` (or `data`) re-renders the chart in place on the same runtime
    connection. `selection` has one parameter per selection parameter of the chart, as in
    `pn.pane.Vega` (`chart.selection.brush`), and `selections` all of them as one dict;
    a point selection is a list of `{field: value}` records and an interval selection
    `{field: [lo, hi]}` (dates as epoch milliseconds), an empty one `{}`.
    """

    object = param.Parameter(default=None, allow_refs=True, doc="""
        The chart: an Altair chart (v5, v6), a Vega-Lite dict or a Vega dict. Its tables
        are uploaded to the runtime; they never travel through Panel.""")

    data = param.Parameter(default=None, allow_refs=True, doc="""
        A table (pandas, polars, pyarrow) for the top-level data of an Altair chart or
        Vega-Lite dict, or a mapping of dataset names to tables.""")

    runtime_url = param.String(default=None, doc="""
        The runtime's URL (http://host:port). Default: $VEGAFUSION_RUNTIME_URL, else a
        runtime started for this process.""")

    token = param.String(default=None, doc="The token of the runtime at `runtime_url`.")

    selection = param.ClassSelector(class_=param.Parameterized, doc="""
        The chart's selections as `pn.pane.Vega` has them: an object with one parameter per
        selection parameter of the chart (`chart.selection.brush`), watchable
        (`chart.selection.param.watch(callback, "brush")`) and bindable
        (`pn.bind(f, chart.selection.param.brush)`). Values as in `selections`. A new
        chart with other selection parameters gets a new object. Setting a value from Python
        (`chart.selection.brush = {"x": [10, 40]}`, `{}` to clear) selects it in the chart,
        for selections of a single or layered view: an interval along x or y is drawn as
        a brush, a point selection by its fields replaces the selected points.""")

    selections = param.Dict(default={}, doc="""
        Every selection at once as the browser reports it, {param: value}, in the format
        of every wrapper: a list of {field: value} records for a point selection,
        {field: [lo, hi]} for an interval selection, {} for an empty one of either kind.""")

    debounce = param.ClassSelector(default=20, class_=(int, dict), doc="""
        Milliseconds without a selection change before the browser reports it, for every
        selection or per selection name ({name: ms}, 20 for the others), as in
        `pn.pane.Vega`. A drag is reported once, when the pointer is released.""")

    theme = param.Selector(default=None, allow_None=True, objects=THEMES, doc="""
        A vega-themes theme applied under the spec's own config, as in `pn.pane.Vega`
        ('excel', 'ggplot2', 'quartz', 'vox', 'fivethirtyeight', 'dark', 'latimes',
        'urbaninstitute', 'googlecharts', also 'powerbi' and the carbon themes).""")

    show_actions = param.Boolean(default=False, doc="Whether to show vega-embed's actions menu.")

    selection_set = param.Dict(default=None, doc="""
        Internal: the selections last set from Python, {"seq": n, "values": {name: value}},
        which the browser applies to the chart.""")

    embed_options = param.Dict(default={}, doc="""
        vega-embed options (renderer, theme, tooltip, config, actions, ...).""")

    spec = param.Dict(default=None, constant=True, doc="""
        The spec the browser renders (read-only): `object` with its tables replaced by
        runtime dataset URLs and the sizing mode applied.""")

    endpoint = param.Dict(default=None, constant=True, doc="""
        Where the browser connects (read-only): {'url': the runtime as browsers reach it,
        'token': its token}.""")

    _bundle: ClassVar[Any] = BUNDLE_PATH

    # What the user gives stays in Python; the browser gets `spec` and `endpoint`.
    _rename: ClassVar[dict[str, str | None]] = {
        "object": None, "data": None, "runtime_url": None, "token": None, "selection": None,
    }

    def __init__(self, object: Any = None, **params: Any) -> None:
        super().__init__(object=object, **params)
        self._refresh()
        self.param.watch(self._on_source_change, _SOURCE_PARAMS)
        self.param.watch(self._on_selections, ["selections"])

    def _on_selections(self, event: param.parameterized.Event) -> None:
        """The browser's report, into the `selection` namespace (one event per changed name)."""
        namespace = self.selection
        if namespace is None:
            return
        known = set(namespace.param) - {"name"}
        self._quiet_namespace = True
        try:
            namespace.param.update({k: v for k, v in (event.new or {}).items() if k in known})
        finally:
            self._quiet_namespace = False

    def _on_namespace_change(self, *events: param.parameterized.Event) -> None:
        """A value set from Python (`chart.selection.brush = ...`): sent to the browser, which
        selects it in the chart and reports the selection back."""
        if getattr(self, "_quiet_namespace", False):
            return
        values = canonical_selection({e.name: e.new for e in events}, [e.name for e in events])
        seq = (self.selection_set or {}).get("seq", 0) + 1
        self.selection_set = {"seq": seq, "values": values}

    def _on_source_change(self, *_events: param.parameterized.Event) -> None:
        self._refresh()

    def _refresh(self) -> None:
        """Converts `object` (and `data`) for the browser: uploads tables, resolves the runtime."""
        if self.object is None:
            spec, endpoint = None, None
        else:
            runtime = get_runtime(self.runtime_url, self.token)
            spec = to_spec(self.object, self.data, runtime=runtime)
            spec = fit_to_component(spec, self.sizing_mode, self.width, self.height)
            endpoint = {"url": runtime.browser_url, "token": runtime.token}
            logger.debug("VegaFusionChart spec ready: %d dataset(s) on %s", len(dataset_urls(spec)), runtime.url)
        names = namespace_names(selection_parameters(spec) if isinstance(spec, dict) else [])
        namespace = self.selection
        if namespace is not None and set(namespace.param) - {"name"} == names:
            # Same parameters: the same object, emptied (watchers stay attached), as pn.pane.Vega does.
            self._quiet_namespace = True
            try:
                namespace.param.update({n: {} for n in names})
            finally:
                self._quiet_namespace = False
        else:
            namespace = selection_namespace(sorted(names))
            if names:
                namespace.param.watch(self._on_namespace_change, sorted(names))
        with param.edit_constant(self):
            self.param.update(spec=spec, endpoint=endpoint, selection=namespace)

    def _process_property_change(self, props: dict[str, Any]) -> dict[str, Any]:
        """Browser changes to parameter values: the selection in the one format of every
        wrapper (the client's `canonical_selection`)."""
        params = super()._process_property_change(props)
        if "selections" in params:
            names = selection_parameters(self.spec) if isinstance(self.spec, dict) else []
            params["selections"] = canonical_selection(params["selections"], names or None)
        return params

    def _get_model(self, doc: Any, root: Any = None, parent: Any = None, comm: Any = None) -> Any:
        check_bundle()
        return super()._get_model(doc, root, parent, comm)
