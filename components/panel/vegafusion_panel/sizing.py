"""Panel's sizing applied to a chart spec, in the spirit of `pn.pane.Vega`: a single-view
Vega-Lite chart stretched along a dimension, or given a fixed size by the component where
the spec has none, takes the container's size there (`"width": "container"`). Multi-view charts (facets, repeats, concatenations) and Vega
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


def fit_to_component(
    spec: dict[str, Any], sizing_mode: str | None, width: int | None = None, height: int | None = None
) -> dict[str, Any]:
    """The spec with "container" as its width (height) where the component decides the size
    of a single-view Vega-Lite chart: `sizing_mode` stretches that dimension, or the
    component has a fixed size there and the spec declares none. Otherwise unchanged."""
    if not is_single_view(spec):
        return spec
    out = dict(spec)
    if sizing_mode in _STRETCH_WIDTH or (width is not None and "width" not in spec):
        out["width"] = "container"
    if sizing_mode in _STRETCH_HEIGHT or (height is not None and "height" not in spec):
        out["height"] = "container"
    return out
