"""The Dash app of the end-to-end test (run by test_dash_e2e.py as a subprocess).

20,000 flights uploaded from pandas; a brushable histogram drawn at a known scale (no
padding, no axes: pixel x of the plot is distance x/300*3000), its selection and signals
echoed as JSON by a callback, and a button whose callback replaces the spec. A second
chart takes dash-vega-components' `opt` and `svgRendererScaleFactor`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
from dash import Dash, Input, Output, html

from vegafusion_dash import VegaFusionChart, to_spec

DATA = Path(__file__).resolve().parents[3] / "node_modules" / "vega-datasets" / "data" / "flights-20k.json"
WIDTH, DOMAIN = 300, 3000

flights = pd.read_json(DATA)
flights = flights[flights["distance"] < DOMAIN].reset_index(drop=True)


def histogram() -> alt.LayerChart:
    brush = alt.selection_interval(name="brush", encodings=["x"])
    x = alt.X("distance:Q", bin=alt.Bin(extent=[0, DOMAIN], step=150), scale=alt.Scale(domain=[0, DOMAIN]), axis=None)
    base = alt.Chart(flights).mark_bar().encode(x=x, y=alt.Y("count()", axis=None))
    return alt.layer(
        base.add_params(brush),
        base.encode(color=alt.value("goldenrod")).transform_filter(brush),
    ).properties(width=WIDTH, height=150, autosize=alt.AutoSizeParams(type="none"), padding=0)


def delays() -> alt.Chart:
    return alt.Chart(flights).mark_line().encode(x=alt.X("delay:Q", bin=alt.Bin(maxbins=30)), y="count()").properties(width=WIDTH, height=150)


app = Dash(__name__)
app.layout = html.Div([
    html.Button("swap", id="swap"),
    VegaFusionChart(histogram(), id="chart", signalsToObserve=["brush"], embed_options={"renderer": "svg", "actions": False}),
    html.Pre(id="out"),
    VegaFusionChart(delays(), id="scaled", opt={"renderer": "svg", "actions": False}, svgRendererScaleFactor=2),
])


@app.callback(Output("out", "children"), Input("chart", "selection"), Input("chart", "signalData"))
def echo(selection: dict[str, Any] | None, signal_data: dict[str, Any] | None) -> str:
    count = None
    brush = (selection or {}).get("brush") or {}
    if "distance" in brush:
        lo, hi = brush["distance"]
        count = int(flights["distance"].between(lo, hi).sum())
    return json.dumps({"selection": selection, "signalData": signal_data, "count": count})


@app.callback(Output("chart", "spec"), Input("swap", "n_clicks"), prevent_initial_call=True)
def swap(_clicks: int) -> dict[str, Any]:
    return to_spec(delays())


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]), debug=False)
