"""Test app: a chart with `sizing_mode="stretch_width", height=300` (the layout the issue
reported as drawing 314 px into a 300 px box) above a Markdown pane, and one with a fixed
`width=500, height=200`."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import panel as pn

from vegafusion_panel import VegaFusionChart

rng = np.random.default_rng(5)
frame = pd.DataFrame({"x": rng.uniform(0, 100, 5_000), "group": rng.choice(["a", "b", "c"], 5_000)})
chart = alt.Chart(frame).mark_bar().encode(
    alt.X("x:Q", bin=alt.Bin(maxbins=20), title="x title"), alt.Y("count()", title="y title")
).add_params(alt.selection_interval(name="brush", encodings=["x"]))

pn.extension()
pn.Column(
    VegaFusionChart(chart, sizing_mode="stretch_width", height=300, css_classes=["stretched"]),
    pn.pane.Markdown("below the stretched chart", css_classes=["below"]),
    VegaFusionChart(chart, width=500, height=200, css_classes=["fixed"]),
    sizing_mode="stretch_width",
).servable()
