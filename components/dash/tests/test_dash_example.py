"""examples/dash/app.py served by Dash (Flask's test client, no browser): its layout, and
its callbacks called as the browser calls them, against the 3 million flights."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[3]
APP = REPO / "examples" / "dash" / "app.py"
PARQUET = REPO / "node_modules" / "vega-datasets" / "data" / "flights-3m.parquet"

pytestmark = pytest.mark.skipif(not PARQUET.is_file(), reason=f"{PARQUET} missing: run `npm ci`")


@pytest.fixture(scope="module")
def example(runtime):
    spec = importlib.util.spec_from_file_location("vegafusion_dash_example_app", APP)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _no_bundle_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vegafusion_dash.component.check_bundle", lambda: None)


def _text(node) -> str:
    """The text of a Dash component tree as JSON (what the callback returned)."""
    if isinstance(node, list):
        return " ".join(_text(n) for n in node)
    if isinstance(node, dict):
        return _text(node.get("props", {}).get("children"))
    return "" if node is None else str(node)


def test_layout_sends_the_parquet_url_not_rows(example, runtime) -> None:
    client = example.app.server.test_client()
    assert client.get("/").status_code == 200
    layout = client.get("/_dash-layout").get_json()
    text = json.dumps(layout)
    assert "data/flights-3m.parquet" in text and len(text) < 20_000
    assert runtime.browser_url in text


def test_brush_summary_matches_arrow(example, post_callback) -> None:
    brush = {"brush": {"distance": [1500.0, 3000.0], "delay": [0.0, 60.0]}}
    out = post_callback(example.app, "summary.children", [{"id": "crossfilter", "property": "selection", "value": brush}],
                        {"id": "summary", "property": "children"})
    text = _text(out["response"]["summary"]["children"])
    table = pq.read_table(PARQUET, columns=["distance", "delay", "origin"])
    mask = pc.and_(
        pc.and_(pc.greater_equal(table["distance"], 1500), pc.less_equal(table["distance"], 3000)),
        pc.and_(pc.greater_equal(table["delay"], 0), pc.less_equal(table["delay"], 60)),
    )
    selected = table.filter(mask)
    assert f"{selected.num_rows:,} of 3,000,000 flights selected" in text
    # The busiest origin among them comes first in the table.
    counts = selected.group_by("origin").aggregate([("origin", "count")]).sort_by([("origin_count", "descending")])
    first = counts["origin"][0].as_py()
    assert re.search(rf"{first} {counts['origin_count'][0].as_py():,} ", text), text[:400]
    assert "Distance (miles): 1,500.0 to 3,000.0" in text


def test_empty_selection_means_all_flights(example, post_callback) -> None:
    out = post_callback(example.app, "summary.children", [{"id": "crossfilter", "property": "selection", "value": {"brush": {}}}],
                        {"id": "summary", "property": "children"})
    text = _text(out["response"]["summary"]["children"])
    assert "3,000,000 of 3,000,000 flights selected" in text and "No brush" in text


def test_rebin_returns_a_new_spec(example, post_callback) -> None:
    out = post_callback(example.app, "crossfilter.spec", [{"id": "maxbins", "property": "value", "value": 40}],
                        {"id": "crossfilter", "property": "spec"})
    spec = out["response"]["crossfilter"]["spec"]
    assert spec["spec"]["layer"][0]["encoding"]["x"]["bin"] == {"maxbins": 40}
    assert spec["data"] == {"url": "data/flights-3m.parquet", "format": {"type": "parquet"}}
