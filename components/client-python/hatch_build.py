"""Build hook: records the source checkout's root in the wheel, so an installed client can
start that checkout's runtime without VEGAFUSION_HOME. Editable installs find the checkout
by walking up from their source folder and need no record."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = "vegafusion_ts_client"


def checkout_root(start: Path) -> Path | None:
    for parent in [start, *start.parents]:
        if (parent / "runtime" / "src" / "cli.ts").is_file() and (parent / "package.json").is_file():
            return parent
    return None


def write_build_info(build_data: dict[str, Any], project_root: str, package_path: str) -> str | None:
    """Adds `<package_path>/_build_info.py` (SOURCE_ROOT = the checkout) to the build."""
    root = checkout_root(Path(project_root).resolve())
    if root is None:
        return None
    fd, name = tempfile.mkstemp(prefix="vegafusion-build-info-", suffix=".py")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f'"""Written at build time."""\n\nSOURCE_ROOT = {str(root)!r}\n')
    build_data.setdefault("force_include", {})[name] = f"{package_path}/_build_info.py"
    return name


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


def include_shared_client(build_data: dict[str, Any], root: Path) -> None:
    """Puts the shared client (../client-python) into a wrapper's wheel, with the checkout recorded."""
    include = build_data.setdefault("force_include", {})
    include[str(root.parent / "client-python" / PACKAGE)] = PACKAGE
    write_build_info(build_data, str(root), PACKAGE)


class BuildInfoHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version != "editable":
            write_build_info(build_data, self.root, PACKAGE)
