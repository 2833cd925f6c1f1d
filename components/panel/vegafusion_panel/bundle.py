"""Where the component's browser bundle lives in the package, and the error when it is not
built (it is built by `npm run build:web`, never committed)."""

from __future__ import annotations

from pathlib import Path

from vegafusion_ts_client import VegaFusionError

BUNDLE_PATH = Path(__file__).resolve().parent / "dist" / "vegafusion-panel.bundle.js"


class BundleNotBuiltError(VegaFusionError):
    """The component's browser bundle is not in the installed package."""

    code = "bundle_not_built"


def bundle_path() -> Path:
    return BUNDLE_PATH


def check_bundle() -> Path:
    """The bundle's path; raises BundleNotBuiltError saying how to build it."""
    if not BUNDLE_PATH.is_file():
        raise BundleNotBuiltError(
            f"The VegaFusion Panel component's browser bundle is missing ({BUNDLE_PATH}). In the "
            "VegaFusion TS checkout run `npm ci && npm run build:web`, then restart `panel serve` "
            "(or reinstall: `pip install ./components/panel`)."
        )
    return BUNDLE_PATH
