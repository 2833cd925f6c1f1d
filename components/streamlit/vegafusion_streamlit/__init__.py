"""VegaFusion TS for Streamlit: `vegafusion_chart`, modeled on `st.altair_chart`."""

from vegafusion_ts_client import get_runtime, to_spec

from .chart import vegafusion_chart
from .component import COMPONENT_NAME, BundleNotBuiltError

__version__ = "0.1.0"

__all__ = ["COMPONENT_NAME", "BundleNotBuiltError", "get_runtime", "to_spec", "vegafusion_chart"]
