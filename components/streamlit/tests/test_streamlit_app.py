"""vegafusion_chart inside real Streamlit script runs (AppTest), against the real runtime.

The browser is simulated by setting the component's state the way the frontend's
setStateValue("selection", ...) does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

APP = '''
import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
from vegafusion_streamlit import vegafusion_chart

rng = np.random.default_rng(0)
df = pd.DataFrame({{"x": np.arange({rows}), "y": rng.random({rows}), "c": rng.choice(list("abc"), {rows})}})
brush = alt.selection_interval(name="brush", encodings=["x"])
pick = alt.selection_point(name="pick", fields=["c"])
chart = alt.Chart(df).mark_point().encode(x="x:Q", y="y:Q", color="c:N").add_params(brush, pick)
calls = st.session_state.setdefault("calls", [])
{call}
st.json(event)
'''


def _app(rows: int = 1_000, call: str = 'event = vegafusion_chart(chart, on_select="rerun", key="chart")') -> str:
    return APP.format(rows=rows, call=call)


def _run(write_app, source: str) -> AppTest:
    at = AppTest.from_file(write_app(source), default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def _component(at: AppTest) -> Any:
    (element,) = at.get("bidi_component")
    return element.proto


def _select(at: AppTest, selection: dict[str, Any]) -> AppTest:
    """What the browser does when the user brushes or clicks."""
    states = WidgetStates()
    widget = states.widgets.add()
    widget.id = _component(at).id
    widget.json_value = json.dumps({"selection": selection})
    at._run(states)
    assert not at.exception, at.exception
    return at


def _event(at: AppTest) -> dict[str, Any]:
    return json.loads(at.get("json")[-1].proto.body)


def test_browser_gets_spec_runtime_and_token_but_no_rows(runtime, renderer, write_app) -> None:
    before = runtime.metrics()["vegafusion_uploads_total"]
    at = _run(write_app, _app(rows=100_000))
    proto = _component(at)
    assert proto.component_name == "vegafusion-streamlit.vegafusion_chart"
    if renderer == "bundle":
        assert proto.js_source_path == "index.js" and not proto.js_content
    payload = json.loads(proto.json)
    assert len(proto.json) < 3_000, "100k rows must not travel through Streamlit"
    assert payload["runtime"] == runtime.browser_url and payload["token"] == runtime.token
    assert payload["selectionParams"] == ["brush", "pick"]
    (url,) = {payload["spec"]["data"]["url"]}
    assert url.startswith("vegafusion+dataset://") and runtime.has_dataset(url.split("://")[1])
    assert payload["spec"]["width"] == "container"
    assert _event(at) == {"selection": {"brush": {}, "pick": {}}}
    at.run()  # a rerun converts the chart again: same spec, no second upload
    assert json.loads(_component(at).json) == payload
    assert runtime.metrics()["vegafusion_uploads_total"] == before + 1


def test_selections_come_back_in_the_altair_chart_event_shape(runtime, renderer, write_app) -> None:
    at = _run(write_app, _app())
    _select(at, {"brush": {"x": [10, 250.5]}, "pick": [{"c": "b"}]})
    assert _event(at) == {"selection": {"brush": {"x": [10, 250.5]}, "pick": [{"c": "b"}]}}
    # State persists over reruns triggered elsewhere, as st.altair_chart's does.
    at.run()
    assert _event(at)["selection"]["brush"] == {"x": [10, 250.5]}
    _select(at, {"brush": {}, "pick": []})
    assert _event(at) == {"selection": {"brush": {}, "pick": {}}}


def test_event_equals_st_altair_chart_for_the_same_browser_selection(runtime, renderer, write_app) -> None:
    selection = {"brush": {"x": [3, 7.5]}, "pick": [{"c": "a"}, {"c": "c"}]}
    ours = _select(_run(write_app, _app()), selection)
    native_source = _app(call='event = st.altair_chart(chart, on_select="rerun", key="chart")')
    native = _run(write_app, native_source)
    (element,) = native.get("vega_lite_chart")
    states = WidgetStates()
    widget = states.widgets.add()
    widget.id = element.proto.id
    widget.string_value = json.dumps({"selection": selection})  # what Streamlit's own frontend sends
    native._run(states)
    assert _event(ours) == _event(native)
    fresh_ours, fresh_native = _run(write_app, _app()), _run(write_app, native_source)
    assert _event(fresh_ours) == _event(fresh_native)


def test_callback_and_selection_mode(runtime, renderer, write_app) -> None:
    call = (
        'event = vegafusion_chart(chart, on_select=lambda: calls.append("changed"), selection_mode="brush", key="chart")\n'
        "st.write(len(calls))"
    )
    at = _run(write_app, _app(call=call))
    assert json.loads(_component(at).json)["selectionParams"] == ["brush"]
    _select(at, {"brush": {"x": [1, 2]}, "pick": [{"c": "a"}]})
    assert at.session_state["calls"] == ["changed"]
    assert _event(at) == {"selection": {"brush": {"x": [1, 2]}}}


def test_ignore_reports_nothing(runtime, renderer, write_app) -> None:
    at = _run(write_app, _app(call='event = vegafusion_chart(chart, key="chart")'))
    assert json.loads(_component(at).json)["selectionParams"] == []
    assert _event(at) == {"selection": {}}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ('event = vegafusion_chart(alt.Chart(df).mark_point(), on_select="rerun")', "defines no selection parameter"),
        ('event = vegafusion_chart(chart, on_select="rerun", selection_mode="nope")', "'nope' not defined"),
        ('event = vegafusion_chart(chart, on_select="often")', "on_select must be"),
        ("event = vegafusion_chart(42)", "builtins.int"),
    ],
)
def test_errors_surface_in_the_app(runtime, renderer, write_app, call: str, message: str) -> None:
    at = AppTest.from_file(write_app(_app(call=call)), default_timeout=120).run()
    assert at.exception and message in at.exception[0].message


def test_vega_lite_dict_with_data_argument_and_explicit_runtime(runtime, renderer, write_app) -> None:
    call = (
        f'event = vegafusion_chart({{"mark": "bar", "encoding": {{"x": {{"field": "c", "type": "nominal"}}, "y": {{"aggregate": "count"}}}}}}, '
        f'data=df, runtime_url="{runtime.url}", token="{runtime.token}", width=400, height=300, key="chart")'
    )
    at = _run(write_app, _app(call=call))
    payload = json.loads(_component(at).json)
    assert payload["spec"]["data"]["url"].startswith("vegafusion+dataset://")
    assert "width" not in payload["spec"] and payload["height"] == 300
