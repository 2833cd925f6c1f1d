"""The one check every wrapper makes before serving its browser files: they are built by
`npm run build:web`, never committed, and shipped in the wrapper's wheel."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import VegaFusionError


class BundleNotBuiltError(VegaFusionError):
    """A wrapper's browser files are not in the installed package."""

    code = "bundle_not_built"


def check_bundle_files(paths: Iterable[Path], *, component: str, distribution: str, restart: str) -> None:
    """Raises BundleNotBuiltError, saying how to get them, when any of `paths` is missing.

    `component` names the wrapper in the message ("Dash"), `distribution` is its package
    on pip ("vegafusion-dash") and `restart` what to run again afterwards ("`panel serve`").
    """
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise BundleNotBuiltError(
            f"The VegaFusion {component} component's browser files are missing ({', '.join(missing)}). "
            f"The {distribution} wheel ships them: reinstall it (`pip install --force-reinstall {distribution}`). "
            f"In a VegaFusion TS checkout run `npm ci && npm run build:web`, then restart {restart}."
        )
