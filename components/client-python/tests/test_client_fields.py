"""Which column names a spec may read (what `to_spec` uploads), erring on the side of more."""

from __future__ import annotations

from vegafusion_ts_client.fields import referenced_names


def test_fields_of_encodings_transforms_and_expressions() -> None:
    spec = {
        "mark": "point",
        "transform": [
            {"calculate": "datum.a + datum['b c'] + datum[\"d\"]", "as": "e"},
            {"aggregate": [{"op": "mean", "field": "f", "as": "mf"}], "groupby": ["g"]},
            {"fold": ["h1", "h2"]},
        ],
        "encoding": {"x": {"field": "nested.inner", "type": "quantitative"}, "y": {"field": "dotted\\.name"}, "tooltip": [{"field": "t[0]"}]},
        "data": {"url": "table.csv", "format": {"parse": {"p": "date"}}},
    }
    names = referenced_names(spec)
    assert names is not None
    for column in ("a", "b c", "d", "f", "g", "h1", "h2", "nested", "dotted.name", "t", "p"):
        assert column in names, column
    # Channel and other keys are not column names (a column "x" is not read by this spec).
    assert "x" not in names and "encoding" not in names and "quantitative" in names


def test_specs_that_may_read_any_column() -> None:
    assert referenced_names({"mark": {"type": "bar", "tooltip": {"content": "data"}}}) is None
    assert referenced_names({"marks": [{"encode": {"update": {"tooltip": {"signal": "datum"}}}}]}) is None
    assert referenced_names({"marks": [{"encode": {"update": {"text": {"signal": "datum[fieldName]"}}}}]}) is None
    assert referenced_names({"data": [{"name": "t", "transform": [{"type": "aggregate", "groupby": [{"signal": "by"}]}]}]}) is None
    assert referenced_names({"data": [{"name": "t", "transform": [{"type": "extent", "field": {"signal": "f"}}]}]}) is None
    # An expression for a value is not a field.
    assert referenced_names({"mark": "bar", "encoding": {"size": {"value": {"expr": "width / 10"}}}}) is not None
