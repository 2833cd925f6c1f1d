"""to_spec: tables leave the spec for the runtime, once per content."""

from __future__ import annotations

import copy
import json

import altair as alt
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from vegafusion_ts_client import Runtime, SpecError, dataset_urls, encode_table, get_runtime, spec_kind, to_spec
from vegafusion_ts_client.altair_support import stabilize_names

SCHEME = "vegafusion+dataset://"


def _frame(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"x": np.arange(n), "y": rng.random(n), "c": rng.choice(["a", "b", "c"], n)})


def _digest(url: str) -> str:
    assert url.startswith(SCHEME)
    return url[len(SCHEME):]


def test_altair_chart_of_100k_rows_uploads_instead_of_embedding(runtime: Runtime, uploads) -> None:
    df = _frame(100_000, seed=1)
    chart = alt.Chart(df).mark_point().encode(x="x:Q", y="y:Q", color="c:N")
    with pytest.raises(alt.MaxRowsError):
        chart.to_dict()  # what plain Altair does with this frame
    before = uploads()
    spec = to_spec(chart, runtime=runtime)
    text = json.dumps(spec)
    assert len(text) < 2000, "rows must not be embedded"
    assert "datasets" not in spec and "values" not in text
    (url,) = dataset_urls(spec)
    assert spec["data"] == {"url": url}
    assert runtime.has_dataset(_digest(url))
    assert uploads() == before + 1
    # After the conversion Altair is back on its own transformer.
    assert alt.data_transformers.active != "vegafusion_ts"


def test_the_same_columns_of_a_frame_upload_once(runtime: Runtime, uploads) -> None:
    df = _frame(5_000, seed=2)
    before = uploads()
    first = to_spec(alt.Chart(df).mark_bar().encode(x="c:N", y="count()"), runtime=runtime)
    second = to_spec(alt.Chart(df).mark_point().encode(x=alt.X("c:N", title="category"), y="count()"), runtime=runtime)
    third = to_spec({"mark": "tick", "data": df.copy(), "encoding": {"x": {"field": "c", "type": "nominal"}}}, runtime=runtime)
    assert dataset_urls(first) == dataset_urls(second) == dataset_urls(third)
    assert uploads() == before + 1
    # Other columns of the same frame: another dataset.
    fourth = to_spec(alt.Chart(df).mark_point().encode(x="x:Q", y="y:Q"), runtime=runtime)
    assert dataset_urls(fourth) != dataset_urls(first)
    assert uploads() == before + 2
    # A second handle on the same runtime has an empty memo; HEAD still finds the dataset.
    other = Runtime(runtime.url, runtime.token)
    to_spec(alt.Chart(df).mark_point().encode(x="x:Q", y="y:Q"), runtime=other)
    assert uploads() == before + 2


def test_only_the_columns_the_spec_reads_are_uploaded(runtime: Runtime) -> None:
    rng = np.random.default_rng(5)
    wide = pd.DataFrame({f"col{i}": rng.normal(size=2_000) for i in range(200)})
    wide["air time"] = rng.integers(0, 300, size=2_000)
    wide["when"] = pd.date_range("2024-01-01", periods=2_000, freq="h")

    def uploaded(spec: dict) -> str:
        (url,) = dataset_urls(spec)
        assert runtime.has_dataset(_digest(url))
        return _digest(url)

    hist = alt.Chart(wide).mark_bar().encode(alt.X("col7:Q", bin=True), y="count()")
    assert uploaded(to_spec(hist, runtime=runtime)) == encode_table(wide[["col7"]]).sha256
    # Fields named in expressions and transforms count too (a name with a space, quoted).
    derived = (
        alt.Chart(wide).transform_calculate(double="datum['air time'] * 2").transform_filter("datum.col3 > 0")
        .mark_point().encode(x="double:Q", y=alt.Y("yearmonth(when):T"), color="col150:Q")
    )
    assert uploaded(to_spec(derived, runtime=runtime)) == encode_table(wide[["col3", "col150", "air time", "when"]]).sha256
    # A count alone reads no column: one column still carries the rows.
    count = to_spec(alt.Chart(wide).mark_text().encode(text="count()"), runtime=runtime)
    assert uploaded(count) == encode_table(wide[["col0"]]).sha256
    # A tooltip of the whole datum reads every column.
    everything = to_spec({"mark": {"type": "point", "tooltip": {"content": "data"}}, "data": wide, "encoding": {"x": {"field": "col1", "type": "quantitative"}}}, runtime=runtime)
    assert uploaded(everything) == encode_table(wide).sha256


def test_pandas_polars_and_pyarrow_tables_are_one_dataset(runtime: Runtime, uploads) -> None:
    pdf = pd.DataFrame({"k": ["a", "b", None], "v": [1.5, 2.5, 3.0], "n": [1, 2, 3]})
    plf = pl.DataFrame({"k": ["a", "b", None], "v": [1.5, 2.5, 3.0], "n": [1, 2, 3]})
    pat = pa.table({"k": pa.array(["a", "b", None], pa.large_string()), "v": [1.5, 2.5, 3.0], "n": pa.array([1, 2, 3], pa.int64())})
    # One canonical schema whatever the source (strings, no pandas metadata, one chunk).
    schemas = {pa.ipc.open_stream(encode_table(t).ipc).schema for t in (pdf, plf, pat, plf.lazy())}
    assert len(schemas) == 1
    # Byte-identical (so one upload) within a library; bitmap padding may differ across them.
    assert encode_table(pdf).sha256 == encode_table(pat).sha256 == encode_table(pat.to_batches()[0]).sha256
    assert encode_table(plf).sha256 == encode_table(plf.lazy()).sha256 == encode_table(plf.clone()).sha256
    before = uploads()
    spec_pd = to_spec({"mark": "bar", "data": pdf}, runtime=runtime)
    spec_pa = to_spec({"mark": "bar", "data": {"values": pat}}, runtime=runtime)
    spec_pl = to_spec({"mark": "bar", "data": plf}, runtime=runtime)
    spec_pl2 = to_spec({"mark": "bar", "data": {"values": pl.DataFrame(plf.to_dict())}}, runtime=runtime)
    assert dataset_urls(spec_pd) == dataset_urls(spec_pa)
    assert dataset_urls(spec_pl) == dataset_urls(spec_pl2)
    assert uploads() <= before + 2
    stored = runtime.upload(plf)
    assert stored.rows == 3 and [c["name"] for c in stored.columns] == ["k", "v", "n"]


def test_normalised_types(runtime: Runtime) -> None:
    table = pa.table(
        {
            "s": pa.array(["x", "y"]).dictionary_encode(),
            "t": pa.array([1_700_000_000_000_000_000, 1_700_000_000_123_000_000], pa.timestamp("ns", tz="UTC")),
            "d": pa.array([1, 2], pa.decimal128(5, 2)),
        }
    )
    encoded = encode_table(table)
    back = pa.ipc.open_stream(encoded.ipc).read_all()
    assert back.schema.field("s").type == pa.string()
    assert back.schema.field("t").type == pa.timestamp("ms", tz="UTC")
    assert back.column("t")[1].value == 1_700_000_000_123
    assert back.schema.field("d").type == pa.float64()
    assert runtime.upload(table).rows == 2


def test_altair_datasets_and_data_argument(runtime: Runtime) -> None:
    df = _frame(50, seed=3)
    base = alt.Chart().mark_point().encode(x="x:Q", y="y:Q")
    # The columns the chart reads (x and y, not c).
    spec = to_spec(base, data=df, runtime=runtime)
    assert dataset_urls(spec) == [f"{SCHEME}{encode_table(df[['x', 'y']]).sha256}"]
    layered = alt.layer(alt.Chart(df).mark_point().encode(x="x:Q"), alt.Chart(df).mark_rule().encode(y="mean(y):Q"))
    spec = to_spec(layered, runtime=runtime)
    assert dataset_urls(spec) == [f"{SCHEME}{encode_table(df[['x', 'y']]).sha256}"]
    assert "datasets" not in spec


def test_vega_lite_dict_named_datasets_are_replaced_everywhere(runtime: Runtime) -> None:
    main = _frame(20, seed=4)
    labels = pd.DataFrame({"c": ["a", "b", "c"], "label": ["A", "B", "C"]})
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "datasets": {"main": main, "small": [{"a": 1}]},
        "data": {"name": "main"},
        "transform": [{"lookup": "c", "from": {"data": {"name": "labels"}, "key": "c", "fields": ["label"]}}],
        "mark": "point",
        "encoding": {"x": {"field": "x", "type": "quantitative"}},
    }
    original = copy.deepcopy({k: v for k, v in spec.items() if k != "datasets"})
    out = to_spec(spec, data={"labels": labels}, runtime=runtime)
    assert out["data"] == {"url": f"{SCHEME}{encode_table(main[['x', 'c']]).sha256}"}
    assert out["transform"][0]["from"]["data"] == {"url": f"{SCHEME}{encode_table(labels).sha256}"}
    assert out["datasets"] == {"small": [{"a": 1}]}, "short record lists stay inline"
    assert {k: v for k, v in spec.items() if k != "datasets"} == original, "the input is not modified"
    assert spec["datasets"]["main"] is main


def test_long_record_lists_are_uploaded_short_ones_stay(runtime: Runtime) -> None:
    records = [{"x": i, "y": i * 0.5, "c": "abc"[i % 3]} for i in range(2_000)]
    out = to_spec({"data": {"values": records}, "mark": "point"}, runtime=runtime)
    (url,) = dataset_urls(out)
    assert out["data"] == {"url": url}
    mixed = [{"x": i if i % 2 else str(i)} for i in range(1_000)]
    kept = to_spec({"data": {"values": mixed}, "mark": "point"}, runtime=runtime)
    assert kept["data"]["values"] == mixed, "records Arrow cannot type like JSON stay inline"


def test_vega_dict(runtime: Runtime) -> None:
    df = _frame(30, seed=5)
    spec = {
        "$schema": "https://vega.github.io/schema/vega/v6.json",
        "data": [{"name": "table", "values": df, "format": {"parse": {"x": "number"}}}, {"name": "derived", "source": "table"}],
        "marks": [{"type": "group", "data": [{"name": "inner", "values": pl.from_pandas(df)}]}],
    }
    assert spec_kind(spec) == "vega"
    out = to_spec(spec, runtime=runtime)
    # The spec names only x (in its parse), so only x travels.
    url = f"{SCHEME}{encode_table(df[['x']]).sha256}"
    assert out["data"][0] == {"name": "table", "url": url, "format": {"parse": {"x": "number"}}}
    assert out["data"][1] == {"name": "derived", "source": "table"}
    assert out["marks"][0]["data"][0] == {"name": "inner", "url": url}
    replaced = to_spec({"$schema": spec["$schema"], "data": [{"name": "table", "url": "data/cars.json"}]}, data={"table": df, "extra": df}, runtime=runtime)
    assert replaced["data"] == [{"name": "table", "url": url}, {"name": "extra", "url": url}]
    with pytest.raises(SpecError, match="names its datasets"):
        to_spec(spec, data=df, runtime=runtime)


def test_spec_kind() -> None:
    assert spec_kind({"mark": "bar"}) == "vega-lite"
    assert spec_kind({"layer": []}) == "vega-lite"
    assert spec_kind({"marks": []}) == "vega"
    assert spec_kind({"$schema": "https://vega.github.io/schema/vega-lite/v6.json"}) == "vega-lite"
    with pytest.raises(SpecError, match=r"\$schema"):
        spec_kind({"width": 3})


def test_specs_without_tables_need_no_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VEGAFUSION_RUNTIME_URL", "http://127.0.0.1:9")
    spec = {"data": {"url": "data/cars.json"}, "mark": "point"}
    assert to_spec(spec) == spec


def test_generated_altair_names_are_stable_across_reruns(runtime: Runtime) -> None:
    df = _frame(10, seed=6)

    def build() -> alt.Chart:
        brush = alt.selection_interval(encodings=["x"])
        return alt.Chart(df).mark_point().encode(x="x:Q", y="y:Q").add_params(brush).transform_filter(brush)

    first, second = to_spec(build(), runtime=runtime), to_spec(build(), runtime=runtime)
    assert first == second
    assert first["params"][0]["name"] == "param_1"
    assert first["transform"] == [{"filter": {"param": "param_1"}}]


def test_stabilize_names_renames_consistently_inside_expressions() -> None:
    spec = {
        "params": [{"name": "param_7", "select": "point", "views": ["child__column_a_view_3_0"]}, {"name": "param_12", "select": "interval"}],
        "transform": [{"filter": "datum.x > param_12.x[0] && length(data('param_7_store')) && param_70"}],
        "name": "view_3",
    }
    out = stabilize_names(spec)
    assert [p["name"] for p in out["params"]] == ["param_1", "param_2"]
    assert out["params"][0]["views"] == ["child__column_a_view_1_0"]
    assert out["transform"][0]["filter"] == "datum.x > param_2.x[0] && length(data('param_1_store')) && param_70"
    assert out["name"] == "view_1"


def test_embedded_default_is_used_when_no_runtime_is_passed(runtime: Runtime) -> None:
    assert get_runtime() is runtime
    out = to_spec({"mark": "point", "data": _frame(3, seed=7)})
    assert runtime.has_dataset(_digest(dataset_urls(out)[0]))


def test_an_arrow_table_is_encoded_once_per_object(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    """pyarrow tables are immutable: a cached Table passed on every rerun is not re-encoded."""
    from vegafusion_ts_client import tables

    table = pa.table({"x": np.arange(1_000), "y": np.arange(1_000) * 2.0})
    first = to_spec({"mark": "point", "data": table}, runtime=runtime)
    calls: list[object] = []
    real = tables.encode_table
    monkeypatch.setattr(tables, "encode_table", lambda obj, keep=None: calls.append(obj) or real(obj, keep))
    again = to_spec({"mark": "point", "data": table}, runtime=runtime)
    assert again == first and calls == []
    # A pandas frame can change in place, so it is encoded every time.
    df = table.to_pandas()
    to_spec({"mark": "point", "data": df}, runtime=runtime)
    to_spec({"mark": "point", "data": df}, runtime=runtime)
    assert len(calls) == 2
