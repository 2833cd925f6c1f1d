"""Test app: a histogram with a brush over a pandas frame uploaded to the runtime, in
vega-themes' dark theme; the Python-side `selections` shown as JSON, the `selection.brush`
namespace parameter and the number of selection events Python received; a button that
sets the brush from Python (30 to 70) and one whose Python callback replaces the chart's
`object` (more bins)."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd
import panel as pn

from vegafusion_panel import VegaFusionChart

ROWS = 20_000


def frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({"x": rng.uniform(0, 100, ROWS), "group": rng.choice(["a", "b", "c"], ROWS)})


def histogram(df: pd.DataFrame, maxbins: int) -> alt.LayerChart:
    brush = alt.selection_interval(name="brush", encodings=["x"])
    base = alt.Chart(df).mark_bar().encode(alt.X("x:Q", bin=alt.Bin(maxbins=maxbins)), y="count()")
    return alt.layer(base.add_params(brush), base.encode(color=alt.value("goldenrod")).transform_filter(brush)).properties(
        width=400, height=200
    )


pn.extension()
df = frame()
chart = VegaFusionChart(histogram(df, 10), theme="dark")
shown = pn.pane.Str(pn.bind(lambda s: "selection: " + json.dumps(s, sort_keys=True), chart.param.selections), css_classes=["selection"])
brush = pn.pane.Str(pn.bind(lambda b: "brush: " + json.dumps(b, sort_keys=True), chart.selection.param.brush), css_classes=["brush"])
events = pn.pane.Str("events: 0", css_classes=["events"])


def count(_event: object) -> None:
    events.object = f"events: {int(events.object.split()[1]) + 1}"


chart.param.watch(count, "selections")
set_brush = pn.widgets.Button(name="Brush 30 to 70")
set_brush.on_click(lambda _event: setattr(chart.selection, "brush", {"x": [30, 70]}))
more = pn.widgets.Button(name="More bins")
more.on_click(lambda _event: setattr(chart, "object", histogram(df, 40)))
pn.Column(chart, shown, brush, events, set_brush, more).servable()
