"""End to end: `streamlit run` of the flights example, real Chromium, real runtime.

Brushes a histogram in the browser and checks that the brushed range and the filtered
row count come back to Python. Needs the component bundle (`npm run build:web`) and
Chromium (Debian's /usr/bin/chromium, or $CHROMIUM_PATH); skipped with the reason otherwise.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vegafusion_streamlit import component
from vegafusion_ts_client import EmbeddedRuntime
from vegafusion_ts_client.testing import NO_CHROMIUM, chromium, chromium_path, free_port, new_page, runtime_env, serve, wait_for_metric
from vegafusion_ts_client.testing import own_runtime  # a fixture: this module's runtime

REPO = Path(__file__).resolve().parents[3]
APP = REPO / "examples" / "streamlit" / "app.py"
ARTIFACTS = REPO / "test-results" / "streamlit"

pytestmark = [
    pytest.mark.skipif(not component.bundle_path().is_file(), reason=f"component bundle not built ({component.bundle_path()}): run `npm run build:web`"),
    pytest.mark.skipif(chromium_path() is None, reason=NO_CHROMIUM),
]


@pytest.fixture(scope="module")
def app_url(own_runtime: EmbeddedRuntime) -> Iterator[str]:
    """`streamlit run` of the example on a free port."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless=true", f"--server.port={port}",
               "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]
    with serve(command, f"{url}/_stcore/health", env=runtime_env(own_runtime), cwd=REPO, log_path=ARTIFACTS / "streamlit.log",
               name="streamlit"):
        yield url


def test_brushing_the_crossfilter_reports_the_range_to_python(app_url: str, own_runtime) -> None:
    from playwright.sync_api import expect

    before = own_runtime.metrics()
    queries_before = before.get("vegafusion_queries_total", 0)
    sent_before = before.get("vegafusion_bytes_sent_total", 0)
    computed_before = before.get("vegafusion_nodes_computed_total", 0)
    errors: list[str] = []
    with chromium() as browser:
        page = new_page(browser, errors, width=1400, height=1000)
        page.goto(app_url)
        expect(page.get_by_text("No brush")).to_be_visible(timeout=180_000)
        chart = page.locator(".vegafusion-chart canvas, .vegafusion-chart svg").first
        expect(chart).to_be_visible(timeout=120_000)
        metric = page.locator('[data-testid="stMetricValue"]')
        expect(metric).to_have_text("3,000,000", timeout=60_000)
        # Wait for the runtime's answer (the bins of 3M rows): brushing an empty chart
        # would select an empty range.
        wait_for_metric(own_runtime, "vegafusion_nodes_computed_total", computed_before, page, timeout=240)
        time.sleep(1)
        metrics = own_runtime.metrics()
        assert metrics.get("vegafusion_queries_total", 0) > queries_before
        assert 0 < metrics["vegafusion_bytes_sent_total"] - sent_before < 1_000_000, "bins, not rows, reach the browser"
        page.wait_for_timeout(2000)
        box = chart.bounding_box()
        assert box is not None
        page.screenshot(path=str(ARTIFACTS / "before-brush.png"))
        # Nodes computed so far: the brush must make the runtime compute more.
        computed = own_runtime.metrics().get("vegafusion_nodes_computed_total", 0)
        # Drag across the middle of the first histogram (distance): its plot area is the
        # first view's background, wherever the theme puts the axes.
        plots = [b for b in (el.bounding_box() for el in page.locator(".vegafusion-chart path.background").element_handles()) if b]
        plot = min((b for b in plots if b["width"] > 50 and b["height"] > 50), key=lambda b: b["x"])
        y = plot["y"] + plot["height"] * 0.5
        page.mouse.move(plot["x"] + plot["width"] * 0.15, y)
        page.mouse.down()
        page.mouse.move(plot["x"] + plot["width"] * 0.3, y, steps=8)
        page.mouse.move(plot["x"] + plot["width"] * 0.45, y, steps=8)
        page.mouse.up()
        expect(page.get_by_text("Distance (miles)")).to_be_visible(timeout=60_000)
        expect(metric).not_to_have_text("3,000,000", timeout=60_000)
        selected = int(metric.inner_text().replace(",", ""))
        assert 0 < selected < 3_000_000
        text = page.locator("p", has_text="Distance (miles)").inner_text()
        lo, hi = (float(v.replace(",", "")) for v in re.findall(r"-?[\d,]+\.\d", text))
        assert 0 <= lo < hi <= 5_000
        # The brush also re-filters the other histograms on the runtime.
        wait_for_metric(own_runtime, "vegafusion_nodes_computed_total", computed, page, timeout=120)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "after-brush.png"))
        assert own_runtime.metrics().get("vegafusion_nodes_computed_total", 0) > computed
    assert not [e for e in errors if "vegafusion" in e.lower()], errors
