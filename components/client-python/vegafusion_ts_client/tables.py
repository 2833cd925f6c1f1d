"""Recognises data frames (pandas, polars, pyarrow, anything speaking the Arrow PyCapsule
or dataframe-interchange protocols) and turns them into Arrow IPC bytes for upload.

The Arrow schema is normalised first (plain strings, millisecond timestamps, no pandas
metadata), so one table reaches the runtime in one canonical byte form: the same rows
from pandas, polars or pyarrow hash alike and upload once.
"""

from __future__ import annotations

import hashlib
import logging
import math
import sys
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class EncodedTable:
    """A table as Arrow IPC stream bytes, with the SHA-256 the runtime addresses it by."""

    ipc: bytes
    sha256: str
    rows: int
    columns: tuple[str, ...]


def _module_of(obj: Any) -> str:
    return type(obj).__module__.split(".", 1)[0]


def is_table(obj: Any) -> bool:
    """True for the table objects `to_arrow_table` accepts."""
    if isinstance(obj, (pa.Table, pa.RecordBatch)):
        return True
    module = _module_of(obj)
    if module == "pandas":
        pd = sys.modules.get("pandas")
        return pd is not None and isinstance(obj, pd.DataFrame)
    if module == "polars":
        pl = sys.modules.get("polars")
        return pl is not None and isinstance(obj, (pl.DataFrame, pl.LazyFrame))
    if isinstance(obj, (dict, list, tuple, str, bytes)):
        return False
    return hasattr(obj, "__arrow_c_stream__") or hasattr(obj, "__dataframe__")


def to_arrow_table(obj: Any) -> pa.Table:
    """Converts a supported table object to a pyarrow Table (before normalisation).

    Raises TypeError naming the type of anything else.
    """
    if isinstance(obj, pa.Table):
        return obj
    if isinstance(obj, pa.RecordBatch):
        return pa.Table.from_batches([obj])
    module = _module_of(obj)
    if module == "pandas" and is_table(obj):
        frame = obj
        if not all(isinstance(c, str) for c in frame.columns):
            frame = frame.rename(columns=str)
        # Vega sees rows, not a pandas index, exactly as Altair serialises a frame.
        try:
            return pa.Table.from_pandas(frame, preserve_index=False)
        except (pa.ArrowTypeError, pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return pa.Table.from_pandas(_stringify_mixed_columns(frame), preserve_index=False)
    if module == "polars" and is_table(obj):
        pl = sys.modules["polars"]
        frame = obj.collect() if isinstance(obj, pl.LazyFrame) else obj
        return frame.to_arrow()
    if hasattr(obj, "__arrow_c_stream__"):
        return pa.table(obj)
    if hasattr(obj, "__dataframe__"):
        from pyarrow import interchange

        return interchange.from_dataframe(obj)
    raise TypeError(
        f"Cannot use an object of type {type(obj).__module__}.{type(obj).__qualname__} as a table; "
        "pass a pandas or polars DataFrame, a pyarrow Table or RecordBatch, or an object with "
        "__arrow_c_stream__."
    )


def _as_text(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def _stringify_mixed_columns(frame: Any) -> Any:
    """A copy of `frame` whose object columns that Arrow cannot type (ints and strings mixed,
    say) hold their values as text, as Streamlit shows such columns; missing values stay null."""
    mixed = []
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object:
            continue
        try:
            pa.array(column, from_pandas=True)
        except (pa.ArrowTypeError, pa.ArrowInvalid, pa.ArrowNotImplementedError):
            mixed.append(name)
    if not mixed:
        return frame
    logger.warning("columns %s mix Python types Arrow cannot hold in one column; uploading them as text", mixed)
    return frame.assign(**{name: frame[name].map(_as_text) for name in mixed})


def _no(_t: pa.DataType) -> bool:
    return False


# View types exist from pyarrow 16 on.
_is_string_view = getattr(pa.types, "is_string_view", _no)
_is_binary_view = getattr(pa.types, "is_binary_view", _no)


def _normal_type(t: pa.DataType) -> pa.DataType:
    if pa.types.is_dictionary(t):
        return _normal_type(t.value_type)
    if pa.types.is_large_string(t) or _is_string_view(t):
        return pa.string()
    if pa.types.is_large_binary(t) or _is_binary_view(t):
        return pa.binary()
    if pa.types.is_timestamp(t) and t.unit in ("us", "ns"):
        # Vega's time is milliseconds; finer units only cost a cast in every consumer.
        return pa.timestamp("ms", tz=t.tz)
    if pa.types.is_decimal(t):
        return pa.float64()
    if pa.types.is_float16(t):
        return pa.float32()
    return t


def normalize_table(table: pa.Table) -> pa.Table:
    """Canonical form for upload: normalised column types, one chunk, no schema metadata."""
    fields = [pa.field(f.name, _normal_type(f.type), f.nullable) for f in table.schema]
    schema = pa.schema(fields)
    if schema != table.schema.remove_metadata():
        table = table.cast(schema, safe=False)
    return table.replace_schema_metadata(None).combine_chunks()


def kept_columns(names: list[str], keep: frozenset[str] | None) -> list[str]:
    """The columns named in `keep` (all when None), in the table's order; the first column
    when none is named, so that the rows are still counted."""
    if keep is None:
        return names
    return [name for name in names if name in keep] or names[:1]


def project_table(table: pa.Table, keep: frozenset[str] | None) -> pa.Table:
    """`table` with only its `kept_columns`."""
    columns = kept_columns(table.column_names, keep)
    return table if len(columns) == table.num_columns else table.select(columns)


def encode_table(obj: Any, keep: frozenset[str] | None = None) -> EncodedTable:
    """Table object -> Arrow IPC stream bytes plus their SHA-256 (the runtime's dataset hash);
    only the columns named in `keep` when given (see `project_table`)."""
    if keep is not None and _module_of(obj) == "pandas" and is_table(obj):
        # Before Arrow: the columns left out are never converted.
        wanted = set(kept_columns([str(c) for c in obj.columns], keep))
        obj = obj.iloc[:, [i for i, c in enumerate(obj.columns) if str(c) in wanted]]
    table = normalize_table(project_table(to_arrow_table(obj), keep))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    ipc = sink.getvalue().to_pybytes()
    return EncodedTable(
        ipc=ipc,
        sha256=hashlib.sha256(ipc).hexdigest(),
        rows=table.num_rows,
        columns=tuple(table.column_names),
    )


@dataclass(frozen=True)
class TableRef:
    """A table's dataset hash, and how to get its bytes should the runtime lack them."""

    sha256: str
    encoded: EncodedTable | None
    source: Any
    keep: frozenset[str] | None = None

    def ipc(self) -> bytes:
        return (self.encoded or encode_table(self.source, self.keep)).ipc


# pyarrow tables and record batches are immutable: one encoding per object (and choice of
# columns) is enough, which makes a cached Table passed on every dashboard rerun cost
# nothing after the first.
_by_identity: dict[tuple[int, tuple[str, ...]], tuple[weakref.ref[Any], str]] = {}
_identity_lock = threading.Lock()


def _forget(key: int) -> Callable[[weakref.ref[Any]], None]:
    def forget(_ref: weakref.ref[Any]) -> None:
        with _identity_lock:
            for entry in [k for k in _by_identity if k[0] == key]:
                _by_identity.pop(entry, None)

    return forget


def table_ref(obj: Any, keep: frozenset[str] | None = None) -> TableRef:
    """The dataset hash of a table (only the columns named in `keep`, when given), encoding
    it unless this immutable object was seen with the same `keep`."""
    immutable = isinstance(obj, (pa.Table, pa.RecordBatch))
    key = (id(obj), tuple(kept_columns(obj.schema.names, keep))) if immutable else (id(obj), ())
    if immutable:
        with _identity_lock:
            known = _by_identity.get(key)
        if known is not None and known[0]() is obj:
            return TableRef(known[1], None, obj, keep)
    encoded = encode_table(obj, keep)
    if immutable:
        with _identity_lock:
            _by_identity[key] = (weakref.ref(obj, _forget(id(obj))), encoded.sha256)
    return TableRef(encoded.sha256, encoded, obj, keep)
