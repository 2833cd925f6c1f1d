"""Flights crossfilter: 3 million flights, brushed in the browser, binned and counted on
the VegaFusion runtime, filtered in Python.

    pip install ./components/streamlit        # from the VegaFusion TS checkout, after npm ci
    streamlit run examples/streamlit/app.py

The frame is uploaded to the runtime once (Arrow, by content hash); the browser receives
the chart spec and about sixty binned counts per brush, never the three million rows.
"""

from __future__ import annotations

import os
from pathlib import Path

import altair as alt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import streamlit as st

from vegafusion_streamlit import vegafusion_chart

FIELDS = {"distance": "Distance (miles)", "delay": "Arrival delay (minutes)", "time": "Departure hour"}


def _flights_path() -> Path:
    """data/flights-3m.parquet of the vega-datasets package in the checkout's node_modules."""
    explicit = os.environ.get("FLIGHTS_PARQUET")
    if explicit:
        return Path(explicit)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "node_modules" / "vega-datasets" / "data" / "flights-3m.parquet"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("flights-3m.parquet not found: run `npm ci` in the checkout or set FLIGHTS_PARQUET")


@st.cache_resource
def load_flights() -> pa.Table:
    """One immutable Arrow table for every session: uploaded once, never re-encoded."""
    table = pq.read_table(_flights_path())
    return table.append_column("time", pc.hour(table["date"]).cast(pa.int64()))


def crossfilter(flights: pa.Table) -> alt.RepeatChart:
    brush = alt.selection_interval(name="brush", encodings=["x"])
    base = alt.Chart().mark_bar().encode(
        x=alt.X(alt.repeat("column"), type="quantitative", bin=alt.Bin(maxbins=20)),
        y=alt.Y("count()", title="flights"),
    )
    background = base.encode(color=alt.value("#d9d9d9")).add_params(brush)
    highlight = base.encode(color=alt.value("#4c78a8")).transform_filter(brush)
    return (
        alt.layer(background, highlight, data=flights)
        .properties(width=240, height=160)
        .repeat(column=list(FIELDS))
    )


def brushed_rows(flights: pa.Table, brush: dict[str, list[float]]) -> pa.Table:
    """The rows inside the brushed range(s), computed in Python on the same table."""
    mask = None
    for field, (lo, hi) in brush.items():
        inside = pc.and_(pc.greater_equal(flights[field], lo), pc.less_equal(flights[field], hi))
        mask = inside if mask is None else pc.and_(mask, inside)
    return flights if mask is None else flights.filter(mask)


st.set_page_config(page_title="VegaFusion TS: flights crossfilter", layout="wide")
st.title("Flights crossfilter")
st.caption("Drag across any histogram to brush; the other two show the brushed flights.")

flights = load_flights()
event = vegafusion_chart(crossfilter(flights), on_select="rerun", key="crossfilter")
brush = event["selection"]["brush"]

left, right = st.columns([1, 2])
with left:
    if brush:
        for field, (lo, hi) in brush.items():
            st.markdown(f"**{FIELDS.get(field, field)}**: {lo:,.1f} to {hi:,.1f}")
    else:
        st.markdown("**No brush**: all flights")
    selected = brushed_rows(flights, brush)
    st.metric("Flights selected", f"{selected.num_rows:,}", help=f"of {flights.num_rows:,}")
with right:
    st.dataframe(selected.slice(0, 1_000), width="stretch", height=320)
