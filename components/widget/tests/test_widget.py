"""The notebook widget: its synced state, Altair's renderer, and a marimo notebook in
Chromium where the chart's bars come from the runtime and a brush reaches Python."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pytest

import vegafusion_widget
from vegafusion_widget import VegaFusionWidget
from vegafusion_widget.widget import ESM_PATH
from vegafusion_ts_client import dataset_urls, encode_table
from vegafusion_ts_client.testing import NO_CHROMIUM, chromium, chromium_path, free_port, new_page, serve

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-results" / "widget"

pytestmark = pytest.mark.skipif(not ESM_PATH.is_file(), reason=f"widget module not built ({ESM_PATH}): run `npm run build:widget`")


def _frame(rows: int = 5_000) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame({"x": rng.uniform(0, 100, rows), "group": rng.choice(["a", "b"], rows), "unused": np.arange(rows)})


def _chart(df: pd.DataFrame) -> alt.Chart:
    return alt.Chart(df).mark_bar().encode(alt.X("x:Q", bin=True), y="count()").add_params(
        alt.selection_interval(name="brush", encodings=["x"]), alt.selection_point(name="pick", fields=["group"])
    )


def test_the_widget_carries_a_spec_with_dataset_urls_and_where_the_runtime_is(runtime) -> None:
    df = _frame()
    widget = VegaFusionWidget(_chart(df))
    (url,) = dataset_urls(widget.spec)
    assert url.endswith(encode_table(df[["x", "group"]]).sha256), "only the columns the chart reads"
    assert "values" not in json.dumps(widget.spec)
    assert widget.endpoint == {"url": runtime.browser_url, "token": runtime.token}
    assert widget.get_state()["spec"] == widget.spec, "synced to the browser"
    # Assigning a chart re-renders; None empties it.
    widget.chart = _chart(df).mark_point()
    assert widget.spec["mark"]["type"] == "point"
    widget.chart = None
    assert widget.spec is None and widget.endpoint is None


def test_selections_from_the_browser_take_the_one_format(runtime) -> None:
    widget = VegaFusionWidget(_chart(_frame()))
    seen: list[dict[str, Any]] = []
    widget.observe(lambda change: seen.append(change["new"]), "selection")
    # As the browser sends it: an empty point selection as [], a parameter left out.
    widget.set_state({"selection": {"pick": []}})
    assert widget.selection == {"brush": {}, "pick": {}}
    widget.set_state({"selection": {"brush": {"x": [10.0, 20.0]}, "pick": [{"group": "a"}]}})
    assert widget.selection == {"brush": {"x": [10.0, 20.0]}, "pick": [{"group": "a"}]}
    assert seen[-1] == widget.selection


def test_enable_shows_a_plain_altair_chart_as_the_widget(runtime) -> None:
    previous = (alt.renderers.active, alt.data_transformers.active)
    try:
        vegafusion_widget.enable()
        bundle = _chart(_frame(20_000))._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        assert "application/vnd.jupyter.widget-view+json" in data, data
        assert "20000" not in json.dumps(data)
    finally:
        alt.renderers.enable(previous[0])
        alt.data_transformers.enable(previous[1])


NOTEBOOK = '''
import marimo

app = marimo.App()


@app.cell
def _():
    import json
    import altair as alt
    import marimo as mo
    import numpy as np
    import pandas as pd
    from vegafusion_widget import VegaFusionWidget

    frame = pd.DataFrame({"distance": np.random.default_rng(7).uniform(0, 3000, 200_000).round(1)})
    brush = alt.selection_interval(name="brush", encodings=["x"])
    chart = (
        alt.Chart(frame).mark_bar()
        .encode(alt.X("distance:Q", bin=alt.Bin(extent=[0, 3000], step=150), scale=alt.Scale(domain=[0, 3000]), axis=None),
                alt.Y("count()", axis=None))
        .add_params(brush)
        .properties(width=300, height=150, autosize=alt.AutoSizeParams(type="none"), padding=0)
    )
    widget = mo.ui.anywidget(VegaFusionWidget(chart, embed_options={"renderer": "svg", "actions": False}))
    widget
    return frame, json, mo, widget


@app.cell
def _(frame, json, mo, widget):
    selected = (widget.value.get("selection") or {}).get("brush") or {}
    count = None
    if "distance" in selected:
        lo, hi = selected["distance"]
        count = int(frame["distance"].between(lo, hi).sum())
    mo.md("ECHO " + json.dumps({"selection": widget.value.get("selection"), "count": count}) + " END")
    return


if __name__ == "__main__":
    app.run()
'''


@pytest.fixture(scope="module")
def marimo_url(tmp_path_factory: pytest.TempPathFactory, runtime) -> Iterator[str]:
    pytest.importorskip("marimo")
    folder = tmp_path_factory.mktemp("marimo")
    (folder / "notebook.py").write_text(NOTEBOOK, encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "marimo", "run", "notebook.py", "--headless", "--no-token", "--host", "127.0.0.1", "--port", str(port)]
    env = {"VEGAFUSION_RUNTIME_URL": runtime.url, "VEGAFUSION_TOKEN": runtime.token or "", "HOME": str(folder)}
    with serve(command, url, env=env, cwd=folder, log_path=ARTIFACTS / "marimo.log", name="marimo", timeout=90):
        yield url


def _echo(page: Any, predicate: Any, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        text = page.locator("text=/ECHO .* END/").first
        if text.count():
            last = json.loads(text.inner_text().split("ECHO", 1)[1].rsplit("END", 1)[0])
            if predicate(last):
                return last
        page.wait_for_timeout(200)
    raise AssertionError(f"the notebook never showed the expected selection; last: {last}")


def test_a_marimo_notebook_draws_the_chart_and_a_brush_reaches_python(marimo_url: str, runtime) -> None:
    if chromium_path() is None:
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import expect

    queries = runtime.metrics().get("vegafusion_queries_total", 0)
    errors: list[str] = []
    with chromium() as browser:
        page = new_page(browser, errors, width=1000, height=800)
        page.goto(marimo_url)
        bars = page.locator(".vegafusion-chart svg .mark-rect path")
        expect(bars.first).to_be_attached(timeout=90_000)
        assert runtime.metrics().get("vegafusion_queries_total", 0) > queries, "the bars came from the runtime"
        assert _echo(page, lambda e: e["selection"] == {"brush": {}}, timeout=30)["count"] is None
        box = page.locator(".vegafusion-chart svg").first.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + 60, box["y"] + 75)
        page.mouse.down()
        page.mouse.move(box["x"] + 150, box["y"] + 75, steps=8)
        page.mouse.up()
        # Values reported during the drag are narrower; the one after the release spans it all.
        echo = _echo(page, lambda e: e["count"] is not None and abs(e["selection"]["brush"]["distance"][1] - 1500) <= 20, timeout=30)
        page.screenshot(path=str(ARTIFACTS / "marimo-after-brush.png"))
    lo, hi = echo["selection"]["brush"]["distance"]
    assert abs(lo - 600) <= 20 and abs(hi - 1500) <= 20, (lo, hi)
    assert echo["count"] > 0
    assert not [e for e in errors if "vegafusion" in e.lower()], errors


def _notebook(cells: list[str]) -> str:
    return json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source} for source in cells],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    })


JUPYTER_CELL = """
import json
import altair as alt
import numpy as np
import pandas as pd
from vegafusion_widget import VegaFusionWidget

frame = pd.DataFrame({"distance": np.random.default_rng(7).uniform(0, 3000, 200_000).round(1)})
brush = alt.selection_interval(name="brush", encodings=["x"])
chart = (
    alt.Chart(frame).mark_bar()
    .encode(alt.X("distance:Q", bin=alt.Bin(extent=[0, 3000], step=150), scale=alt.Scale(domain=[0, 3000]), axis=None),
            alt.Y("count()", axis=None))
    .add_params(brush)
    .properties(width=300, height=150, autosize=alt.AutoSizeParams(type="none"), padding=0)
)
widget = VegaFusionWidget(chart, embed_options={"renderer": "svg", "actions": False})


def save(change):
    with open("selection.json", "w") as f:
        json.dump(change["new"], f)


widget.observe(save, "selection")
widget
"""


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory: pytest.TempPathFactory, runtime) -> Iterator[tuple[str, Path]]:
    pytest.importorskip("jupyterlab")
    folder = tmp_path_factory.mktemp("jupyterlab")
    (folder / "chart.ipynb").write_text(_notebook([JUPYTER_CELL]), encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}", "--expose-app-in-browser",
               "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={folder}"]
    env = {"VEGAFUSION_RUNTIME_URL": runtime.url, "VEGAFUSION_TOKEN": runtime.token or "", "HOME": str(folder),
           "JUPYTER_CONFIG_DIR": str(folder / ".jupyter"), "JUPYTER_RUNTIME_DIR": str(folder / ".runtime")}
    with serve(command, f"{url}/api/status", env=env, cwd=folder, log_path=ARTIFACTS / "jupyterlab.log", name="JupyterLab", timeout=120):
        yield url, folder


def test_a_jupyterlab_notebook_draws_the_chart_and_a_brush_reaches_python(jupyterlab: tuple[str, Path], runtime) -> None:
    if chromium_path() is None:
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import expect

    url, folder = jupyterlab
    queries = runtime.metrics().get("vegafusion_queries_total", 0)
    errors: list[str] = []
    with chromium() as browser:
        page = new_page(browser, errors, width=1200, height=900)
        page.goto(f"{url}/lab/tree/chart.ipynb")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget && "
                               "window.jupyterapp.shell.currentWidget.sessionContext && "
                               "window.jupyterapp.shell.currentWidget.sessionContext.session && "
                               "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel", timeout=90_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        bars = page.locator(".vegafusion-chart svg .mark-rect path")
        expect(bars.first).to_be_attached(timeout=90_000)
        assert runtime.metrics().get("vegafusion_queries_total", 0) > queries, "the bars came from the runtime"
        page.wait_for_timeout(500)
        box = page.locator(".vegafusion-chart svg").first.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + 60, box["y"] + 75)
        page.mouse.down()
        page.mouse.move(box["x"] + 150, box["y"] + 75, steps=8)
        page.mouse.up()
        # Values reported during the drag are narrower; the one after the release spans it all.
        saved = folder / "selection.json"
        deadline = time.monotonic() + 30
        selection: dict[str, Any] = {}
        while time.monotonic() < deadline:
            if saved.is_file():
                selection = json.loads(saved.read_text() or "{}")
                span = (selection.get("brush") or {}).get("distance") or [0, 0]
                if abs(span[1] - 1500) <= 20:
                    break
            page.wait_for_timeout(200)
        page.screenshot(path=str(ARTIFACTS / "jupyterlab-after-brush.png"))
    lo, hi = selection["brush"]["distance"]
    assert abs(lo - 600) <= 20 and abs(hi - 1500) <= 20, (lo, hi)
    assert not [e for e in errors if "vegafusion" in e.lower()], errors
