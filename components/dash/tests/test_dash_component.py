"""The Python side of the Dash component: its props (in step with the browser's), spec
conversion with uploads to the real runtime, the served browser files, callbacks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
import pytest
from dash import Dash, Input, Output, html

import vegafusion_dash
from vegafusion_dash import VegaFusionChart, bundle, to_spec
from vegafusion_dash.component import OUTPUT_PROPS, PROP_NAMES
from vegafusion_ts_client import SpecError, dataset_urls

PROPS_TS = Path(__file__).resolve().parents[1] / "src" / "props.ts"
VL = "https://vega.github.io/schema/vega-lite/v6.json"

needs_bundle = pytest.mark.skipif(
    not all(p.is_file() for p in bundle.bundle_paths()),
    reason="browser files not built: run `npm run build:web` and `npx webpack --config components/dash/webpack.config.js`",
)


@pytest.fixture(autouse=True)
def _bundle_or_pretend(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """The Python side is tested without the browser files too; tests marked `real_bundle`
    keep the real check."""
    if request.node.get_closest_marker("real_bundle") is None:
        monkeypatch.setattr("vegafusion_dash.component.check_bundle", lambda: None)


def brush_chart(frame) -> alt.LayerChart:
    brush = alt.selection_interval(name="brush", encodings=["x"])
    base = alt.Chart(frame).mark_bar().encode(alt.X("distance:Q", bin=alt.Bin(maxbins=20)), y="count()")
    return alt.layer(base.add_params(brush), base.encode(color=alt.value("goldenrod")).transform_filter(brush))


def test_prop_names_are_in_step_with_the_browser_component() -> None:
    source = PROPS_TS.read_text()
    block = re.search(r"DASH_PROP_NAMES = \[(.*?)\] as const", source, re.S)
    assert block is not None, "DASH_PROP_NAMES not found in props.ts"
    assert re.findall(r"'([^']+)'", block.group(1)) == PROP_NAMES
    assert VegaFusionChart._prop_names == PROP_NAMES
    assert set(OUTPUT_PROPS) <= set(PROP_NAMES)
    assert VegaFusionChart._namespace == "vegafusion_dash" and VegaFusionChart._type == "VegaFusionChart"
    assert not hasattr(VegaFusionChart, "defaultProps")


def test_altair_chart_is_uploaded_and_referenced(runtime, flights) -> None:
    chart = VegaFusionChart(brush_chart(flights), id="c")
    as_json = chart.to_plotly_json()
    props = as_json["props"]
    assert as_json["namespace"] == "vegafusion_dash" and as_json["type"] == "VegaFusionChart"
    urls = dataset_urls(props["spec"])
    assert len(urls) == 1
    assert runtime.has_dataset(urls[0].rsplit("/", 1)[1])
    # Dash carries the spec, never the 20,000 rows.
    assert len(json.dumps(props["spec"])) < 5_000
    assert props["runtime_url"] == runtime.browser_url and props["token"] == runtime.token
    assert props["selection"] == {"brush": {}}
    assert props["signalData"] == {}
    for unset in ("width", "height", "embed_options", "style", "error"):
        assert unset not in props


def test_data_argument_and_dict_specs(runtime, flights) -> None:
    spec = {"$schema": VL, "mark": "point", "encoding": {"x": {"field": "delay", "type": "quantitative"}},
            "params": [{"name": "pick", "select": "point"}]}
    chart = VegaFusionChart(spec, flights.head(1000), id="d", width=300, embed_options={"actions": False})
    props = chart.to_plotly_json()["props"]
    assert props["spec"]["data"]["url"].startswith("vegafusion+dataset://")
    assert props["selection"] == {"pick": {}}
    assert props["width"] == 300 and props["embed_options"] == {"actions": False}
    assert "data" not in spec, "the caller's dict is not modified"

    vega = {"$schema": "https://vega.github.io/schema/vega/v6.json", "data": [{"name": "t", "values": [{"a": 1}]}], "marks": []}
    assert VegaFusionChart(vega).to_plotly_json()["props"]["selection"] == {}


def test_no_spec_yet_and_bad_arguments(runtime) -> None:
    empty = VegaFusionChart(id="later").to_plotly_json()["props"]
    assert "spec" not in empty and empty["selection"] == {} and empty["runtime_url"] == runtime.browser_url
    with pytest.raises(SpecError):
        VegaFusionChart(data={"t": []})
    with pytest.raises(TypeError, match="unexpected keyword argument: `renderer`"):
        VegaFusionChart({"$schema": VL, "mark": "bar"}, renderer="svg")
    with pytest.raises(TypeError, match="Cannot make a chart spec"):
        VegaFusionChart(42)


def test_dash_vega_components_props_pass_through(runtime) -> None:
    """`Vega(spec=..., opt=..., svgRendererScaleFactor=..., signalsToObserve=..., debounceWait=...,
    style=..., className=...)` of dash-vega-components becomes VegaFusionChart with the same names."""
    props = VegaFusionChart(
        {"$schema": VL, "mark": "bar"}, id="v", opt={"renderer": "svg", "actions": False}, svgRendererScaleFactor=2,
        signalsToObserve=["all"], debounceWait=50, style={"height": "300px"}, className="chart",
    ).to_plotly_json()["props"]
    assert props["opt"] == {"renderer": "svg", "actions": False} and props["svgRendererScaleFactor"] == 2
    assert props["signalsToObserve"] == ["all"] and props["debounceWait"] == 50
    assert props["style"] == {"height": "300px"} and props["className"] == "chart" and props["id"] == "v"


def test_runtime_given_by_url(runtime) -> None:
    props = VegaFusionChart({"$schema": VL, "mark": "bar"}, runtime_url=runtime.url, token=runtime.token).to_plotly_json()["props"]
    assert props["runtime_url"] == runtime.url and props["token"] == runtime.token


@pytest.mark.real_bundle
def test_missing_browser_files_say_how_to_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(bundle, "PACKAGE_DIR", tmp_path)
    with pytest.raises(vegafusion_dash.BundleNotBuiltError, match="npm run build:web") as info:
        VegaFusionChart({"$schema": VL, "mark": "bar"})
    assert info.value.code == "bundle_not_built"


@needs_bundle
@pytest.mark.real_bundle
def test_dash_serves_the_browser_files_in_order(runtime) -> None:
    app = Dash(__name__)
    app.layout = html.Div([VegaFusionChart({"$schema": VL, "mark": "bar"}, id="c")])
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    ours = [s for s in scripts if "/vegafusion_dash/" in s]
    assert [s.rsplit("/", 1)[1].split(".")[0] for s in ours] == ["vegafusion-react", "vegafusion_dash"]
    # React before the UMD bundle (it reads the global), the renderer after the component.
    index = scripts.index
    react = next(s for s in scripts if "/react@" in s)
    renderer = next(s for s in scripts if "dash_renderer" in s)
    assert index(react) < index(ours[0]) < index(ours[1]) < index(renderer)
    umd = client.get(ours[0])
    assert umd.status_code == 200 and b"VegaFusionChart" in umd.data
    component = client.get(ours[1])
    assert component.status_code == 200 and b"vegafusion_dash" in component.data


def test_callback_sets_a_new_spec(runtime, flights, post_callback) -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="go"), VegaFusionChart(brush_chart(flights), id="chart")])

    @app.callback(Output("chart", "spec"), Input("go", "n_clicks"), prevent_initial_call=True)
    def swap(_n: int) -> dict:
        return to_spec(brush_chart(flights.head(500)).properties(title="first 500"))

    out = post_callback(app, "chart.spec", [{"id": "go", "property": "n_clicks", "value": 1}], {"id": "chart", "property": "spec"})
    spec = out["response"]["chart"]["spec"]
    assert spec["title"] == "first 500"
    (url,) = dataset_urls(spec)
    assert runtime.has_dataset(url.rsplit("/", 1)[1])


def test_selection_reaches_callbacks_unchanged(runtime, flights, post_callback) -> None:
    app = Dash(__name__)
    app.layout = html.Div([VegaFusionChart(brush_chart(flights), id="chart"), html.Pre(id="out")])

    @app.callback(Output("out", "children"), Input("chart", "selection"))
    def show(selection: dict) -> str:
        lo, hi = selection["brush"]["distance"]
        return str(int(flights["distance"].between(lo, hi).sum()))

    brush = {"brush": {"distance": [500, 1000]}}
    out = post_callback(app, "out.children", [{"id": "chart", "property": "selection", "value": brush}], {"id": "out", "property": "children"})
    assert out["response"]["out"]["children"] == str(int(((flights["distance"] >= 500) & (flights["distance"] <= 1000)).sum()))
