"""VegaFusion TS for Panel: `VegaFusionChart`, modeled on `pn.pane.Vega`."""

from vegafusion_ts_client import get_runtime, to_spec

from .bundle import BundleNotBuiltError, bundle_path
from .chart import VegaFusionChart

__version__ = "0.1.0"

__all__ = ["BundleNotBuiltError", "VegaFusionChart", "bundle_path", "get_runtime", "to_spec"]
