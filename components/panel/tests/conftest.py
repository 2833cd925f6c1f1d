"""Fixtures for the Panel wrapper: the real runtime, `panel serve` of an app, Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-results" / "panel"


@pytest.fixture(scope="session")
def runtime():
    """The embedded runtime, as a chart without `runtime_url` finds it."""
    from vegafusion_ts_client import get_runtime

    for name in ("VEGAFUSION_RUNTIME_URL", "VEGAFUSION_TOKEN"):
        os.environ.pop(name, None)
    return get_runtime()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def serve_app():
    """`serve_app(app_path, env, log_name)`: a context manager serving the app; see panel_serve."""
    return panel_serve


@contextmanager
def panel_serve(app: Path, env: dict[str, str], log_name: str) -> Iterator[str]:
    """`panel serve app` on a free port of 127.0.0.1; yields the app's URL once it answers."""
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / log_name
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "panel", "serve", str(app), "--port", str(port), "--address", "127.0.0.1",
             "--allow-websocket-origin", f"127.0.0.1:{port}"],
            cwd=REPO, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}/{app.stem}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=5) as res:
                        if res.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"panel serve did not start; see {log_path}")
                time.sleep(0.5)
            yield url
        finally:
            os.killpg(proc.pid, 15)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait(5)
