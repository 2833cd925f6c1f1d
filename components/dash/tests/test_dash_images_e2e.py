"""End to end: a scatter of a million rows drawn by the runtime, through Dash, in real Chromium.

A real Dash server (subprocess) uploads a Parquet file of $VF_DASH_IMAGE_ROWS rows
(1,000,000 by default; `scripts/dash-images-10m.sh` runs this test at 10M) to a runtime
of the test's own. The page shows the scatter as an image (its rows never reach the
page); the wheel zooms it (a new image); a drag brushes it and a Python callback filters
a second chart by the brush, which the runtime recounts; hovering a point shows Vega's
tooltip for the row the runtime finds nearest. Every WebSocket frame the page receives
stays under 1 MB. The figures (frames, bytes, times) are printed for the record.
Skipped without the browser files or Chromium.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vegafusion_dash import bundle
from vegafusion_ts_client import EmbeddedRuntime
from vegafusion_ts_client.testing import NO_CHROMIUM, chromium, chromium_path, free_port, new_page, runtime_env, serve
from vegafusion_ts_client.testing import own_runtime  # noqa: F401  (a fixture: this module's runtime)

REPO = Path(__file__).resolve().parents[3]
APP = Path(__file__).resolve().parent / "e2e_images_app.py"
ARTIFACTS = REPO / "test-results" / "dash"
ROWS = int(os.environ.get("VF_DASH_IMAGE_ROWS", "1000000"))
MAX_FRAME = 1_000_000

pytestmark = [
    pytest.mark.skipif(
        not all(p.is_file() for p in bundle.bundle_paths()),
        reason="browser files not built: run `npm run build:web` (and `npx webpack --config components/dash/webpack.config.js`)",
    ),
    pytest.mark.skipif(chromium_path() is None, reason=NO_CHROMIUM),
]


@pytest.fixture(scope="module")
def points_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ROWS points: x uniform in [0, 100), y = x / 2 plus normal noise (seeded), written a
    million rows at a time."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path_factory.mktemp("points") / "points.parquet"
    rng = np.random.default_rng(7)
    schema = pa.schema([("x", pa.float64()), ("y", pa.float64())])
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, ROWS, 1_000_000):
            n = min(1_000_000, ROWS - start)
            x = rng.uniform(0, 100, n)
            writer.write_table(pa.table({"x": x, "y": x / 2 + rng.normal(0, 10, n)}, schema=schema))
    return path


@pytest.fixture(scope="module")
def app_url(own_runtime: EmbeddedRuntime, points_parquet: Path) -> Iterator[str]:  # noqa: F811
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"PORT": str(port), "POINTS_PARQUET": str(points_parquet), **runtime_env(own_runtime)}
    with serve([sys.executable, str(APP)], url, env=env, cwd=REPO, log_path=ARTIFACTS / "images-app.log", name="the Dash app",
               timeout=300):
        yield url


# The red points' pixels on the scatter's canvas: count, bounding box, and a point away
# from `avoid` (a box) with red on all four sides, to hover.
RED_PIXELS = """([avoid]) => {
  const canvas = document.querySelector('#scatter .vegafusion-chart canvas');
  const ratio = canvas.width / canvas.getBoundingClientRect().width;
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const w = canvas.width;
  const red = (p) => d[p * 4] > 150 && d[p * 4 + 1] < 110 && d[p * 4 + 2] < 110 && d[p * 4 + 3] > 200;
  let n = 0, x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1, at = null, sum = 0;
  for (let p = 0; p < d.length / 4; p++) {
    if (!red(p)) continue;
    const x = p % w, y = Math.floor(p / w);
    n++; sum = (sum * 31 + p) % 1000000007;
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  // A point well inside the plot (the marks clip to it once zoomed), away from the brush.
  const m = 30 * ratio;
  for (let p = 0; p < d.length / 4 && !at; p++) {
    const x = p % w, y = Math.floor(p / w);
    if (x < x0 + m || x > x1 - m || y < y0 + m || y > y1 - m || !red(p)) continue;
    const cx = x / ratio, cy = y / ratio;
    const outside = !avoid || cx < avoid[0] - 10 || cx > avoid[2] + 10 || cy < avoid[1] - 10 || cy > avoid[3] + 10;
    if (outside && red(p - 1) && red(p + 1) && red(p - w) && red(p + w)) at = [cx, cy];
  }
  return { n, sum, box: [x0 / ratio, y0 / ratio, x1 / ratio, y1 / ratio], at };
}"""


def _visible(page: Any) -> bool:
    return page.locator("#vg-tooltip-element.visible").count() > 0


def _wait(page: Any, predicate, what: str, timeout: float = 60.0, errors: list[str] | None = None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(100)
    page.screenshot(path=str(ARTIFACTS / "images-timeout.png"))
    raise AssertionError(f"timed out waiting for {what}; errors {errors} (the page as it was: {ARTIFACTS / 'images-timeout.png'})")


def test_scatter_drawn_by_the_runtime_zooms_brushes_and_shows_tooltips(app_url: str, own_runtime: EmbeddedRuntime) -> None:  # noqa: F811
    from playwright.sync_api import expect

    errors: list[str] = []
    frames: list[int] = []
    runtime_ws = own_runtime.url.replace("http", "ws", 1)

    def on_socket(ws: Any) -> None:
        if ws.url.startswith(runtime_ws):
            ws.on("framereceived", lambda payload: frames.append(len(payload)))

    figures: dict[str, Any] = {"rows": ROWS}
    with chromium() as browser:
        page = new_page(browser, errors, width=1000, height=800)
        page.on("websocket", on_socket)
        t0 = time.monotonic()
        page.goto(app_url)
        canvas = page.locator("#scatter .vegafusion-chart canvas")
        expect(canvas).to_be_attached(timeout=120_000)
        # The image arrives: the points are red pixels on the canvas.
        first = _wait(page, lambda: (r := page.evaluate(RED_PIXELS, [None]))["n"] > 5000 and r, "the scatter's image", 60, errors)
        figures["first image s"] = round(time.monotonic() - t0, 2)
        figures["frames to first image"] = len(frames)
        figures["bytes to first image"] = sum(frames)
        # The rows never came: the page got an image and small tables.
        assert sum(frames) < 2_000_000, frames
        page.screenshot(path=str(ARTIFACTS / "images-first.png"))

        # Zoom in with the wheel over the middle of the points: a new image comes.
        x0, y0, x1, y1 = first["box"]
        box = canvas.bounding_box()
        assert box is not None
        seen = len(frames)
        t1 = time.monotonic()
        page.mouse.move(box["x"] + (x0 + x1) / 2, box["y"] + (y0 + y1) / 2)
        page.mouse.wheel(0, -300)
        # The new image is the one large frame; the view redraws with it.
        _wait(page, lambda: any(f > 5000 for f in frames[seen:]), "a zoomed image", 120)
        figures["zoom to image s"] = round(time.monotonic() - t1, 2)
        page.wait_for_timeout(300)
        zoomed = _wait(page, lambda: (r := page.evaluate(RED_PIXELS, [None]))["sum"] != first["sum"] and r, "the zoomed image drawn", 30)
        figures["zoom bytes"] = sum(frames[seen:])
        page.screenshot(path=str(ARTIFACTS / "images-zoomed.png"))

        # Brush a box of the plot: the callback filters the histogram by it, and the runtime recounts.
        bars = page.locator("#histogram .vegafusion-chart svg .mark-rect path")
        expect(bars.first).to_be_attached(timeout=120_000)
        before = bars.evaluate_all("(ps) => ps.map((p) => p.getAttribute('d')).join(' ')")
        x0, y0, x1, y1 = zoomed["box"]
        brush = [x0 + (x1 - x0) * 0.55, y0 + (y1 - y0) * 0.2, x0 + (x1 - x0) * 0.9, y0 + (y1 - y0) * 0.6]
        t2 = time.monotonic()
        page.mouse.move(box["x"] + brush[0], box["y"] + brush[1])
        page.mouse.down()
        page.mouse.move(box["x"] + (brush[0] + brush[2]) / 2, box["y"] + (brush[1] + brush[3]) / 2, steps=4)
        page.mouse.move(box["x"] + brush[2], box["y"] + brush[3], steps=4)
        page.mouse.up()
        echo = _wait(page, lambda: (t := page.locator("#out").inner_text()) and "x" in ((e := json.loads(t))["selection"].get("brush") or {}) and e,
                     "the brush's selection in Python", 60)
        selection = echo["selection"]["brush"]
        assert selection["x"][0] < selection["x"][1] and selection["y"][0] < selection["y"][1], selection
        _wait(page, lambda: bars.count() > 0 and bars.evaluate_all("(ps) => ps.map((p) => p.getAttribute('d')).join(' ')") != before,
              "the histogram filtered by the brush", 120)
        figures["brush to filtered histogram s"] = round(time.monotonic() - t2, 2)
        page.screenshot(path=str(ARTIFACTS / "images-brushed.png"))

        # Hover a point outside the brush: the runtime finds the nearest row, Vega shows its tooltip.
        found = page.evaluate(RED_PIXELS, [brush])
        assert found["at"] is not None, found
        hx, hy = box["x"] + found["at"][0], box["y"] + found["at"][1]
        t3 = time.monotonic()
        # Vega picks the (invisible) nearest row under the pointer at a next move, once the
        # runtime's answer is drawn: wait for it, then nudge the pointer, as a user's hand does.
        seen = len(frames)
        page.mouse.move(hx, hy)
        shown = False
        deadline = time.monotonic() + 60
        k = 0
        while not shown and time.monotonic() < deadline:
            page.wait_for_timeout(1000 if len(frames) == seen else 300)
            page.mouse.move(hx + (k % 2) * 0.5, hy + 0.5)
            k += 1
            shown = page.wait_for_selector("#vg-tooltip-element.visible", timeout=300, state="attached") is not None if _visible(page) else False
        assert shown, f"no tooltip (frames since the pointer came: {frames[seen:]})"
        figures["hover to tooltip s"] = round(time.monotonic() - t3, 2)
        text = page.locator("#vg-tooltip-element").inner_text()
        assert "x" in text and "y" in text, text

    figures["frames"] = len(frames)
    figures["largest frame bytes"] = max(frames)
    figures["total bytes"] = sum(frames)
    print(json.dumps(figures))
    (ARTIFACTS / f"images-{ROWS}.json").write_text(json.dumps(figures, indent=1))
    assert max(frames) < MAX_FRAME, figures
    assert not [e for e in errors if "vegafusion" in e.lower() or "dash" in e.lower()], errors
