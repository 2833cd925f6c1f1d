"""Tables as they reach the runtime: a pandas column of mixed Python objects (which Arrow
cannot type) travels as text, as Streamlit shows it, instead of failing the chart."""

from __future__ import annotations

import logging

import pandas as pd
import pyarrow as pa
import pytest

from vegafusion_ts_client import Runtime, encode_table


def _decode(ipc: bytes) -> pa.Table:
    return pa.ipc.open_stream(ipc).read_all()


def test_mixed_object_columns_travel_as_text(caplog: pytest.LogCaptureFixture) -> None:
    frame = pd.DataFrame({"mixed": [1, "a", 2.5, None], "n": [1, 2, 3, 4], "s": ["w", "x", None, "z"]})
    with pytest.raises((pa.ArrowTypeError, pa.ArrowInvalid)):
        pa.Table.from_pandas(frame)
    with caplog.at_level(logging.WARNING, logger="vegafusion_ts_client.tables"):
        table = _decode(encode_table(frame).ipc)
    assert table.column("mixed").to_pylist() == ["1", "a", "2.5", None]
    assert table.schema.field("mixed").type == pa.string()
    # The other columns keep their types and values.
    assert table.column("n").to_pylist() == [1, 2, 3, 4] and pa.types.is_integer(table.schema.field("n").type)
    assert table.column("s").to_pylist() == ["w", "x", None, "z"]
    assert "['mixed']" in caplog.text


def test_a_typable_frame_is_not_touched(caplog: pytest.LogCaptureFixture) -> None:
    frame = pd.DataFrame({"s": ["a", None, "c"], "f": [1.5, float("nan"), 3.0]})
    with caplog.at_level(logging.WARNING, logger="vegafusion_ts_client.tables"):
        assert encode_table(frame).sha256 == encode_table(pa.Table.from_pandas(frame, preserve_index=False)).sha256
    assert caplog.text == ""


def test_the_runtime_accepts_the_converted_upload(runtime: Runtime) -> None:
    stored = runtime.upload(pd.DataFrame({"id": [1, "two", 3], "value": [0.5, 1.5, 2.5]}))
    assert stored.rows == 3
    assert [(c["name"], c["type"]) for c in stored.columns or ()] == [("id", "string"), ("value", "number")]
