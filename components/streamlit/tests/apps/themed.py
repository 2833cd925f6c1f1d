"""Two charts of the same uploaded frame, one in Streamlit's theme (the default) and one with
theme=None, for test_theme_e2e.py. Run with `--theme.base=dark` or light."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from vegafusion_streamlit import vegafusion_chart

frame = pd.DataFrame({"kind": ["a", "b", "c", "d"] * 250, "value": range(1000)})
chart = alt.Chart(frame).mark_bar().encode(x="kind:N", y="sum(value):Q")

with st.container(key="themed"):
    vegafusion_chart(chart, key="themed-chart")
with st.container(key="plain"):
    vegafusion_chart(chart, theme=None, key="plain-chart")
with st.container(key="own-config"):
    vegafusion_chart(chart.configure_axis(labelColor="#ff0000"), key="own-config-chart")

# A Vega spec: themed colors, its own sizing (200 px of plot plus its axes).
VEGA = {
    "$schema": "https://vega.github.io/schema/vega/v6.json",
    "width": 200, "height": 100,
    "data": [{"name": "t", "values": [{"k": "a", "v": 3}, {"k": "b", "v": 5}]}],
    "scales": [{"name": "x", "type": "band", "domain": {"data": "t", "field": "k"}, "range": "width"},
               {"name": "y", "domain": {"data": "t", "field": "v"}, "range": "height"}],
    "axes": [{"orient": "bottom", "scale": "x"}, {"orient": "left", "scale": "y"}],
    "marks": [{"type": "rect", "from": {"data": "t"}, "encode": {"update": {
        "x": {"scale": "x", "field": "k"}, "width": {"scale": "x", "band": 1},
        "y": {"scale": "y", "field": "v"}, "y2": {"scale": "y", "value": 0}}}}],
}
with st.container(key="vega"):
    vegafusion_chart(VEGA, key="vega-chart")
