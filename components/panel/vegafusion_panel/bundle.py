"""Where the component's browser bundle lives in the package, and the error when it is not
built (it is built by `npm run build:web`, never committed)."""

from __future__ import annotations

from pathlib import Path

from vegafusion_ts_client import BundleNotBuiltError, check_bundle_files

BUNDLE_PATH = Path(__file__).resolve().parent / "dist" / "vegafusion-panel.bundle.js"

__all__ = ["BUNDLE_PATH", "BundleNotBuiltError", "bundle_path", "check_bundle"]


def bundle_path() -> Path:
    return BUNDLE_PATH


def check_bundle() -> Path:
    """The bundle's path; raises BundleNotBuiltError saying how to build it."""
    check_bundle_files([BUNDLE_PATH], component="Panel", distribution="vegafusion-panel", restart="`panel serve`")
    return BUNDLE_PATH
