"""End to end: a real Dash server (subprocess), real Chromium, a runtime of the test's own.

The chart renders from the runtime, a brush drag reaches a Python callback with the range
under the pointer, a spec set by a callback re-renders on the same connection. Needs the
browser files (`npm run build:web`) and Chromium (Debian's /usr/bin/chromium, or
$CHROMIUM_PATH); skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from vegafusion_dash import bundle
from vegafusion_dash.component import PROP_NAMES

REPO = Path(__file__).resolve().parents[3]
APP = Path(__file__).resolve().parent / "e2e_app.py"
ARTIFACTS = REPO / "test-results" / "dash"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _chromium() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


pytestmark = [
    pytest.mark.skipif(
        not all(p.is_file() for p in bundle.bundle_paths()),
        reason="browser files not built: run `npm run build:web` (and `npx webpack --config components/dash/webpack.config.js`)",
    ),
    pytest.mark.skipif(_chromium() is None, reason="no Chromium: `apt-get install -y chromium` or set CHROMIUM_PATH"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def own_runtime():
    """A runtime of the test's own, handed to the app through the environment, so that the
    test can read its metrics."""
    from vegafusion_ts_client import start_runtime

    rt = start_runtime()
    yield rt
    rt.close()


def serve(app: Path, own_runtime, log_name: str) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "VEGAFUSION_RUNTIME_URL": own_runtime.url, "VEGAFUSION_TOKEN": own_runtime.token or ""}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / log_name, "wb")
    proc = subprocess.Popen([sys.executable, str(app)], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as res:
                    if res.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Dash app did not start; see {ARTIFACTS / log_name}")
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(20)
        log.close()


@pytest.fixture(scope="module")
def app_url(own_runtime) -> Iterator[str]:
    yield from serve(APP, own_runtime, "e2e-app.log")


def _count_in(lo: float, hi: float) -> int:
    import pandas as pd

    flights = pd.read_json(REPO / "node_modules" / "vega-datasets" / "data" / "flights-20k.json")
    distance = flights["distance"][flights["distance"] < 3000]
    return int(((distance >= lo) & (distance <= hi)).sum())


def _echo(page) -> dict:
    return json.loads(page.locator("#out").inner_text() or "null")


def _wait_echo(page, predicate, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = _echo(page)
        except json.JSONDecodeError:
            last = None
        if last is not None and predicate(last):
            return last
        page.wait_for_timeout(200)
    raise AssertionError(f"the callback output never matched; last: {last}")


def test_brush_and_spec_change_through_dash(app_url: str, own_runtime) -> None:
    from playwright.sync_api import expect, sync_playwright

    queries_before = own_runtime.metrics().get("vegafusion_queries_total", 0)
    errors: list[str] = []
    sockets: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 900, "height": 700})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("websocket", lambda ws: sockets.append(ws.url))
        try:
            page.goto(app_url)
            # The bars exist only once the runtime's bins arrived (the data is on the runtime).
            bars = page.locator("#chart .vegafusion-chart svg .mark-rect path")
            expect(bars.first).to_be_attached(timeout=60_000)
            # The brush's own rect mark renders before the runtime answers: wait for the query.
            deadline = time.monotonic() + 30
            while own_runtime.metrics().get("vegafusion_queries_total", 0) <= queries_before and time.monotonic() < deadline:
                page.wait_for_timeout(200)
            assert own_runtime.metrics().get("vegafusion_queries_total", 0) > queries_before
            runtime_sockets = [u for u in sockets if u.startswith(own_runtime.url.replace("http", "ws", 1))]
            assert len(runtime_sockets) == 1, sockets
            # The built script declares the props the Python class sends.
            assert page.evaluate("window.vegafusion_dash.propNames") == PROP_NAMES
            first = _wait_echo(page, lambda e: e["selection"] == {"brush": {}})
            assert first["count"] is None
            page.screenshot(path=str(ARTIFACTS / "before-brush.png"))

            # Drag over pixels 60..150 of the 300-pixel plot: distance 600..1500.
            svg = page.locator("#chart .vegafusion-chart svg").first
            box = svg.bounding_box()
            assert box is not None
            y = box["y"] + 75
            page.mouse.move(box["x"] + 60, y)
            page.mouse.down()
            page.mouse.move(box["x"] + 100, y, steps=5)
            page.mouse.move(box["x"] + 150, y, steps=5)
            page.mouse.up()
            echo = _wait_echo(page, lambda e: e["count"] is not None)
            lo, hi = echo["selection"]["brush"]["distance"]
            assert abs(lo - 600) <= 20 and abs(hi - 1500) <= 20, (lo, hi)
            # The callback's count is Python's, over the same rows the runtime filtered.
            assert echo["count"] == _count_in(lo, hi) > 0
            # signalData carries the Vega-Lite selection signal, as dash-vega-components does.
            echo = _wait_echo(page, lambda e: "distance" in ((e["signalData"] or {}).get("brush") or {}))
            assert echo["signalData"]["brush"]["distance"] == pytest.approx([lo, hi])
            page.screenshot(path=str(ARTIFACTS / "after-brush.png"))

            # A new spec from a callback: re-rendered, its (empty) selection reported, same socket.
            queries = own_runtime.metrics().get("vegafusion_queries_total", 0)
            page.click("#swap")
            expect(page.locator("#chart .vegafusion-chart svg .mark-line path").first).to_be_attached(timeout=60_000)
            expect(bars).to_have_count(0)
            _wait_echo(page, lambda e: e["selection"] == {} and e["count"] is None)
            assert own_runtime.metrics().get("vegafusion_queries_total", 0) > queries
            path = page.locator("#chart .vegafusion-chart svg .mark-line path").first.get_attribute("d") or ""
            assert len(path) > 50, "the line is drawn from the runtime's bins"
            page.wait_for_timeout(1000)
            assert len([u for u in sockets if u.startswith(own_runtime.url.replace("http", "ws", 1))]) == 1, sockets
            page.screenshot(path=str(ARTIFACTS / "after-swap.png"))
        finally:
            browser.close()
    assert not [e for e in errors if "vegafusion" in e.lower() or "dash" in e.lower()], errors
