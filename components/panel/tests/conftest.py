"""Fixtures for the Panel wrapper: the real runtime, `panel serve` of an app, Chromium."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from vegafusion_ts_client.testing import free_port, serve

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-results" / "panel"


@pytest.fixture(scope="session")
def runtime():
    """The embedded runtime, as a chart without `runtime_url` finds it."""
    from vegafusion_ts_client import get_runtime

    for name in ("VEGAFUSION_RUNTIME_URL", "VEGAFUSION_TOKEN"):
        os.environ.pop(name, None)
    return get_runtime()


@pytest.fixture(scope="session")
def serve_app():
    """`serve_app(app_path, env, log_name)`: a context manager serving the app; see panel_serve."""
    return panel_serve


@contextmanager
def panel_serve(app: Path, env: dict[str, str], log_name: str) -> Iterator[str]:
    """`panel serve app` on a free port of 127.0.0.1; yields the app's URL once it answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{app.stem}"
    command = [sys.executable, "-m", "panel", "serve", str(app), "--port", str(port), "--address", "127.0.0.1",
               "--allow-websocket-origin", f"127.0.0.1:{port}"]
    with serve(command, url, env=env, cwd=REPO, log_path=ARTIFACTS / log_name, name="panel serve"):
        yield url
