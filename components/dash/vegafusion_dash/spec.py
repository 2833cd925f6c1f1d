"""Specs for the Dash component: an Altair chart or a dict, its tables uploaded to the
runtime, and the selection value a chart starts with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vegafusion_ts_client import get_runtime, selection_parameters
from vegafusion_ts_client import to_spec as client_to_spec


def to_spec(chart: Any, data: Any = None, *, runtime_url: str | None = None, token: str | None = None) -> dict[str, Any]:
    """The value for `VegaFusionChart.spec`, e.g. returned from a callback.

    `chart` is an Altair chart (v5/v6), a Vega-Lite dict or a Vega dict; its tables and `data`
    (a table, or a mapping of dataset names to tables) are uploaded to the runtime once per
    content and referenced by URL, so rows never travel through Dash. The runtime is
    `runtime_url`/`token`, else $VEGAFUSION_RUNTIME_URL/$VEGAFUSION_TOKEN, else the one
    embedded in this process: the same rule as the component's, so leave both unset unless
    the component was given them too.
    """
    return client_to_spec(chart, data, runtime=get_runtime(runtime_url, token))


def empty_selection(spec: Mapping[str, Any]) -> dict[str, Any]:
    """`{param: {}}` for each selection parameter of a Vega-Lite spec: what `selection` holds
    before the user selects anything (a Vega spec has none: `{}`)."""
    return {name: {} for name in selection_parameters(spec)}
