"""Helpers for the wrappers' end-to-end tests, not part of the client's API: a runtime of
the test's own, a dashboard server (`streamlit run`, a Dash app, `panel serve`) in a
subprocess, and Chromium driven by Playwright.

Each wrapper's test suite keeps its own servers, pages and assertions and calls these for
the plumbing. The module is a pytest plugin (entry point `vegafusion_ts`, loaded by pytest,
never imported by the client itself), so the `own_runtime` fixture is available to any
test. pytest and Playwright are test dependencies: Playwright is imported only when a
browser is launched.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .runtime import EmbeddedRuntime, Runtime, start_runtime

_STORE_DIR = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Runtimes a test session starts (embedded, its own, or an app's) keep their uploads in
    an upload store of the session's own, not the user's cache folder: a dataset left there
    by an earlier run would not be uploaded again, which tests that count uploads see."""
    if os.environ.get("VEGAFUSION_STORE_DIR"):
        return
    folder = tempfile.mkdtemp(prefix="vegafusion-test-store-")
    os.environ["VEGAFUSION_STORE_DIR"] = folder
    config.stash[_STORE_DIR] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_STORE_DIR, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
NO_CHROMIUM = "no Chromium: `apt-get install -y chromium` or set CHROMIUM_PATH"


def chromium_path() -> str | None:
    """$CHROMIUM_PATH, else Chromium on PATH (Debian's /usr/bin/chromium)."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def own_runtime() -> Iterator[EmbeddedRuntime]:
    """A runtime of the test module's own, not the process's shared one: the apps under test
    get it through the environment (`runtime_env`), and the test reads exactly their metrics."""
    runtime = start_runtime()
    yield runtime
    runtime.close()


def runtime_env(runtime: Runtime) -> dict[str, str]:
    """The environment that points an app (a subprocess) at `runtime`."""
    return {"VEGAFUSION_RUNTIME_URL": runtime.url, "VEGAFUSION_TOKEN": runtime.token or ""}


@contextmanager
def serve(command: list[str], ready_url: str, *, env: dict[str, str], cwd: Path, log_path: Path, name: str,
          timeout: float = 60) -> Iterator[None]:
    """Runs `command` (a server) in a process group of its own, with `env` over this
    process's environment and its output in `log_path`; enters once `ready_url` answers 200
    and stops the group on exit (SIGTERM, then SIGKILL)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command, cwd=cwd, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            deadline = time.monotonic() + timeout
            while not _answers(ready_url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start; see {log_path}")
                time.sleep(0.3)
            yield
        finally:
            try:
                os.killpg(proc.pid, 15)
                proc.wait(20)
            except ProcessLookupError:
                pass  # it exited already (a server that failed to start)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait(5)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as res:
            return res.status == 200
    except OSError:
        return False


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium (Playwright's sync API), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any, errors: list[str], *, width: int, height: int) -> Any:
    """A page whose console errors and uncaught exceptions are appended to `errors`."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def wait_for_metric(runtime: Runtime, name: str, above: float, page: Any, timeout: float) -> float:
    """Polls the runtime's metric `name` until it exceeds `above` or `timeout` seconds pass
    (the caller asserts); returns its last value. Waits through `page`, so that Playwright
    keeps delivering the page's events meanwhile."""
    deadline = time.monotonic() + timeout
    while (value := runtime.metrics().get(name, 0)) <= above and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return value
