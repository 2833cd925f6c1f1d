"""`VegaFusionChart` on the Python side, against the real runtime: what the Bokeh model
carries (the spec with dataset URLs, never rows), updates in place, sizing modes, the
selection parameter and errors. The browser side is covered by test_panel_e2e.py."""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import panel as pn
import param
import pytest
from bokeh.document import Document
from bokeh.protocol import Protocol

import vegafusion_panel.bundle as bundle_module
from vegafusion_panel import BundleNotBuiltError, VegaFusionChart
from vegafusion_ts_client import RuntimeUnreachableError, SpecError, dataset_urls

DATASET = "vegafusion+dataset://"


def _frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame({"x": rng.uniform(0, 100, rows), "label": rng.choice(["a", "b"], rows)})


def _histogram(df: pd.DataFrame | None = None, maxbins: int = 10) -> alt.Chart:
    brush = alt.selection_interval(name="brush", encodings=["x"])
    return alt.Chart(df if df is not None else _frame(1_000)).mark_bar().encode(
        alt.X("x:Q", bin=alt.Bin(maxbins=maxbins)), y="count()"
    ).add_params(brush)


def _vega_lite(**extra: Any) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"url": "data/cars.json"},
        "mark": "point",
        "encoding": {"x": {"field": "Horsepower", "type": "quantitative"}},
        **extra,
    }


def _model(chart: VegaFusionChart) -> tuple[Any, Document]:
    if not bundle_module.BUNDLE_PATH.is_file():
        pytest.skip(f"component bundle not built ({bundle_module.BUNDLE_PATH}): run `npm run build:web`")
    doc = Document()
    return chart.get_root(doc), doc


def test_the_document_carries_the_spec_with_dataset_urls_never_rows(runtime) -> None:
    df = _frame(100_000)
    chart = VegaFusionChart(_histogram(df))
    model, doc = _model(chart)
    spec = model.data.spec
    (url,) = dataset_urls(spec)
    assert url.startswith(DATASET)
    assert runtime.has_dataset(url[len(DATASET):])
    assert model.data.endpoint == {"url": runtime.browser_url, "token": runtime.token}
    # Neither the chart object, the table nor the Python-side runtime settings are synced.
    synced = set(model.data.properties_with_values())
    assert not {"object", "data", "runtime_url", "token"} & synced
    # The document as the Bokeh server sends it to a browser.
    message = Protocol().create("PULL-DOC-REPLY", "request", doc)
    size = len(message.content_json) + sum(len(b.data) for b in message.buffers)
    assert size < len(model.esm) + 50_000, "no rows in the Bokeh document"
    assert repr(float(df["x"].iloc[0])) not in message.content_json


def test_changing_object_updates_the_same_model_in_place(runtime) -> None:
    chart = VegaFusionChart(_histogram(maxbins=10))
    model, _doc = _model(chart)
    first = model.data.spec
    chart.object = _histogram(maxbins=40)
    assert chart._models[model.ref["id"]][0] is model
    assert model.data.spec == chart.spec != first
    assert model.data.spec["encoding"]["x"]["bin"] == {"maxbins": 40}


def test_data_replaces_the_top_level_data_and_is_uploaded(runtime) -> None:
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "mark": "bar", "encoding": {"x": {"field": "x", "type": "quantitative"}}}
    chart = VegaFusionChart(spec, data=_frame(2_000))
    (first,) = dataset_urls(chart.spec)
    chart.data = _frame(3_000)
    (second,) = dataset_urls(chart.spec)
    assert first != second and runtime.has_dataset(second[len(DATASET):])


def test_a_bound_function_as_object_follows_its_widget(runtime) -> None:
    slider = pn.widgets.IntSlider(value=10, start=5, end=50)
    chart = VegaFusionChart(pn.bind(lambda maxbins: _vega_lite(encoding={"x": {"field": "Horsepower", "bin": {"maxbins": maxbins}}}), slider))
    assert chart.spec["encoding"]["x"]["bin"] == {"maxbins": 10}
    slider.value = 30
    assert chart.spec["encoding"]["x"]["bin"] == {"maxbins": 30}


def test_stretching_sizing_modes_size_single_view_vega_lite_to_the_container(runtime) -> None:
    chart = VegaFusionChart(_vega_lite(width=300), sizing_mode="stretch_width")
    assert chart.spec["width"] == "container" and "height" not in chart.spec
    chart.sizing_mode = "stretch_both"
    assert chart.spec["width"] == chart.spec["height"] == "container"
    chart.sizing_mode = "fixed"
    assert chart.spec["width"] == 300
    repeat = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "repeat": {"column": ["a", "b"]}, "spec": {"mark": "bar"}}
    assert "width" not in VegaFusionChart(repeat, sizing_mode="stretch_width").spec
    vega = {"$schema": "https://vega.github.io/schema/vega/v6.json", "width": 200, "marks": []}
    assert VegaFusionChart(vega, sizing_mode="stretch_width").spec["width"] == 200


def test_a_fixed_component_size_sizes_a_chart_that_declares_none(runtime) -> None:
    chart = VegaFusionChart(_histogram(), height=250)
    assert chart.spec["height"] == "container" and "width" not in chart.spec
    assert VegaFusionChart(_vega_lite(height=120), height=250).spec["height"] == 120
    chart.width = 500
    assert chart.spec["width"] == "container"


def test_selection_from_the_browser_reaches_watchers_and_bound_functions(runtime) -> None:
    chart = VegaFusionChart(_histogram())
    model, _doc = _model(chart)
    seen: list[dict[str, Any]] = []
    chart.param.watch(lambda event: seen.append(event.new), "selections")
    bound = pn.bind(lambda selections: sorted(selections.get("brush", {}).items()), chart.param.selections)
    # The path a browser change takes: a property change of the model's data.
    chart._process_events({"selections": {"brush": {"x": [10.5, 42.0]}}})
    assert chart.selections == {"brush": {"x": [10.5, 42.0]}}
    assert seen == [{"brush": {"x": [10.5, 42.0]}}]
    assert bound() == [("x", [10.5, 42.0])]


def test_selection_namespace_as_pn_pane_vega(runtime) -> None:
    """`chart.selection.<param>`: read, watched and bound per selection, as in pn.pane.Vega."""
    points = alt.Chart(pd.DataFrame({"a": ["x", "y"], "b": [1, 2]})).mark_point().encode(x="a", y="b")
    chart = VegaFusionChart(points.add_params(alt.selection_point(name="pick"), alt.selection_interval(name="brush")))
    assert isinstance(chart.selection, param.Parameterized)
    assert set(chart.selection.param) - {"name"} == {"brush", "pick"}
    assert chart.selection.brush == {} and chart.selection.pick == {}
    brushes: list[Any] = []
    chart.selection.param.watch(lambda event: brushes.append(event.new), "brush")
    bound = pn.bind(lambda pick: len(pick), chart.selection.param.pick)
    chart._process_events({"selections": {"pick": [{"a": "x"}], "brush": {}}})
    assert chart.selection.pick == [{"a": "x"}] and bound() == 1
    assert brushes == [], "an unchanged selection fires nothing"
    chart._process_events({"selections": {"pick": [{"a": "x"}], "brush": {"b": [0.5, 1.5]}}})
    assert brushes == [{"b": [0.5, 1.5]}]
    # A new chart with the same parameters keeps the object (and its watchers), emptied.
    namespace = chart.selection
    chart.object = points.mark_circle().add_params(alt.selection_point(name="pick"), alt.selection_interval(name="brush"))
    assert chart.selection is namespace and chart.selection.brush == {} and brushes[-1] == {}
    # Other parameters: a new object.
    chart.object = _histogram()
    assert chart.selection is not namespace and set(chart.selection.param) - {"name"} == {"brush"}
    assert set(VegaFusionChart(_vega_lite()).selection.param) == {"name"}, "no selection parameters: an empty object"


def test_a_selection_set_from_python_goes_to_the_browser_and_reports_do_not_echo(runtime) -> None:
    chart = VegaFusionChart(_histogram())
    model, _doc = _model(chart)
    # A browser report fills the namespace without sending anything back.
    chart._process_events({"selections": {"brush": {"x": [10.5, 42.0]}}})
    assert chart.selection.brush == {"x": [10.5, 42.0]} and chart.selection_set is None
    chart.selection.brush = {"x": [30, 70]}
    assert chart.selection_set == {"seq": 1, "values": {"brush": {"x": [30, 70]}}}
    assert model.data.selection_set == chart.selection_set
    chart.selection.brush = {}
    assert chart.selection_set == {"seq": 2, "values": {"brush": {}}}
    # A new object empties the namespace without sending a selection.
    chart.object = _histogram(maxbins=20)
    assert chart.selection.brush == {} and chart.selection_set["seq"] == 2


def test_an_empty_selection_reads_as_in_every_wrapper(runtime) -> None:
    points = alt.Chart(pd.DataFrame({"a": ["x", "y"], "b": [1, 2]})).mark_point().encode(x="a", y="b")
    chart = VegaFusionChart(points.add_params(alt.selection_point(name="pick"), alt.selection_interval(name="brush")))
    # The browser reports an empty point selection as [] and may leave a parameter out.
    chart._process_events({"selections": {"pick": []}})
    assert chart.selections == {"brush": {}, "pick": {}}
    assert chart.selection.pick == {}
    chart._process_events({"selections": {"pick": [{"a": "x"}], "brush": {"b": [0.5, 1.5]}}})
    assert chart.selections == {"brush": {"b": [0.5, 1.5]}, "pick": [{"a": "x"}]}


def test_theme_and_debounce_reach_the_browser_as_in_pn_pane_vega(runtime) -> None:
    chart = VegaFusionChart(_histogram(), theme="dark", debounce={"brush": 100})
    model, _doc = _model(chart)
    assert model.data.theme == "dark" and model.data.debounce == {"brush": 100}
    chart.theme = "ggplot2"
    assert model.data.theme == "ggplot2"
    with pytest.raises(ValueError):
        VegaFusionChart(_histogram(), theme="no-such-theme")
    with pytest.raises(ValueError):
        VegaFusionChart(_histogram(), debounce="fast")


def test_a_runtime_given_by_url_is_used_and_checked(runtime) -> None:
    chart = VegaFusionChart(_vega_lite(), runtime_url=runtime.url, token=runtime.token)
    assert chart.endpoint == {"url": runtime.browser_url, "token": runtime.token}
    with pytest.raises(RuntimeUnreachableError):
        VegaFusionChart(_vega_lite(), runtime_url="http://127.0.0.1:9", token="x")


def test_no_object_renders_nothing_and_starts_no_upload() -> None:
    chart = VegaFusionChart()
    assert chart.spec is None and chart.endpoint is None
    assert chart.selections == {} and set(chart.selection.param) == {"name"}


def test_bad_objects_raise_on_construction_and_on_assignment(runtime) -> None:
    with pytest.raises(SpecError):
        VegaFusionChart({"title": "neither Vega nor Vega-Lite"})
    chart = VegaFusionChart(_vega_lite())
    with pytest.raises(TypeError):
        chart.object = object()


def test_derived_parameters_are_read_only() -> None:
    chart = VegaFusionChart()
    with pytest.raises(TypeError):
        chart.spec = {"mark": "bar"}
    assert isinstance(chart.param.spec, param.Dict) and chart.param.spec.constant


def test_rendering_without_the_bundle_says_how_to_build_it(runtime, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(bundle_module, "BUNDLE_PATH", tmp_path / "missing.js")
    chart = VegaFusionChart(_vega_lite())
    with pytest.raises(BundleNotBuiltError, match="npm run build:web") as info:
        chart.get_root(Document())
    assert info.value.code == "bundle_not_built"
