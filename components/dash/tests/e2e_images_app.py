"""The Dash app of the image-mark end-to-end test (run by test_dash_images_e2e.py, and by
scripts/dash-images-bench.py at 10M rows).

The rows of $POINTS_PARQUET (columns x, y) are uploaded to the runtime as Parquet, once
(the runtime keeps them by content hash and reads the file in place). A scatter of them,
over the image threshold of its usermeta, is drawn by the runtime as an image; the wheel
zooms it (a scales-bound interval without panning), a drag brushes it. A callback turns
the brush into a filter of a second chart (a histogram of y over the same rows), echoed
as JSON with the selection.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import altair as alt
from dash import Dash, Input, Output, html

from vegafusion_dash import VegaFusionChart, to_spec
from vegafusion_ts_client import get_runtime

points = get_runtime().upload_bytes(Path(os.environ["POINTS_PARQUET"]).read_bytes(), "parquet")
SOURCE = alt.UrlData(url=points.url)
OPTIONS = {"actions": False}


def scatter() -> alt.Chart:
    zoom = alt.selection_interval(name="grid", bind="scales", translate=False)
    brush = alt.selection_interval(name="brush", zoom=False)
    return (
        alt.Chart(SOURCE)
        .mark_circle(size=4, color="#d62728")
        .encode(x=alt.X("x:Q"), y=alt.Y("y:Q"), tooltip=[alt.Tooltip("x:Q"), alt.Tooltip("y:Q")])
        .add_params(zoom, brush)
        .properties(width=400, height=300, usermeta={"vegafusion": {"imageMarks": {"threshold": 100_000}}})
    )


def histogram(brush: dict[str, Any] | None) -> alt.Chart:
    chart = alt.Chart(SOURCE).mark_bar().encode(x=alt.X("y:Q", bin=alt.Bin(extent=[-40, 140], step=10)), y=alt.Y("count():Q"))
    if brush and "x" in brush and "y" in brush:
        (x0, x1), (y0, y1) = sorted(brush["x"]), sorted(brush["y"])
        chart = chart.transform_filter((alt.datum.x >= x0) & (alt.datum.x <= x1) & (alt.datum.y >= y0) & (alt.datum.y <= y1))
    return chart.properties(width=300, height=150)


app = Dash(__name__)
app.layout = html.Div([
    VegaFusionChart(scatter(), id="scatter", embed_options={**OPTIONS, "renderer": "canvas"}),
    VegaFusionChart(histogram(None), id="histogram", embed_options={**OPTIONS, "renderer": "svg"}),
    html.Pre(id="out"),
])


@app.callback(Output("histogram", "spec"), Output("out", "children"), Input("scatter", "selection"), prevent_initial_call=True)
def filter_histogram(selection: dict[str, Any] | None) -> tuple[dict[str, Any], str]:
    brush = (selection or {}).get("brush") or None
    return to_spec(histogram(brush)), json.dumps({"selection": selection})


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]), debug=False)
