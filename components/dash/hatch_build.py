"""Build hook of vegafusion-dash.

For a wheel: makes sure the browser files are built (`npm run build:web` writes them into
vegafusion_dash/dist/) and bundles the shared client from ../client-python with the
checkout's root recorded. An editable install only warns when the files are missing: it
uses the source folders (dev-mode-dirs), and the files can be built later.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE_FILES = [Path("vegafusion_dash") / "dist" / "vegafusion-react.umd.js", Path("vegafusion_dash") / "dist" / "vegafusion_dash.js"]


def _client_hook(root: Path) -> Any:
    """The shared client's build helpers (components/client-python/hatch_build.py)."""
    path = root.parent / "client-python" / "hatch_build.py"
    spec = importlib.util.spec_from_file_location("vegafusion_client_build_hook", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"Cannot load {path}; build from a VegaFusion TS checkout.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class DashBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        client = _client_hook(root)
        editable = version == "editable"
        client.ensure_web_build(self.app, root, BUNDLE_FILES, "The Dash component's", required=not editable)
        if not editable:
            client.include_shared_client(build_data, root)
