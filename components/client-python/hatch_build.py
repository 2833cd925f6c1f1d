"""The build hook of the client and of the three wrappers (their pyproject.toml point
`[tool.hatch.build.targets.wheel.hooks.custom] path` here), configured there as data:

- `bundle`: the built browser files (paths from the package's folder) a wheel must ship.
  When one is missing, `npm run <build-script>` runs in the checkout (unless
  VEGAFUSION_SKIP_WEB_BUILD is set); still missing afterwards is an error.
- `build-script`: the npm script that builds them (default `build:web`).
- `bundle-label`: how the error names them ("The Dash component's").
- `editable-bundle`: editable installs also build missing files, warning if they cannot;
  otherwise editable installs skip the browser files (they can be built later).
- `create-dirs`: folders created for every build, editable or not.
- `runtime`: the wheel ships the compiled runtime (`scripts/build-runtime.mjs`: one
  JavaScript file and DuckDB's native binding for this machine's platform) as
  `vegafusion_ts_client/_runtime/`, and is tagged for that platform. Only the client sets it.
- `include`: more files for a wheel, `{source: path in the wheel}`.

Editable installs skip the runtime: they run the checkout's TypeScript sources. No wheel
records a path of the machine that built it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = "vegafusion_ts_client"

# The platform tag of a wheel holding DuckDB's native binding, by the runtime manifest's
# platform, arch and libc. libduckdb.so needs glibc 2.25 and libstdc++ of GCC 6, so the
# oldest manylinux policy it meets is manylinux_2_28.
PLATFORM_TAGS = {
    ("linux", "x64", "glibc"): "manylinux_2_28_x86_64",
    ("linux", "arm64", "glibc"): "manylinux_2_28_aarch64",
    ("linux", "x64", "musl"): "musllinux_1_2_x86_64",
    ("linux", "arm64", "musl"): "musllinux_1_2_aarch64",
    ("darwin", "arm64", None): "macosx_11_0_arm64",
    ("darwin", "x64", None): "macosx_11_0_x86_64",
    ("win32", "x64", None): "win_amd64",
    ("win32", "arm64", None): "win_arm64",
}


def checkout_root(start: Path) -> Path | None:
    for parent in [start, *start.parents]:
        if (parent / "runtime" / "src" / "cli.ts").is_file() and (parent / "package.json").is_file():
            return parent
    return None


def missing_files(root: Path, files: list[Path]) -> list[Path]:
    return [root / f for f in files if not (root / f).is_file()]


def ensure_web_build(app: Any, root: Path, files: list[Path], what: str, *, required: bool = True, script: str = "build:web") -> None:
    """Runs `npm run <script>` in the checkout when any of `files` (relative to `root`) is
    missing. Still missing afterwards: an error when `required`, else a warning."""
    checkout = checkout_root(root.resolve())
    if missing_files(root, files) and checkout is not None and not os.environ.get("VEGAFUSION_SKIP_WEB_BUILD"):
        npm = shutil.which("npm")
        if npm and (checkout / "node_modules").is_dir():
            app.display_info(f"Building the browser bundles: npm run {script} (in {checkout})")
            subprocess.run([npm, "run", script], cwd=checkout, check=False)
    missing = missing_files(root, files)
    if not missing:
        return
    message = (
        f"{what} browser files are missing ({', '.join(map(str, missing))}). In the VegaFusion TS "
        f"checkout run `npm ci && npm run {script}`, then build or install this package again."
    )
    if required:
        raise RuntimeError(message)
    app.display_warning(message)


def build_runtime(app: Any, project_root: Path, out: Path) -> dict[str, Any]:
    """Compiles the runtime into `out` with the checkout's scripts/build-runtime.mjs and
    returns its manifest."""
    checkout = checkout_root(project_root.resolve())
    if checkout is None:
        raise RuntimeError(
            "The vegafusion-ts-client wheel ships the compiled runtime, which is built from the "
            "VegaFusion TS checkout; build the wheel from components/client-python inside a checkout."
        )
    node = shutil.which("node")
    if node is None or not (checkout / "node_modules" / "esbuild").is_dir():
        raise RuntimeError(
            f"Building the runtime needs Node.js 20+ and the checkout's dependencies: run `npm ci` in {checkout}."
        )
    app.display_info("Compiling the runtime: node scripts/build-runtime.mjs")
    subprocess.run([node, str(checkout / "scripts" / "build-runtime.mjs"), "--out", str(out)], cwd=checkout, check=True)
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def platform_tag(manifest: dict[str, Any]) -> str:
    key = (manifest["platform"], manifest["arch"], manifest.get("libc"))
    if key not in PLATFORM_TAGS:
        raise RuntimeError(f"No wheel platform tag known for the runtime built for {key}")
    return PLATFORM_TAGS[key]


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
            ensure_web_build(self.app, root, bundle, self.config.get("bundle-label", "The component's"), required=not editable,
                             script=self.config.get("build-script", "build:web"))
        if editable:
            return
        include = build_data.setdefault("force_include", {})
        for source, target in self.config.get("include", {}).items():
            include[str(root / source)] = target
        if self.config.get("runtime", False):
            self._work = Path(tempfile.mkdtemp(prefix="vegafusion-wheel-runtime-"))
            out = self._work / "_runtime"
            manifest = build_runtime(self.app, root, out)
            include[str(out)] = f"{PACKAGE}/_runtime"
            build_data["pure_python"] = False
            build_data["tag"] = f"py3-none-{platform_tag(manifest)}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
