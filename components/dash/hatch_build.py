"""Build hook of vegafusion-dash.

- Builds the browser files into vegafusion_dash/dist/ when they are missing and the
  checkout is installed (`npm run build:web` for the UMD bundle of components/react when
  it is missing too, then components/dash/webpack.config.js), for wheels and editable
  installs alike (an editable install serves them from the source folder).
- For a wheel: refuses to build without them, bundles the shared client from
  ../client-python with the checkout's root recorded (see its hatch_build.py).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE_FILES = [Path("vegafusion_dash") / "dist" / "vegafusion-react.umd.js", Path("vegafusion_dash") / "dist" / "vegafusion_dash.js"]
UMD_SOURCE = Path("components") / "react" / "dist" / "vegafusion-react.umd.js"


def _client_hook(root: Path) -> Any:
    path = root.parent / "client-python" / "hatch_build.py"
    spec = importlib.util.spec_from_file_location("vegafusion_client_build_hook", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"Cannot load {path}; build from a VegaFusion TS checkout.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _missing(root: Path) -> list[Path]:
    return [root / f for f in BUNDLE_FILES if not (root / f).is_file()]


class DashBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def _build_web(self, checkout: Path) -> None:
        npm, npx = shutil.which("npm"), shutil.which("npx")
        if not npm or not npx or not (checkout / "node_modules").is_dir():
            return
        if not (checkout / UMD_SOURCE).is_file():
            self.app.display_info(f"Building the browser bundles: npm run build:web (in {checkout})")
            subprocess.run([npm, "run", "build:web"], cwd=checkout, check=False)
        self.app.display_info("Building the Dash component's browser files (components/dash/webpack.config.js)")
        subprocess.run(
            [npx, "webpack", "--config", "components/dash/webpack.config.js", "--mode", "production"],
            cwd=checkout,
            check=False,
        )

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        if self.target_name != "wheel":
            return
        client = _client_hook(root)
        checkout = client.checkout_root(root.resolve())
        if _missing(root) and checkout is not None and not os.environ.get("VEGAFUSION_SKIP_WEB_BUILD"):
            self._build_web(checkout)
        missing = _missing(root)
        if version == "editable":
            if missing:
                self.app.display_warning(
                    f"The Dash component's browser files are missing ({', '.join(map(str, missing))}); "
                    "run `npm ci && npm run build:web` in the checkout before using it."
                )
            return
        if missing:
            raise RuntimeError(
                f"The Dash component's browser files are missing ({', '.join(map(str, missing))}). In the "
                "VegaFusion TS checkout run `npm ci && npm run build:web`, then build or install this package again."
            )
        # Not for editable installs, which use the source folders (dev-mode-dirs) instead.
        include = build_data.setdefault("force_include", {})
        include[str(root.parent / "client-python" / "vegafusion_ts_client")] = "vegafusion_ts_client"
        client.write_build_info(build_data, str(root), "vegafusion_ts_client")
