"""`VegaFusionChart`: the Dash component class, in step with the browser component
(`components/dash/src/props.ts`, `DASH_PROP_NAMES`; the tests compare the two lists)."""

from __future__ import annotations

import logging
import typing
from typing import Any

from dash.development.base_component import Component

from vegafusion_ts_client import SpecError, get_runtime

from .bundle import NAMESPACE, check_bundle
from .spec import empty_selection, to_spec

logger = logging.getLogger(__name__)

# The props Dash sends to the browser, in the order of DASH_PROP_NAMES in props.ts.
PROP_NAMES = [
    "id",
    "spec",
    "runtime_url",
    "token",
    "embed_options",
    "opt",
    "svgRendererScaleFactor",
    "width",
    "height",
    "style",
    "className",
    "show_plan_report",
    "signalsToObserve",
    "debounceWait",
    "selection",
    "signalData",
    "error",
]

# Written by the browser (callback Inputs); the rest are set from Python.
OUTPUT_PROPS = ("selection", "signalData", "error")


class VegaFusionChart(Component):
    """A Vega, Vega-Lite or Altair chart whose data work runs on the VegaFusion runtime.

    Keyword arguments:

    - spec (Altair chart | dict; optional): the chart. An Altair chart (v5/v6), a Vega-Lite
        dict or a Vega dict; its tables (and `data`) are uploaded to the runtime and replaced
        by dataset URLs, so Dash carries the spec, never rows. From a callback, return
        `vegafusion_dash.to_spec(chart)`: the chart re-renders on the same connection.
    - data (table | dict; optional, not a prop): a pandas/polars/pyarrow table (the chart's
        top-level data) or `{dataset name: table}`.
    - id (string | dict; optional): the ID used to identify this component in callbacks.
    - runtime_url (string; optional): the runtime's URL; default $VEGAFUSION_RUNTIME_URL, else
        a runtime this process starts. The prop holds the address browsers connect to.
    - token (string; optional): the runtime's token (default $VEGAFUSION_TOKEN, or the
        embedded runtime's).
    - embed_options (dict; optional): vega-embed options (`actions`, `renderer`, `theme`,
        `tooltip`, `config`, ...).
    - opt (dict; optional): vega-embed options under dash-vega-components' name; where both
        are given, `embed_options` wins key by key.
    - svgRendererScaleFactor (number; default 1): with the SVG renderer, draws the chart this
        many times larger, proportions kept (as dash-vega-components). Pointer positions are
        not scaled: brushes on a scaled chart land off the pointer.
    - width, height (number; optional): override the spec's size without re-rendering.
    - style (dict; optional), className (string; optional): on the outer div.
    - show_plan_report (boolean; optional): show where each dataset runs, under the chart.
    - signalsToObserve (list of strings; optional): signal names whose values go to
        `signalData`; `["all"]` for every top-level signal (as dash-vega-components).
    - debounceWait (number; default 10): milliseconds between `signalData` reports.
    - selection (dict; read-only): `{param: value}` for every Vega-Lite selection parameter:
        a point selection is a list of `{field: value}` records, an interval selection is
        `{field: [lo, hi]}` (dates as epoch milliseconds), an empty one `{}`. Reported when a
        drag ends, or 200 ms after the last change.
    - signalData (dict; read-only): `{signal: value}` of the observed signals, as
        dash-vega-components reports it (dates as epoch milliseconds).
    - error (dict; read-only): the last runtime, transport or planning error
        (`{"code", "message", "path"}`), `None` after a successful render.
    """

    _children_props: typing.List[str] = []
    _base_nodes = ["children"]
    _namespace = NAMESPACE
    _type = "VegaFusionChart"
    _prop_names = list(PROP_NAMES)
    _valid_wildcard_attributes: typing.List[str] = []
    available_properties = list(PROP_NAMES)
    available_wildcard_properties: typing.List[str] = []

    def __init__(
        self,
        spec: Any = None,
        data: Any = None,
        *,
        id: str | dict[str, Any] | None = None,
        runtime_url: str | None = None,
        token: str | None = None,
        embed_options: dict[str, Any] | None = None,
        opt: dict[str, Any] | None = None,
        svgRendererScaleFactor: float | None = None,
        width: float | None = None,
        height: float | None = None,
        style: dict[str, Any] | None = None,
        className: str | None = None,
        show_plan_report: bool | None = None,
        signalsToObserve: list[str] | None = None,
        debounceWait: float | None = None,
        selection: dict[str, Any] | None = None,
        signalData: dict[str, Any] | None = None,
        error: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        check_bundle()
        if spec is None and data is not None:
            raise SpecError("VegaFusionChart got data= without a spec; pass the chart (spec=) too.")
        runtime = get_runtime(runtime_url, token)
        props: dict[str, Any] = {
            "id": id,
            "runtime_url": runtime.browser_url,
            "token": runtime.token,
            "embed_options": embed_options,
            "opt": opt,
            "svgRendererScaleFactor": svgRendererScaleFactor,
            "width": width,
            "height": height,
            "style": style,
            "className": className,
            "show_plan_report": show_plan_report,
            "signalsToObserve": list(signalsToObserve) if signalsToObserve is not None else None,
            "debounceWait": debounceWait,
            "signalData": {} if signalData is None else signalData,
            "error": error,
        }
        if spec is not None:
            props["spec"] = to_spec(spec, data, runtime_url=runtime_url, token=token)
            props["selection"] = empty_selection(props["spec"]) if selection is None else selection
        else:
            props["selection"] = {} if selection is None else selection
        # Unset props stay unset (undefined in the browser), as in Dash's generated classes.
        super().__init__(**{k: v for k, v in props.items() if v is not None}, **kwargs)
