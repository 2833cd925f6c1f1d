"""Finds what the embedded runtime needs: the VegaFusion TS checkout and Node.js."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import NodeNotFoundError, RepositoryNotFoundError, RepositoryNotInstalledError

# A checkout is recognised by the runtime's entry point.
_CLI = Path("runtime") / "src" / "cli.ts"
_TSX_CLI = Path("node_modules") / "tsx" / "dist" / "cli.mjs"


@dataclass(frozen=True)
class RuntimeCommand:
    """How to start the runtime: ``node <tsx> runtime/src/cli.ts`` run from ``root``."""

    root: Path
    node: str
    tsx: Path
    cli: Path

    def argv(self, *flags: str) -> list[str]:
        return [self.node, str(self.tsx), str(self.cli), *flags]


def is_checkout(path: Path) -> bool:
    return (path / _CLI).is_file() and (path / "package.json").is_file()


def _recorded_home() -> str | None:
    """The checkout recorded when this package was built (absent in a plain source tree)."""
    try:
        from ._build_info import SOURCE_ROOT  # type: ignore[import-not-found]
    except ImportError:
        return None
    return str(SOURCE_ROOT) or None


def find_repository(env: dict[str, str] | None = None) -> Path:
    """Locates the checkout: $VEGAFUSION_HOME, else the path recorded at install time,
    else the folders above this package's source (an editable install).
    """
    env = dict(os.environ) if env is None else env
    tried: list[str] = []
    explicit = env.get("VEGAFUSION_HOME")
    if explicit:
        path = Path(explicit).expanduser().resolve()
        if is_checkout(path):
            return path
        raise RepositoryNotFoundError(
            f"VEGAFUSION_HOME={explicit} is not a VegaFusion TS checkout (no {_CLI} there). "
            "Point it at the repository root, the folder that holds runtime/ and package.json."
        )
    recorded = _recorded_home()
    if recorded:
        path = Path(recorded)
        if is_checkout(path):
            return path
        tried.append(f"{path} (recorded at install time)")
    here = Path(__file__).resolve().parent
    for parent in here.parents:
        if is_checkout(parent):
            return parent
    tried.append(f"the folders above {here}")
    raise RepositoryNotFoundError(
        "Cannot find the VegaFusion TS checkout that holds the runtime; looked in "
        + ", ".join(tried)
        + ". Set VEGAFUSION_HOME to the repository root (after `npm ci` there), or run a runtime "
        "yourself (`npm run runtime -- --port 8765`) and set VEGAFUSION_RUNTIME_URL."
    )


def find_node(env: dict[str, str] | None = None) -> str:
    """The Node.js executable: $VEGAFUSION_NODE, else `node` on PATH."""
    env = dict(os.environ) if env is None else env
    explicit = env.get("VEGAFUSION_NODE")
    if explicit:
        if Path(explicit).is_file() and os.access(explicit, os.X_OK):
            return explicit
        raise NodeNotFoundError(f"VEGAFUSION_NODE={explicit} is not an executable file; point it at a Node.js 20+ binary.")
    found = shutil.which("node", path=env.get("PATH", os.defpath))
    if not found:
        raise NodeNotFoundError(
            "Node.js was not found on PATH; the embedded VegaFusion runtime needs Node 20 or later. "
            "Install Node.js (https://nodejs.org or your package manager), set VEGAFUSION_NODE to its "
            "binary, or connect to a running runtime with VEGAFUSION_RUNTIME_URL."
        )
    return found


def runtime_command(env: dict[str, str] | None = None) -> RuntimeCommand:
    """Resolves the checkout and Node.js, checking that `npm ci` has been run."""
    root = find_repository(env)
    node = find_node(env)
    tsx = root / _TSX_CLI
    if not tsx.is_file() or not (root / "node_modules" / "@duckdb").is_dir():
        raise RepositoryNotInstalledError(
            f"The VegaFusion TS checkout at {root} has no installed dependencies "
            f"({tsx.relative_to(root)} is missing). Run `npm ci` in {root} once, then try again."
        )
    return RuntimeCommand(root=root, node=node, tsx=tsx, cli=root / _CLI)
