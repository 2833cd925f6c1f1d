"""The build hook of the client and of the three wrappers (their pyproject.toml point
`[tool.hatch.build.targets.wheel.hooks.custom] path` here), configured there as data:

- `bundle`: the built browser files (paths from the package's folder) a wheel must ship.
  When one is missing, `npm run build:web` runs in the checkout (unless
  VEGAFUSION_SKIP_WEB_BUILD is set); still missing afterwards is an error.
- `bundle-label`: how the error names them ("The Dash component's").
- `editable-bundle`: editable installs also build missing files, warning if they cannot;
  otherwise editable installs skip the browser files (they can be built later).
- `create-dirs`: folders created for every build, editable or not.
- `include-client`: a wheel also carries the shared client (vegafusion_ts_client, from
  this folder). Editable installs find it through `dev-mode-dirs` instead.
- `include`: more files for a wheel, `{source: path in the wheel}`.

Every wheel records the source checkout's root (`vegafusion_ts_client/_build_info.py`), so
an installed client can start that checkout's runtime without VEGAFUSION_HOME. Editable
installs find the checkout by walking up from their source folder and need no record.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = "vegafusion_ts_client"
CLIENT = Path(__file__).resolve().parent / PACKAGE


def checkout_root(start: Path) -> Path | None:
    for parent in [start, *start.parents]:
        if (parent / "runtime" / "src" / "cli.ts").is_file() and (parent / "package.json").is_file():
            return parent
    return None


def write_build_info(build_data: dict[str, Any], project_root: Path) -> None:
    """Adds `vegafusion_ts_client/_build_info.py` (SOURCE_ROOT = the checkout) to the build."""
    root = checkout_root(project_root.resolve())
    if root is None:
        return
    fd, name = tempfile.mkstemp(prefix="vegafusion-build-info-", suffix=".py")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f'"""Written at build time."""\n\nSOURCE_ROOT = {str(root)!r}\n')
    build_data.setdefault("force_include", {})[name] = f"{PACKAGE}/_build_info.py"


def missing_files(root: Path, files: list[Path]) -> list[Path]:
    return [root / f for f in files if not (root / f).is_file()]


def ensure_web_build(app: Any, root: Path, files: list[Path], what: str, *, required: bool = True) -> None:
    """Runs `npm run build:web` in the checkout when any of `files` (relative to `root`) is
    missing. Still missing afterwards: an error when `required`, else a warning."""
    checkout = checkout_root(root.resolve())
    if missing_files(root, files) and checkout is not None and not os.environ.get("VEGAFUSION_SKIP_WEB_BUILD"):
        npm = shutil.which("npm")
        if npm and (checkout / "node_modules").is_dir():
            app.display_info(f"Building the browser bundles: npm run build:web (in {checkout})")
            subprocess.run([npm, "run", "build:web"], cwd=checkout, check=False)
    missing = missing_files(root, files)
    if not missing:
        return
    message = (
        f"{what} browser files are missing ({', '.join(map(str, missing))}). In the VegaFusion TS "
        "checkout run `npm ci && npm run build:web`, then build or install this package again."
    )
    if required:
        raise RuntimeError(message)
    app.display_warning(message)


class VegaFusionBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        for folder in self.config.get("create-dirs", []):
            (root / folder).mkdir(parents=True, exist_ok=True)
        editable = version == "editable"
        bundle = [Path(f) for f in self.config.get("bundle", [])]
        if bundle and (not editable or self.config.get("editable-bundle", False)):
            ensure_web_build(self.app, root, bundle, self.config.get("bundle-label", "The component's"), required=not editable)
        if editable:
            return
        include = build_data.setdefault("force_include", {})
        if self.config.get("include-client", False):
            include[str(CLIENT)] = PACKAGE
        for source, target in self.config.get("include", {}).items():
            include[str(root / source)] = target
        write_build_info(build_data, root)
