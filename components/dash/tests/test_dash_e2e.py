"""End to end: a real Dash server (subprocess), real Chromium, a runtime of the test's own.

The chart renders from the runtime, a brush drag reaches a Python callback with the range
under the pointer, a spec set by a callback re-renders on the same connection. Needs the
browser files (`npm run build:web`) and Chromium (Debian's /usr/bin/chromium, or
$CHROMIUM_PATH); skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vegafusion_dash import bundle
from vegafusion_dash.component import PROP_NAMES
from vegafusion_ts_client import EmbeddedRuntime
from vegafusion_ts_client.testing import NO_CHROMIUM, chromium, chromium_path, free_port, new_page, runtime_env, serve, wait_for_metric
from vegafusion_ts_client.testing import own_runtime  # a fixture: this module's runtime

REPO = Path(__file__).resolve().parents[3]
APP = Path(__file__).resolve().parent / "e2e_app.py"
ARTIFACTS = REPO / "test-results" / "dash"

pytestmark = [
    pytest.mark.skipif(
        not all(p.is_file() for p in bundle.bundle_paths()),
        reason="browser files not built: run `npm run build:web` (and `npx webpack --config components/dash/webpack.config.js`)",
    ),
    pytest.mark.skipif(chromium_path() is None, reason=NO_CHROMIUM),
]


@pytest.fixture(scope="module")
def app_url(own_runtime: EmbeddedRuntime) -> Iterator[str]:
    """tests/e2e_app.py run by Python on a free port (the app reads $PORT)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"PORT": str(port), **runtime_env(own_runtime)}
    with serve([sys.executable, str(APP)], url, env=env, cwd=REPO, log_path=ARTIFACTS / "e2e-app.log", name="the Dash app"):
        yield url


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
    from playwright.sync_api import expect

    queries_before = own_runtime.metrics().get("vegafusion_queries_total", 0)
    errors: list[str] = []
    sockets: list[str] = []
    with chromium() as browser:
        page = new_page(browser, errors, width=900, height=700)
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.goto(app_url)
        # The bars exist only once the runtime's bins arrived (the data is on the runtime).
        bars = page.locator("#chart .vegafusion-chart svg .mark-rect path")
        expect(bars.first).to_be_attached(timeout=60_000)
        # The brush's own rect mark renders before the runtime answers: wait for the query.
        wait_for_metric(own_runtime, "vegafusion_queries_total", queries_before, page, timeout=30)
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

        # dash-vega-components' props: `opt` (SVG, no actions menu) and the SVG drawn twice
        # as large with its proportions kept (its viewBox stays Vega's size).
        scaled = page.locator("#scaled .vegafusion-chart svg.marks")
        expect(page.locator("#scaled .vegafusion-chart svg .mark-line path").first).to_be_attached(timeout=60_000)
        look = scaled.evaluate("""(svg) => ({
          width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')),
          viewBox: svg.getAttribute('viewBox').split(/[ ,]+/).map(Number),
          drawn: svg.getBoundingClientRect().width,
          actions: svg.closest('.vegafusion-chart').querySelector('details') !== null,
        })""")
        assert look["width"] == 2 * look["viewBox"][2] and look["height"] == 2 * look["viewBox"][3], look
        assert look["drawn"] == pytest.approx(look["width"], abs=1) and look["viewBox"][2] > 300, look
        assert not look["actions"], look
    assert not [e for e in errors if "vegafusion" in e.lower() or "dash" in e.lower()], errors
