"""The Dash app of the PostgreSQL end-to-end test (run by test_dash_sql_e2e.py as a subprocess).

One brushable distance histogram twice: over `sql_table("flights", "flights")`, a table of
the runtime's PostgreSQL source whose rows never pass through Python, and over the same
rows as a pandas frame read from $FLIGHTS_CSV. A callback echoes both selections as JSON.
"""

from __future__ import annotations

import json
import os
from typing import Any

import altair as alt
import pandas as pd
from dash import Dash, Input, Output, html

from vegafusion_dash import VegaFusionChart
from vegafusion_ts_client import sql_table

WIDTH = 300


def histogram(data: Any) -> alt.LayerChart:
    brush = alt.selection_interval(name="brush", encodings=["x"])
    base = alt.Chart(data).mark_bar().encode(x=alt.X("distance:Q", bin=alt.Bin(maxbins=20)), y=alt.Y("count():Q"))
    return alt.layer(
        base.add_params(brush),
        base.encode(color=alt.value("goldenrod")).transform_filter(brush),
    ).properties(width=WIDTH, height=150)


frame = pd.read_csv(os.environ["FLIGHTS_CSV"])
options = {"renderer": "svg", "actions": False}

app = Dash(__name__)
app.layout = html.Div([
    VegaFusionChart(histogram(sql_table("flights", "flights")), id="sql", embed_options=options),
    VegaFusionChart(histogram(frame), id="frame", embed_options=options),
    html.Pre(id="out"),
])


@app.callback(Output("out", "children"), Input("sql", "selection"), Input("frame", "selection"))
def echo(from_sql: dict[str, Any] | None, from_frame: dict[str, Any] | None) -> str:
    return json.dumps({"sql": from_sql, "frame": from_frame})


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]), debug=False)
