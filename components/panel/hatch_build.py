"""Build hook of vegafusion-panel.

For a wheel: makes sure the browser bundle is built (runs `npm run build:web` in the
checkout once when it is missing and the checkout is installed), and bundles the shared
client from ../client-python with the checkout's root recorded (see its hatch_build.py).
Editable installs use the source folders instead (dev-mode-dirs).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE = Path("vegafusion_panel") / "dist" / "vegafusion-panel.bundle.js"


def _client_hook(root: Path) -> Any:
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
        checkout = client.checkout_root(root.resolve())
        bundle = root / BUNDLE
        if not bundle.is_file() and checkout is not None and not os.environ.get("VEGAFUSION_SKIP_WEB_BUILD"):
            npm = shutil.which("npm")
            if npm and (checkout / "node_modules").is_dir():
                self.app.display_info(f"Building the browser bundle: npm run build:web (in {checkout})")
                subprocess.run([npm, "run", "build:web"], cwd=checkout, check=False)
        if not bundle.is_file():
            raise RuntimeError(
                f"The Panel component's browser bundle {bundle} is missing. In the VegaFusion TS "
                "checkout run `npm ci && npm run build:web`, then build or install this package again."
            )
        include = build_data.setdefault("force_include", {})
        include[str(root.parent / "client-python" / "vegafusion_ts_client")] = "vegafusion_ts_client"
        client.write_build_info(build_data, str(root), "vegafusion_ts_client")
