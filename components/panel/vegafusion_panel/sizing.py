"""Panel's sizing modes applied to a chart spec, in the spirit of `pn.pane.Vega`: a
single-view Vega-Lite chart stretched along a dimension takes the container's size there
(`"width": "container"`). Multi-view charts (facets, repeats, concatenations) and Vega
specs keep the sizes they declare."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vegafusion_ts_client import spec_kind

_MULTI_VIEW_KEYS = ("facet", "repeat", "concat", "hconcat", "vconcat")
_FACET_CHANNELS = ("row", "column", "facet")
_STRETCH_WIDTH = ("stretch_width", "stretch_both", "scale_width", "scale_both")
_STRETCH_HEIGHT = ("stretch_height", "stretch_both", "scale_height", "scale_both")


def is_single_view(spec: Mapping[str, Any]) -> bool:
    """A Vega-Lite unit or layer chart (one view), which Vega-Lite can size to a container."""
    if spec_kind(spec) != "vega-lite" or any(k in spec for k in _MULTI_VIEW_KEYS):
        return False
    encoding = spec.get("encoding")
    return not (isinstance(encoding, Mapping) and any(k in encoding for k in _FACET_CHANNELS))


def fit_sizing_mode(spec: dict[str, Any], sizing_mode: str | None) -> dict[str, Any]:
    """The spec with "container" as width and/or height where `sizing_mode` stretches a
    single-view Vega-Lite chart; otherwise the spec unchanged."""
    if not sizing_mode or not is_single_view(spec):
        return spec
    out = dict(spec)
    if sizing_mode in _STRETCH_WIDTH:
        out["width"] = "container"
    if sizing_mode in _STRETCH_HEIGHT:
        out["height"] = "container"
    return out
