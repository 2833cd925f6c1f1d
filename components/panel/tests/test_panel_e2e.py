"""End to end: `panel serve` of real apps, real Chromium, a real runtime of the test's own.

- tests/apps/uploaded_frame.py: an Altair chart over an uploaded pandas frame; the chart
  renders from the runtime in the `dark` theme, a brush reaches the Python `selections`
  and `selection.brush` as one event per drag, and a Python callback that replaces
  `object` re-renders the chart on the same connection.
- examples/panel/app.py on data/flights-20k.json (same columns as flights-3m, quicker):
  the crossfilter renders, a brush shows up in the Markdown bound to the selection, the
  maxbins slider re-renders with more bins.
- tests/apps/sized.py: charts with a stretched width and a fixed height, and a fixed size,
  are drawn inside their boxes.
- tests/apps/points.py: a point selection set from Python selects in the chart and clears.

Needs the component bundle (`npm run build:web`) and Chromium (/usr/bin/chromium or
$CHROMIUM_PATH); skipped with the reason otherwise. Screenshots and the server logs go to
test-results/panel/.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vegafusion_panel import bundle_path
from vegafusion_ts_client.testing import NO_CHROMIUM, chromium, chromium_path, new_page, runtime_env, wait_for_metric
from vegafusion_ts_client.testing import own_runtime  # a fixture: this module's runtime

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-results" / "panel"

pytestmark = [
    pytest.mark.skipif(not bundle_path().is_file(), reason=f"component bundle not built ({bundle_path()}): run `npm run build:web`"),
    pytest.mark.skipif(chromium_path() is None, reason=NO_CHROMIUM),
]

APPS = Path(__file__).resolve().parent / "apps"
BARS = ".vegafusion-chart g.mark-rect path"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def _open(browser: Any, url: str, errors: list[str]) -> Any:
    page = new_page(browser, errors, width=1300, height=900)
    page.goto(url)
    return page


def _wait_for_bars(page: Any, more_than: int = 0, timeout: float = 120) -> int:
    """The number of bars once more than `more_than` are drawn (they come from the runtime)."""
    deadline = time.monotonic() + timeout
    while True:
        count = page.locator(BARS).count()
        if count > more_than:
            return count
        if time.monotonic() > deadline:
            raise AssertionError(f"no more than {more_than} bars after {timeout}s")
        page.wait_for_timeout(250)


def _plot_boxes(page: Any) -> list[dict[str, float]]:
    """The views' plot areas (their background rectangles), left to right."""
    boxes = [b for b in (el.bounding_box() for el in page.locator(".vegafusion-chart path.background").element_handles()) if b]
    return sorted((b for b in boxes if b["width"] > 50 and b["height"] > 50), key=lambda b: b["x"])


def _drag(page: Any, box: dict[str, float], start: float, end: float) -> None:
    """Drags horizontally across the plot, at fractions `start` and `end` of its width."""
    y = box["y"] + box["height"] * 0.5
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * (start + end) / 2, y, steps=6)
    page.mouse.move(box["x"] + box["width"] * end, y, steps=6)
    page.mouse.up()


def _slow_drag(page: Any, box: dict[str, float], start: float, end: float, steps: int = 10, pause_ms: int = 80) -> None:
    """A drag whose pointer moves come slower than the debounce (20 ms), as a hand drags."""
    y = box["y"] + box["height"] * 0.5
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    for i in range(1, steps + 1):
        page.mouse.move(box["x"] + box["width"] * (start + (end - start) * i / steps), y)
        page.wait_for_timeout(pause_ms)
    page.mouse.up()


def _python_selection(page: Any) -> dict[str, Any]:
    text = page.locator("pre", has_text="selection:").inner_text()
    return json.loads(text.split("selection:", 1)[1])


def _events(page: Any) -> int:
    """How many selection events Python received (the app counts them)."""
    return int(page.locator("pre", has_text="events:").inner_text().split("events:", 1)[1])


def _wait_for_selection(page: Any, predicate: Any, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = _python_selection(page)
        except (ValueError, IndexError):
            value = None
        if value is not None and predicate(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"the Python selection is {value!r}")
        page.wait_for_timeout(200)


def test_uploaded_frame_renders_reports_the_brush_and_rerenders_on_a_new_object(own_runtime: Any, browser: Any, serve_app: Any) -> None:
    before = own_runtime.metrics()
    errors: list[str] = []
    with serve_app(APPS / "uploaded_frame.py", runtime_env(own_runtime), "uploaded-frame.log") as url:
        page = _open(browser, url, errors)
        try:
            bars = _wait_for_bars(page)
            # The brush's own rect mark renders before the runtime answers: wait for the reply.
            wait_for_metric(own_runtime, "vegafusion_bytes_sent_total", before.get("vegafusion_bytes_sent_total", 0), page, timeout=30)
            bars = _wait_for_bars(page)
            after = own_runtime.metrics()
            assert after.get("vegafusion_queries_total", 0) > before.get("vegafusion_queries_total", 0)
            sent = after.get("vegafusion_bytes_sent_total", 0) - before.get("vegafusion_bytes_sent_total", 0)
            assert 0 < sent < 200_000, "bins, not the 20,000 rows, reach the browser"
            # After the first answer the browser reports the (empty) selection of each parameter.
            assert _wait_for_selection(page, lambda s: "brush" in s) == {"brush": {}}
            page.screenshot(path=str(ARTIFACTS / "uploaded-before-brush.png"))
            # theme="dark" (vega-themes, as pn.pane.Vega): its background and white labels.
            look = page.locator(".vegafusion-chart svg.marks").first.evaluate("""(svg) => ({
              background: svg.style.backgroundColor,
              label: getComputedStyle(svg.querySelector('.role-axis-label text')).fill,
            })""")
            assert look == {"background": "rgb(51, 51, 51)", "label": "rgb(255, 255, 255)"}, look

            (box,) = _plot_boxes(page)
            events = _events(page)
            _slow_drag(page, box, 0.2, 0.6)
            # The x scale maps the plot's width to [0, 100]: the brush spans about 20 to 60
            # once the drag ends (values reported on the way are narrower).
            def spans_20_to_60(s: dict[str, Any]) -> bool:
                lo, hi = (s.get("brush") or {}).get("x", [None, None])
                return lo == pytest.approx(20, abs=1.5) and hi == pytest.approx(60, abs=1.5)

            brushed = _wait_for_selection(page, spans_20_to_60)
            page.wait_for_timeout(1000)
            # The drag's ten pointer moves, 80 ms apart, reach Python as one event, once it ends.
            assert _events(page) == events + 1
            # pn.pane.Vega's namespace: `chart.selection.brush` holds the same value.
            assert json.loads(page.locator("pre", has_text="brush:").inner_text().split("brush:", 1)[1]) == brushed["brush"]
            page.screenshot(path=str(ARTIFACTS / "uploaded-after-brush.png"))

            # A brush set from Python (`chart.selection.brush = {"x": [30, 70]}`) is drawn in
            # the chart over 30..70 of the x scale (0..100) and comes back as the selection.
            page.get_by_role("button", name="Brush 30 to 70").click()
            def spans_30_to_70(s: dict[str, Any]) -> bool:
                lo, hi = (s.get("brush") or {}).get("x", [None, None])
                return lo == pytest.approx(30, abs=0.01) and hi == pytest.approx(70, abs=0.01)

            _wait_for_selection(page, spans_30_to_70)
            rect = page.locator(".vegafusion-chart g.brush_brush path").first.bounding_box()
            assert rect is not None
            # The plot is 400 px wide (its background's box adds the stroke; the brush's too).
            assert rect["x"] - box["x"] == pytest.approx(120, abs=4), (rect, box)
            assert rect["width"] == pytest.approx(160, abs=5), (rect, box)
            page.screenshot(path=str(ARTIFACTS / "uploaded-brush-from-python.png"))

            connections = own_runtime.metrics().get("vegafusion_connections_total", 0)
            page.get_by_role("button", name="More bins").click()
            more = _wait_for_bars(page, more_than=bars)
            assert more > bars
            # A new render starts with an empty brush, and Python hears so.
            assert _wait_for_selection(page, lambda s: s.get("brush") == {}) == {"brush": {}}
            page.wait_for_timeout(500)
            assert page.locator(".vegafusion-chart svg.marks").count() == 1, "the old view is finalized"
            metrics = own_runtime.metrics()
            assert metrics.get("vegafusion_connections_total", 0) == connections, "same connection"
            page.screenshot(path=str(ARTIFACTS / "uploaded-more-bins.png"))
        finally:
            page.close()
    assert not [e for e in errors if "vegafusion" in e.lower()], errors


def test_example_crossfilter_brush_and_maxbins_slider(own_runtime: Any, browser: Any, serve_app: Any) -> None:
    env = {**runtime_env(own_runtime), "FLIGHTS_URL": "data/flights-20k.json", "FLIGHTS_FORMAT": "json"}
    errors: list[str] = []
    with serve_app(REPO / "examples" / "panel" / "app.py", env, "example-app.log") as url:
        page = _open(browser, url, errors)
        try:
            page.get_by_text("No brush").wait_for(timeout=60_000)
            bars = _wait_for_bars(page)
            page.screenshot(path=str(ARTIFACTS / "example-before-brush.png"))
            boxes = _plot_boxes(page)
            assert len(boxes) == 3
            _drag(page, boxes[0], 0.15, 0.45)  # the first histogram: distance
            summary = page.get_by_text("Distance (miles)")
            summary.wait_for(timeout=30_000)
            lo, hi = (float(v.replace(",", "")) for v in re.findall(r"-?[\d,]+\.\d", summary.locator("..").inner_text()))
            assert 0 <= lo < hi <= 5_000
            page.screenshot(path=str(ARTIFACTS / "example-after-brush.png"))

            page.locator(".noUi-handle").first.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            page.get_by_text("maxbins): 30").wait_for(timeout=30_000)
            assert _wait_for_bars(page, more_than=bars) > bars
            page.get_by_text("No brush").wait_for(timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / "example-more-bins.png"))
        finally:
            page.close()
    assert not [e for e in errors if "vegafusion" in e.lower()], errors


def test_a_sized_chart_stays_inside_its_box(own_runtime: Any, browser: Any, serve_app: Any) -> None:
    """`sizing_mode="stretch_width", height=300`: the whole chart, axis titles included, is
    drawn inside the 300 px the component takes, and the next pane starts below it; a fixed
    `width=500, height=200` likewise."""
    errors: list[str] = []
    with serve_app(APPS / "sized.py", runtime_env(own_runtime), "sized.log") as url:
        page = _open(browser, url, errors)
        try:
            _wait_for_bars(page)
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "sized.png"))
            for name, width, height in (("stretched", None, 300), ("fixed", 500, 200)):
                component = page.locator(f".{name}").first.bounding_box()
                drawn = page.locator(f".{name} .vegafusion-chart svg.marks").first.bounding_box()
                assert component and drawn
                assert component["height"] == pytest.approx(height, abs=1), (name, component)
                assert drawn["height"] <= height + 0.5 and drawn["y"] + drawn["height"] <= component["y"] + component["height"] + 0.5, (name, drawn, component)
                assert drawn["height"] >= height - 10, (name, drawn)
                if width is not None:
                    assert drawn["width"] <= width + 0.5 and drawn["width"] >= width - 10, (name, drawn)
            below = page.locator(".below").first.bounding_box()
            stretched = page.locator(".stretched .vegafusion-chart svg.marks").first.bounding_box()
            assert below and stretched and below["y"] >= stretched["y"] + stretched["height"] - 0.5, (below, stretched)
        finally:
            page.close()
    assert not [e for e in errors if "vegafusion" in e.lower()], errors


def test_a_point_selection_set_from_python_selects_and_clears(own_runtime: Any, browser: Any, serve_app: Any) -> None:
    """`view.selection.pick = [{"group": "b"}]` selects bar b in the chart (the others dim, as
    the spec's condition says) and comes back as the selection; `{}` clears it."""
    errors: list[str] = []
    with serve_app(APPS / "points.py", runtime_env(own_runtime), "points.log") as url:
        page = _open(browser, url, errors)
        try:
            assert _wait_for_bars(page) == 3
            assert _wait_for_selection(page, lambda s: "pick" in s) == {"pick": {}}

            def opacities() -> list[float]:
                return [float(el.get_attribute("fill-opacity") or el.get_attribute("opacity") or "1")
                        for el in page.locator(BARS).element_handles()]

            page.get_by_role("button", name="Pick b").click()
            assert _wait_for_selection(page, lambda s: s.get("pick") != {}) == {"pick": [{"group": "b"}]}
            page.wait_for_timeout(300)
            assert opacities() == [0.3, 1.0, 0.3]
            page.screenshot(path=str(ARTIFACTS / "points-picked-from-python.png"))
            page.get_by_role("button", name="Clear").click()
            assert _wait_for_selection(page, lambda s: s.get("pick") == {}) == {"pick": {}}
            page.wait_for_timeout(300)
            assert opacities() == [1.0, 1.0, 1.0]
        finally:
            page.close()
    assert not [e for e in errors if "vegafusion" in e.lower()], errors
