"""Flights crossfilter in Dash: 3 million flights, brushed in the browser, binned and
counted on the VegaFusion runtime, summarised in Python.

    pip install ./components/dash            # from the VegaFusion TS checkout, after npm ci
    python examples/dash/app.py              # then open http://127.0.0.1:8050

The runtime reads data/flights-3m.parquet from its data root (the vega-datasets package);
the browser receives the chart spec and about sixty binned counts per brush, never the rows.
The brushed ranges come back to Python as the chart's `selection`, and a callback summarises
the same flights with pandas.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from dash import Dash, Input, Output, callback, dcc, html

from vegafusion_dash import VegaFusionChart, to_spec

FIELDS = {"distance": "Distance (miles)", "delay": "Arrival delay (minutes)", "time": "Departure time (hour of day)"}


def crossfilter_spec(maxbins: int = 20) -> dict[str, Any]:
    """Three linked histograms with an interval brush each. The departure time is the
    recorded wall-clock time (UTC functions: the timestamps carry no zone), so Python
    computes the same hours whatever the browser's time zone."""
    histogram = {"field": {"repeat": "column"}, "bin": {"maxbins": maxbins}, "type": "quantitative"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"url": "data/flights-3m.parquet", "format": {"type": "parquet"}},
        "transform": [{"calculate": "utchours(datum.date) + utcminutes(datum.date) / 60", "as": "time"}],
        "repeat": {"column": list(FIELDS)},
        "spec": {
            "width": 260,
            "height": 140,
            "layer": [
                {
                    "params": [{"name": "brush", "select": {"type": "interval", "encodings": ["x"]}}],
                    "mark": "bar",
                    "encoding": {"x": histogram, "y": {"aggregate": "count", "type": "quantitative", "title": "flights"}},
                },
                {
                    "transform": [{"filter": {"param": "brush"}}],
                    "mark": "bar",
                    "encoding": {
                        "x": histogram,
                        "y": {"aggregate": "count", "type": "quantitative"},
                        "color": {"value": "goldenrod"},
                    },
                },
            ],
        },
    }


def flights_path() -> Path:
    """data/flights-3m.parquet of the vega-datasets package in the checkout's node_modules."""
    explicit = os.environ.get("FLIGHTS_PARQUET")
    if explicit:
        return Path(explicit)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "node_modules" / "vega-datasets" / "data" / "flights-3m.parquet"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("flights-3m.parquet not found: run `npm ci` in the checkout or set FLIGHTS_PARQUET")


@lru_cache(maxsize=1)
def load_flights() -> pd.DataFrame:
    """The same rows the runtime reads, with the chart's computed `time` column."""
    frame = pd.read_parquet(flights_path())
    frame["time"] = frame["date"].dt.hour + frame["date"].dt.minute / 60
    return frame


def brushed(flights: pd.DataFrame, brush: dict[str, list[float]] | None) -> pd.DataFrame:
    """The flights inside every brushed range (inclusive, as Vega-Lite's interval test)."""
    mask = pd.Series(True, index=flights.index)
    for field, (lo, hi) in (brush or {}).items():
        mask &= flights[field].between(lo, hi)
    return flights[mask]


def summary(flights: pd.DataFrame, brush: dict[str, list[float]] | None) -> pd.DataFrame:
    """The ten busiest origins among the brushed flights: flights, mean delay and distance."""
    selected = brushed(flights, brush)
    table = (
        selected.groupby("origin")
        .agg(flights=("delay", "size"), mean_delay=("delay", "mean"), mean_distance=("distance", "mean"))
        .sort_values(["flights", "mean_delay"], ascending=[False, True])
        .head(10)
        .reset_index()
    )
    return table


def summary_children(brush: dict[str, list[float]] | None) -> list[Any]:
    flights = load_flights()
    selected = brushed(flights, brush)
    ranges = [
        html.Li(f"{FIELDS.get(field, field)}: {lo:,.1f} to {hi:,.1f}", className="brush-range")
        for field, (lo, hi) in (brush or {}).items()
    ]
    table = summary(flights, brush)
    header = html.Tr([html.Th(c) for c in ("origin", "flights", "mean delay (min)", "mean distance (mi)")])
    rows = [
        html.Tr([html.Td(r.origin), html.Td(f"{r.flights:,}"), html.Td(f"{r.mean_delay:.1f}"), html.Td(f"{r.mean_distance:,.0f}")])
        for r in table.itertuples()
    ]
    return [
        html.P(html.Strong(f"{len(selected):,} of {len(flights):,} flights selected", id="selected-count")),
        html.Ul(ranges) if ranges else html.P("No brush: all flights", id="no-brush"),
        html.Table([html.Thead(header), html.Tbody(rows)], id="summary-table"),
    ]


def layout() -> html.Div:
    return html.Div(
        [
            html.H1("Flights crossfilter"),
            html.P("Drag across any histogram to brush; the other two show the brushed flights."),
            dcc.RadioItems(id="maxbins", options=[{"label": f"{n} bins", "value": n} for n in (20, 40)], value=20, inline=True),
            VegaFusionChart(crossfilter_spec(), id="crossfilter", embed_options={"actions": False}),
            html.Div(id="summary"),
        ],
        style={"fontFamily": "sans-serif", "margin": "1em"},
    )


@callback(Output("summary", "children"), Input("crossfilter", "selection"))
def show_summary(selection: dict[str, Any] | None) -> list[Any]:
    return summary_children((selection or {}).get("brush") or None)


@callback(Output("crossfilter", "spec"), Input("maxbins", "value"), prevent_initial_call=True)
def rebin(maxbins: int) -> dict[str, Any]:
    # A new spec re-plans and re-renders the chart on the same runtime connection.
    return to_spec(crossfilter_spec(int(maxbins)))


app = Dash(__name__, title="VegaFusion TS: flights crossfilter")
app.layout = layout

if __name__ == "__main__":
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")), debug=False)
