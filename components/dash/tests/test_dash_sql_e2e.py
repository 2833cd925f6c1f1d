"""End to end over PostgreSQL: a real Dash server, real Chromium, a runtime of the test's own
with a PostgreSQL source (a throwaway cluster holding 20,000 flights).

An Altair histogram over `sql_table(...)` draws the same SVG as the same chart over a pandas
frame of the same rows; one brush drag on each gives the same selection in the Python
callback and the same filtered SVG, the table's brush answered from the runtime's index.
Skipped with the reason without the browser files, Chromium or PostgreSQL.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vegafusion_dash import bundle
from vegafusion_ts_client import EmbeddedRuntime, start_runtime
from vegafusion_ts_client.testing import NO_CHROMIUM, chromium, chromium_path, free_port, new_page, runtime_env, serve
from vegafusion_ts_client.testing_postgres import PostgresUnavailable, PostgresCluster, start_postgres

REPO = Path(__file__).resolve().parents[3]
APP = Path(__file__).resolve().parent / "e2e_sql_app.py"
DATA = REPO / "node_modules" / "vega-datasets" / "data" / "flights-20k.json"
ARTIFACTS = REPO / "test-results" / "dash"
INDEX_ANSWERS = ("vegafusion_index_answers_memory_total", "vegafusion_index_answers_sql_total")

pytestmark = [
    pytest.mark.skipif(
        not all(p.is_file() for p in bundle.bundle_paths()),
        reason="browser files not built: run `npm run build:web` (and `npx webpack --config components/dash/webpack.config.js`)",
    ),
    pytest.mark.skipif(chromium_path() is None, reason=NO_CHROMIUM),
]


@pytest.fixture(scope="module")
def flights_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import pandas as pd

    path = tmp_path_factory.mktemp("flights") / "flights.csv"
    pd.read_json(DATA)[["delay", "distance", "origin", "destination"]].to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def postgres(flights_csv: Path) -> Iterator[PostgresCluster]:
    """A cluster whose table public.flights holds the CSV's rows, readable by `vf_reader`."""
    try:
        with start_postgres() as db:
            db.psql("CREATE TABLE public.flights (delay int, distance int, origin text, destination text)")
            db.psql("\\copy public.flights FROM STDIN WITH (FORMAT csv, HEADER true)", stdin=flights_csv.read_bytes())
            db.psql("CREATE ROLE vf_reader LOGIN PASSWORD 'reader'")
            db.psql("GRANT SELECT ON public.flights TO vf_reader")
            yield db
    except PostgresUnavailable as error:
        pytest.skip(f"needs a PostgreSQL server: {error}")


@pytest.fixture(scope="module")
def sql_runtime(postgres: PostgresCluster) -> Iterator[EmbeddedRuntime]:
    """A runtime of this module's own with the source `flights` (its password from the environment)."""
    runtime = start_runtime(
        extra_args=["--source", f"flights=postgresql://vf_reader@{postgres.host}:{postgres.port}/{postgres.database}"],
        env={**os.environ, "VEGAFUSION_SOURCE_FLIGHTS_PASSWORD": "reader"},
    )
    yield runtime
    runtime.close()


@pytest.fixture(scope="module")
def app_url(sql_runtime: EmbeddedRuntime, flights_csv: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"PORT": str(port), "FLIGHTS_CSV": str(flights_csv), **runtime_env(sql_runtime)}
    with serve([sys.executable, str(APP)], url, env=env, cwd=REPO, log_path=ARTIFACTS / "e2e-sql-app.log", name="the Dash app"):
        yield url


def _echo(page) -> dict:
    try:
        return json.loads(page.locator("#out").inner_text() or "null") or {}
    except json.JSONDecodeError:
        return {}


def _wait(page, predicate, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        page.wait_for_timeout(200)
    raise AssertionError(f"never: {what}")


def _svg(page, chart: str) -> str:
    """The chart's SVG, its clip paths numbered within it (Vega numbers them across the page)."""
    svg = page.locator(f"#{chart} .vegafusion-chart svg").first.evaluate("(svg) => svg.outerHTML")
    ids: dict[str, str] = {}
    return re.sub(r"\bclip\d+\b", lambda m: ids.setdefault(m.group(0), f"clip{len(ids) + 1}"), svg)


def _settled_svg(page, chart: str) -> str:
    """The chart's SVG once it stopped changing (the runtime's answers are applied)."""
    last = None
    stable_since = time.monotonic()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = _svg(page, chart)
        if now != last:
            last, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since > 1.0:
            return now
        page.wait_for_timeout(150)
    raise AssertionError(f"the SVG of #{chart} never settled")


def _index_answers(runtime: EmbeddedRuntime) -> float:
    metrics = runtime.metrics()
    return sum(metrics.get(name, 0) for name in INDEX_ANSWERS)


def _brush(page, chart: str) -> None:
    """Drags over 20%..45% of the plot's width, halfway down."""
    area = page.locator(f"#{chart} .vegafusion-chart svg path.background").first.bounding_box()
    assert area is not None
    y = area["y"] + area["height"] / 2
    page.mouse.move(area["x"] + area["width"] * 0.2, y)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] * 0.45, y, steps=4)
    page.mouse.up()


def test_sql_table_chart_draws_and_brushes_as_the_frame(app_url: str, sql_runtime: EmbeddedRuntime, postgres: PostgresCluster,
                                                        flights_csv: Path) -> None:
    from playwright.sync_api import expect

    # Built before the planner knew the address, the browser would try to load it itself.
    assert any("vegafusion+sql://" in p.read_text(errors="replace") for p in bundle.bundle_paths()), \
        "the Dash browser files predate vegafusion+sql:// addresses: run `npm run build:web`"
    errors: list[str] = []
    with chromium() as browser:
        page = new_page(browser, errors, width=900, height=700)
        page.goto(app_url)
        for chart in ("sql", "frame"):
            # The bars exist only once the runtime's bins arrived (the data is on the runtime).
            expect(page.locator(f"#{chart} .vegafusion-chart svg .mark-rect path[aria-label*='Count of Records']").first).to_be_attached(timeout=60_000)
        _wait(page, lambda: _echo(page).get("sql") == {"brush": {}} and _echo(page).get("frame") == {"brush": {}}, "both charts report an empty brush")
        loaded = _settled_svg(page, "sql")
        assert loaded == _settled_svg(page, "frame")
        assert "distance (binned)" in loaded and "NaN" not in loaded
        page.screenshot(path=str(ARTIFACTS / "sql-before-brush.png"))

        before = _index_answers(sql_runtime)
        _brush(page, "sql")
        from_sql = _wait(page, lambda: (_echo(page).get("sql") or {}).get("brush", {}).get("distance"), "the table's brush reaches Python")
        brushed = _settled_svg(page, "sql")
        assert _index_answers(sql_runtime) > before, "the brush over the table is answered from an index"
        assert brushed != loaded and "goldenrod" in brushed

        _brush(page, "frame")
        from_frame = _wait(page, lambda: (_echo(page).get("frame") or {}).get("brush", {}).get("distance"), "the frame's brush reaches Python")
        assert from_sql == pytest.approx(from_frame)
        assert _settled_svg(page, "frame") == brushed
        page.screenshot(path=str(ARTIFACTS / "sql-after-brush.png"))

    # The range Python received selects the same flights in PostgreSQL and in the frame.
    import pandas as pd

    lo, hi = from_sql
    distance = pd.read_csv(flights_csv)["distance"]
    in_frame = int(distance.between(lo, hi).sum())
    in_table = int(postgres.psql(f"SELECT count(*) FROM public.flights WHERE distance BETWEEN {float(lo)} AND {float(hi)}").strip())
    assert in_table == in_frame > 0
    # The table was read from PostgreSQL once: the brush did not go back to it.
    assert sql_runtime.metrics().get("vegafusion_source_reads_total") == 1
    assert not [e for e in errors if "vegafusion" in e.lower() or "dash" in e.lower()], errors
