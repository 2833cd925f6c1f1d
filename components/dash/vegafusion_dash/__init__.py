"""VegaFusion TS for Dash: `VegaFusionChart`, a Dash component for Vega, Vega-Lite and
Altair charts whose data work runs on the shared VegaFusion runtime."""

from vegafusion_ts_client import get_runtime, selection_parameters

from .bundle import BundleNotBuiltError, js_dist
from .component import VegaFusionChart
from .spec import empty_selection, to_spec

__version__ = "0.1.0"

# Read by Dash (for every package that defines a component) to serve and load the scripts.
_js_dist = js_dist()
_css_dist: list[dict[str, str]] = []

__all__ = [
    "BundleNotBuiltError",
    "VegaFusionChart",
    "empty_selection",
    "get_runtime",
    "selection_parameters",
    "to_spec",
]
