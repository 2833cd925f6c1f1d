"""The shared selection format and its Streamlit event shape."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from vegafusion_ts_client import SpecError, canonical_selection, normalize_selection, resolve_selection_mode, selection_parameters, to_streamlit_event

NESTED = {
    "vconcat": [
        {"params": [{"name": "brush", "select": {"type": "interval", "encodings": ["x"]}}], "mark": "bar"},
        {"layer": [{"params": [{"name": "pick", "select": "point"}, {"name": "size", "value": 3}], "mark": "point"}]},
    ],
    "params": [{"name": "bound", "value": 1, "bind": {"input": "range"}}],
}


def test_selection_parameters_are_found_at_any_level() -> None:
    assert selection_parameters(NESTED) == ["brush", "pick"]
    assert selection_parameters({"facet": {"row": {"field": "a"}}, "spec": {"params": [{"name": "p", "select": "point"}], "mark": "bar"}}) == ["p"]
    assert selection_parameters({"signals": [{"name": "brush"}], "marks": []}) == []


def test_selection_parameters_of_an_altair_chart() -> None:
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().add_params(alt.selection_point(name="pts"), alt.selection_interval(name="box"))
    assert selection_parameters(chart.to_dict()) == ["box", "pts"]


def test_resolve_selection_mode() -> None:
    assert resolve_selection_mode(NESTED, None) == ["brush", "pick"]
    assert resolve_selection_mode(NESTED, "pick") == ["pick"]
    assert resolve_selection_mode(NESTED, ("pick", "brush")) == ["brush", "pick"]
    with pytest.raises(SpecError, match="'size' not defined"):
        resolve_selection_mode(NESTED, ["size"])
    with pytest.raises(SpecError, match="defines no selection parameter"):
        resolve_selection_mode({"mark": "bar"}, None)


def test_to_streamlit_event() -> None:
    selection = {
        "brush": {"x": [10, 20.5]},
        "pick": [{"c": "a", "year": 2001}],
        "other": [{"z": 1}],
    }
    assert to_streamlit_event(selection, ["brush", "pick"]) == {
        "selection": {"brush": {"x": [10, 20.5]}, "pick": [{"c": "a", "year": 2001}]}
    }
    # Empty or absent selections read as {} (what st.altair_chart reports for a cleared one).
    assert to_streamlit_event({"pick": [], "brush": None}, ["brush", "pick"]) == {"selection": {"brush": {}, "pick": {}}}
    assert to_streamlit_event(None, ["brush"]) == {"selection": {"brush": {}}}


def test_normalize_selection_drops_malformed_values() -> None:
    raw = {"brush": {"x": [1, 2]}, "pick": "oops", 3: [1], "pts": [{"a": 1}, 5]}
    assert normalize_selection(raw) == {"brush": {"x": [1, 2]}, "pick": None, "pts": None}
    assert normalize_selection(raw, ["brush"]) == {"brush": {"x": [1, 2]}}
    assert normalize_selection("nope") == {}


def test_canonical_selection_is_one_shape_for_empty_points_and_intervals() -> None:
    assert canonical_selection({"pick": [], "brush": {}}) == {"pick": {}, "brush": {}}
    assert canonical_selection({"pick": []}, ["brush", "pick"]) == {"brush": {}, "pick": {}}
    assert canonical_selection({"pick": [{"a": 1}], "brush": {"x": [1, 2]}, "other": 5}, ["brush", "pick"]) == {
        "brush": {"x": [1, 2]},
        "pick": [{"a": 1}],
    }
    # Malformed values read as empty; a malformed whole as nothing selected.
    assert canonical_selection({"pick": "nonsense"}) == {"pick": {}}
    assert canonical_selection(None, ["pick"]) == {"pick": {}}
