"""Registration of the browser component (Streamlit components v2, no iframe)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from vegafusion_ts_client import BundleNotBuiltError, check_bundle_files

__all__ = ["COMPONENT_NAME", "BundleNotBuiltError", "bundle_path", "check_bundle", "get_renderer"]

# "<project name>.<component name>" from this package's pyproject.toml manifest.
COMPONENT_NAME = "vegafusion-streamlit.vegafusion_chart"
FRONTEND_DIR = Path(__file__).resolve().parent / "frontend"
BUNDLE_FILE = "index.js"


def bundle_path() -> Path:
    return FRONTEND_DIR / BUNDLE_FILE


def check_bundle() -> Path:
    """The bundle's path; raises BundleNotBuiltError saying how to build it."""
    path = bundle_path()
    check_bundle_files([path], component="Streamlit", distribution="vegafusion-streamlit", restart="`streamlit run`")
    return path


_lock = threading.Lock()
_renderer: Any = None


def get_renderer() -> Any:
    """The component's mount function, registered once per process (Streamlit warns when a
    name is registered twice, and re-registering per chart would re-resolve the asset)."""
    global _renderer
    with _lock:
        if _renderer is None:
            check_bundle()
            import streamlit as st

            # Light DOM: vega-embed's tooltip and action menu styles go to the page as usual.
            _renderer = st.components.v2.component(COMPONENT_NAME, js=BUNDLE_FILE, isolate_styles=False)
        return _renderer
