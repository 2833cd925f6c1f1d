"""Test app: a bar per group with a point selection by field (`pick`, fields=["group"]) that
dims the other bars; buttons set the selection from Python and clear it, and the Python-side
`selections` is shown as JSON."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import panel as pn

from vegafusion_panel import VegaFusionChart

frame = pd.DataFrame({"group": ["a", "b", "c"] * 100, "value": range(300)})
pick = alt.selection_point(name="pick", fields=["group"])
chart = alt.Chart(frame).mark_bar().encode(
    x="group:N", y="sum(value):Q", opacity=alt.condition(pick, alt.value(1.0), alt.value(0.3))
).add_params(pick).properties(width=300, height=150)

pn.extension()
view = VegaFusionChart(chart)
shown = pn.pane.Str(pn.bind(lambda s: "selection: " + json.dumps(s, sort_keys=True), view.param.selections))
select_b = pn.widgets.Button(name="Pick b")
select_b.on_click(lambda _event: setattr(view.selection, "pick", [{"group": "b"}]))
clear = pn.widgets.Button(name="Clear")
clear.on_click(lambda _event: setattr(view.selection, "pick", {}))
pn.Column(view, shown, select_b, clear).servable()
