"""Flights crossfilter: 3 million flights, brushed in the browser, binned and counted on the
VegaFusion runtime; the brush comes back to Python and a Panel slider sets the bins.

    pip install ./components/panel             # from the VegaFusion TS checkout, after npm ci
    panel serve examples/panel/app.py --show

The runtime reads data/flights-3m.parquet from its data root (the vega-datasets package);
the browser receives the chart spec and the binned counts it draws, never the rows.
"""

from __future__ import annotations

import os
from typing import Any

import panel as pn

from vegafusion_panel import VegaFusionChart

# Where the runtime finds the flights, relative to its data root; the tests point it at a
# smaller file (same columns) to stay quick.
FLIGHTS_URL = os.environ.get("FLIGHTS_URL", "data/flights-3m.parquet")
FLIGHTS_FORMAT = os.environ.get("FLIGHTS_FORMAT", "parquet")
FIELDS = {"distance": "Distance (miles)", "delay": "Arrival delay (minutes)", "time": "Departure hour"}


def flights_format() -> dict[str, Any]:
    """Parquet carries timestamps; JSON dates are strings that Vega parses."""
    if FLIGHTS_FORMAT == "json":
        return {"type": "json", "parse": {"date": "date"}}
    return {"type": FLIGHTS_FORMAT}


def crossfilter(maxbins: int) -> dict[str, Any]:
    """Three linked histograms with an interval brush each; `maxbins` bins per histogram."""
    x = {"field": {"repeat": "column"}, "bin": {"maxbins": maxbins}, "type": "quantitative"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"url": FLIGHTS_URL, "format": flights_format()},
        "transform": [{"calculate": "hours(datum.date) + minutes(datum.date) / 60", "as": "time"}],
        "repeat": {"column": list(FIELDS)},
        "spec": {
            "width": 260,
            "height": 140,
            "layer": [
                {
                    "params": [{"name": "brush", "select": {"type": "interval", "encodings": ["x"]}}],
                    "mark": "bar",
                    "encoding": {"x": x, "y": {"aggregate": "count", "type": "quantitative", "title": "flights"}},
                },
                {
                    "transform": [{"filter": {"param": "brush"}}],
                    "mark": "bar",
                    "encoding": {
                        "x": x,
                        "y": {"aggregate": "count", "type": "quantitative"},
                        "color": {"value": "goldenrod"},
                    },
                },
            ],
        },
    }


def describe(brush: dict[str, Any]) -> str:
    """The brushed ranges as Markdown."""
    brush = brush or {}
    if not brush:
        return "**No brush**: all flights. Drag across any histogram."
    lines = [f"**{FIELDS.get(field, field)}**: {lo:,.1f} to {hi:,.1f}" for field, (lo, hi) in brush.items()]
    return "  \n".join(lines)


def create_app() -> pn.viewable.Viewable:
    maxbins = pn.widgets.IntSlider(name="Bins per histogram (maxbins)", start=5, end=60, step=5, value=20, width=320)
    # A new maxbins is a new spec: the chart re-renders in place, on the same connection.
    chart = VegaFusionChart(pn.bind(crossfilter, maxbins))
    # As with pn.pane.Vega: one parameter per selection, `chart.selection.brush`.
    summary = pn.pane.Markdown(pn.bind(describe, chart.selection.param.brush), css_classes=["brush-summary"], min_width=400)
    return pn.Column(
        "# Flights crossfilter",
        "Brush any histogram; the other two show the brushed flights, counted on the runtime.",
        maxbins,
        chart,
        summary,
    )


pn.extension()
create_app().servable(title="VegaFusion TS: flights crossfilter")
