"""Build hook: records the source checkout's root in the wheel, so an installed client can
start that checkout's runtime without VEGAFUSION_HOME. Editable installs find the checkout
by walking up from their source folder and need no record."""

from __future__ import annotations

import os
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


class BuildInfoHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version != "editable":
            write_build_info(build_data, self.root, PACKAGE)
