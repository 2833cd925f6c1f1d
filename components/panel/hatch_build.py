"""Build hook of vegafusion-panel.

For a wheel: makes sure the browser bundle is built and bundles the shared client from
../client-python with the checkout's root recorded. Editable installs use the source
folders instead (dev-mode-dirs).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE = Path("vegafusion_panel") / "dist" / "vegafusion-panel.bundle.js"


def _client_hook(root: Path) -> Any:
    """The shared client's build helpers (components/client-python/hatch_build.py)."""
    path = root.parent / "client-python" / "hatch_build.py"
    spec = importlib.util.spec_from_file_location("vegafusion_client_build_hook", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"Cannot load {path}; build from a VegaFusion TS checkout.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class PanelBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        client = _client_hook(root)
        client.ensure_web_build(self.app, root, [BUNDLE], "The Panel component's")
        client.include_shared_client(build_data, root)
