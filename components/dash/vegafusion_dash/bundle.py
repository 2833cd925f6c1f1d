"""The component's browser files, served by Dash from this package (`_js_dist`).

`dist/` holds a copy of the `VegaFusion` UMD bundle of components/react and the small
script that registers `window.vegafusion_dash.VegaFusionChart`; both are built by webpack
(`npm run build:web`, or components/dash/webpack.config.js alone), never committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vegafusion_ts_client import BundleNotBuiltError, check_bundle_files

__all__ = ["BundleNotBuiltError", "NAMESPACE", "bundle_paths", "check_bundle", "js_dist"]

NAMESPACE = "vegafusion_dash"
PACKAGE_DIR = Path(__file__).resolve().parent
UMD_FILE = "dist/vegafusion-react.umd.js"
COMPONENT_FILE = "dist/vegafusion_dash.js"


def js_dist() -> list[dict[str, Any]]:
    """Dash's resource list: the UMD bundle first (it defines the global `VegaFusion`), then
    the component script that uses it. Source maps are served on request only."""
    out: list[dict[str, Any]] = []
    for path in (UMD_FILE, COMPONENT_FILE):
        out.append({"relative_package_path": path, "namespace": NAMESPACE})
        out.append({"relative_package_path": f"{path}.map", "namespace": NAMESPACE, "dynamic": True})
    return out


def bundle_paths() -> list[Path]:
    return [PACKAGE_DIR / UMD_FILE, PACKAGE_DIR / COMPONENT_FILE]


def check_bundle() -> None:
    """Raises BundleNotBuiltError, saying how to build them, when the browser files are missing
    (Dash would otherwise fail on every page load with a bare FileNotFoundError)."""
    check_bundle_files(bundle_paths(), component="Dash", distribution="vegafusion-dash", restart="the app")
