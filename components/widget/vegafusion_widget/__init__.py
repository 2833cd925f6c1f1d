"""VegaFusion TS in notebooks: one anywidget (JupyterLab, Jupyter Notebook, VS Code, marimo)
that draws an Altair chart, a Vega-Lite or a Vega spec whose data work runs on the shared
VegaFusion runtime, and syncs its selections back to Python."""

from vegafusion_ts_client import BundleNotBuiltError, get_runtime, to_spec

from .renderer import enable
from .widget import VegaFusionWidget, display

__all__ = ["BundleNotBuiltError", "VegaFusionWidget", "display", "enable", "get_runtime", "to_spec"]
