"""Build hook of vegafusion-streamlit.

For a wheel: makes sure the browser bundle is built, bundles the shared client from
../client-python with the checkout's root recorded, and ships pyproject.toml inside the
package (Streamlit reads the component manifest from there). Editable installs use the
source folders instead (dev-mode-dirs).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE = Path("vegafusion_streamlit") / "frontend" / "index.js"


def _client_hook(root: Path) -> Any:
    """The shared client's build helpers (components/client-python/hatch_build.py)."""
    path = root.parent / "client-python" / "hatch_build.py"
    spec = importlib.util.spec_from_file_location("vegafusion_client_build_hook", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"Cannot load {path}; build from a VegaFusion TS checkout.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class StreamlitBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        (root / BUNDLE.parent).mkdir(parents=True, exist_ok=True)
        if self.target_name != "wheel" or version == "editable":
            return
        client = _client_hook(root)
        client.ensure_web_build(self.app, root, [BUNDLE], "The Streamlit component's")
        client.include_shared_client(build_data, root)
        build_data["force_include"][str(root / "pyproject.toml")] = "vegafusion_streamlit/pyproject.toml"
