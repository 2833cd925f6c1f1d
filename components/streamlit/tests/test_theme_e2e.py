"""End to end: Streamlit's chart theme (`theme="streamlit"`, the default, as in
`st.altair_chart`) in real Chromium, on a dark and a light app: the chart takes the app's
background, fonts and gray shades, a spec's own config wins, `theme=None` keeps Vega's look,
and no actions menu is shown. Needs the bundle and Chromium; skipped with the reason otherwise.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from vegafusion_streamlit import component
from vegafusion_ts_client import EmbeddedRuntime
from vegafusion_ts_client.testing import NO_CHROMIUM, chromium, chromium_path, free_port, new_page, runtime_env, serve
from vegafusion_ts_client.testing import own_runtime  # a fixture: this module's runtime  # noqa: F401

REPO = Path(__file__).resolve().parents[3]
APP = Path(__file__).resolve().parent / "apps" / "themed.py"
ARTIFACTS = REPO / "test-results" / "streamlit"

pytestmark = [
    pytest.mark.skipif(not component.bundle_path().is_file(), reason=f"component bundle not built ({component.bundle_path()}): run `npm run build:web`"),
    pytest.mark.skipif(chromium_path() is None, reason=NO_CHROMIUM),
]

# Streamlit's shades for chart labels and grid lines (gray70/gray30 on light, gray30/gray85 on dark).
LABELS = {"light": "#808495", "dark": "#e6eaf1"}


@contextmanager
def _streamlit(runtime: EmbeddedRuntime, base: str | None) -> Iterator[str]:
    """`streamlit run` of the themed app on a free port, with the given base theme (None:
    Streamlit follows the browser's light or dark preference)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless=true", f"--server.port={port}",
               "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
               *([f"--theme.base={base}"] if base else [])]
    with serve(command, f"{url}/_stcore/health", env=runtime_env(runtime), cwd=REPO,
               log_path=ARTIFACTS / f"streamlit-theme-{base or 'system'}.log", name="streamlit"):
        yield url


@pytest.fixture(scope="module", params=["dark", "light"])
def app(request: pytest.FixtureRequest, own_runtime: EmbeddedRuntime) -> Iterator[tuple[str, str]]:
    with _streamlit(own_runtime, request.param) as url:
        yield url, request.param


def _hex(rgb: str) -> str:
    """`rgb(r, g, b)` (computed style) as `#rrggbb`."""
    parts = [int(float(p)) for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    return "#" + "".join(f"{p:02x}" for p in parts)


def _chart_look(page: Any, key: str) -> dict[str, Any]:
    """What the SVG of the chart in the container `key` is drawn with."""
    return page.evaluate(
        """(key) => {
          const root = document.querySelector(`.st-key-${key} .vegafusion-chart`);
          const svg = root.querySelector('svg.marks');
          const label = svg.querySelector('.role-axis-label text');
          const style = getComputedStyle(label);
          const bg = svg.querySelector('rect.background, path.background');
          return {
            background: bg ? getComputedStyle(bg).fill : null,
            svgStyleBackground: svg.style.backgroundColor || null,
            labelFill: style.fill, labelFont: style.fontFamily,
            hasActions: root.querySelector('details, .vega-actions') !== null,
            bars: svg.querySelectorAll('.role-mark path, .mark-rect path').length,
            barFill: (svg.querySelector('.mark-rect path') || {getAttribute: () => null}).getAttribute('fill'),
            categorical: getComputedStyle(root).getPropertyValue('--st-chart-categorical-colors').split(',')[0].trim(),
          };
        }""",
        key,
    )


def test_charts_take_the_apps_theme(app: tuple[str, str]) -> None:
    from playwright.sync_api import expect

    url, base = app
    errors: list[str] = []
    with chromium() as browser:
        page = new_page(browser, errors, width=1200, height=1600)
        page.goto(url)
        for key in ("themed", "plain", "own-config", "vega"):
            expect(page.locator(f".st-key-{key} .vegafusion-chart svg .role-axis-label text").first).to_be_visible(timeout=120_000)
        # The bars come from the runtime's answer.
        page.wait_for_function("() => document.querySelectorAll('.st-key-themed svg .mark-rect path').length === 4", timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / f"theme-{base}.png"), full_page=True)
        app_background = _hex(page.evaluate("() => getComputedStyle(document.querySelector('.stApp')).backgroundColor"))
        body_font = page.evaluate("() => getComputedStyle(document.querySelector('.stApp')).fontFamily")
        themed, plain, own, vega = (_chart_look(page, key) for key in ("themed", "plain", "own-config", "vega"))
        vega_width = page.evaluate("() => Number(document.querySelector('.st-key-vega svg.marks').getAttribute('width'))")

    # Streamlit's theme: the app's background (not a white box on a dark app), its font, its label shade.
    themed_bg = themed["svgStyleBackground"] or themed["background"]
    assert _hex(themed_bg) == app_background, themed
    assert _hex(themed["labelFill"]) == LABELS[base], themed
    assert themed["labelFont"].split(",")[0].strip("\"' ") == body_font.split(",")[0].strip("\"' "), (themed, body_font)
    assert not themed["hasActions"], "no actions menu, as st.altair_chart"
    # Marks take Streamlit's first categorical color (#0068c9 on light, #83c9ff on dark).
    assert themed["categorical"] == {"light": "#0068c9", "dark": "#83c9ff"}[base], themed
    assert themed["barFill"].lower() == themed["categorical"].lower(), themed
    assert plain["barFill"].lower() == "#4c78a8", plain
    # theme=None: Vega's own look (black labels on Vega's white background).
    assert _hex(plain["labelFill"]) == "#000000", plain
    assert plain["svgStyleBackground"] == "white", plain
    # The spec's own config wins over the theme; the rest of the theme still applies.
    assert _hex(own["labelFill"]) == "#ff0000", own
    assert _hex(own["svgStyleBackground"] or own["background"]) == app_background, own
    # A Vega spec takes the colors, and keeps its own sizing (its plot of 200 px plus axes).
    assert _hex(vega["labelFill"]) == LABELS[base] and _hex(vega["svgStyleBackground"] or vega["background"]) == app_background, vega
    assert vega_width > 200, vega_width
    assert not [e for e in errors if "vegafusion" in e.lower()], errors


def test_switching_the_app_between_light_and_dark_redraws_the_chart(own_runtime: EmbeddedRuntime) -> None:
    """With no base theme Streamlit follows the browser's preference, live: the chart follows."""
    from playwright.sync_api import expect

    errors: list[str] = []
    with _streamlit(own_runtime, None) as url, chromium() as browser:
        page = new_page(browser, errors, width=1200, height=1600)
        page.emulate_media(color_scheme="light")
        page.goto(url)
        labels = page.locator(".st-key-themed .vegafusion-chart svg .role-axis-label text").first
        expect(labels).to_be_visible(timeout=120_000)
        assert _hex(_chart_look(page, "themed")["labelFill"]) == LABELS["light"]
        page.emulate_media(color_scheme="dark")
        # The chart is drawn anew (the old label goes away): wait for a label in the dark shade.
        page.wait_for_function(
            """() => {
              const label = document.querySelector('.st-key-themed svg.marks .role-axis-label text');
              return label !== null && getComputedStyle(label).fill === 'rgb(230, 234, 241)';
            }""", timeout=30_000)
        app_background = _hex(page.evaluate("() => getComputedStyle(document.querySelector('.stApp')).backgroundColor"))
        dark = _chart_look(page, "themed")
        page.screenshot(path=str(ARTIFACTS / "theme-switched.png"), full_page=True)
    assert app_background != "#ffffff"
    assert _hex(dark["svgStyleBackground"] or dark["background"]) == app_background, dark
    assert dark["bars"] > 0, "the redrawn chart has its data again"
    assert not [e for e in errors if "vegafusion" in e.lower()], errors
