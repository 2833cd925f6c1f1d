"""`to_spec`: an Altair chart, a Vega-Lite dict or a Vega dict, with every table it holds
uploaded to the runtime and referenced as ``{"url": "vegafusion+dataset://<sha256>"}``.

Rows never travel inside the spec, so a dashboard framework only ever carries the spec,
and only the columns the spec can read are uploaded (see `fields.referenced_names`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Literal

import pyarrow as pa

from .altair_support import DATASET_SCHEME, altair_to_dict, is_altair_chart
from .errors import SpecError
from .fields import referenced_names
from .runtime import Runtime, get_runtime
from .tables import TableRef, is_table, table_ref

logger = logging.getLogger(__name__)

SpecKind = Literal["vega", "vega-lite"]

# Inline record lists up to this many rows stay in the spec (a legend's three rows are
# cheaper inline than as an upload); longer ones are uploaded like data frames.
INLINE_RECORDS_MAX_ROWS = 500

_VL_KEYS = ("mark", "layer", "concat", "hconcat", "vconcat", "facet", "repeat", "spec")
_VEGA_KEYS = ("marks", "signals", "scales", "projections", "axes", "legends")


def spec_kind(spec: Mapping[str, Any]) -> SpecKind:
    """Vega or Vega-Lite: by ``$schema`` when present, else by the top-level keys."""
    schema = spec.get("$schema")
    if isinstance(schema, str):
        if "vega-lite" in schema:
            return "vega-lite"
        if "/vega/" in schema:
            return "vega"
    if any(k in spec for k in _VL_KEYS):
        return "vega-lite"
    if any(k in spec for k in _VEGA_KEYS) or isinstance(spec.get("data"), list):
        return "vega"
    raise SpecError(
        "Cannot tell whether this dict is a Vega or a Vega-Lite spec: it has no $schema and none "
        f"of {', '.join(_VL_KEYS + _VEGA_KEYS)}. Add a \"$schema\"."
    )


def _copy(value: Any) -> Any:
    """Copies the JSON structure; tables and other leaves are shared, not copied."""
    if isinstance(value, Mapping) and not is_table(value):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _is_flat_records(value: Any) -> bool:
    scalar = (str, int, float, bool, type(None))
    return (
        isinstance(value, list)
        and len(value) > INLINE_RECORDS_MAX_ROWS
        and all(isinstance(r, dict) and all(isinstance(v, scalar) for v in r.values()) for r in value)
    )


class _Collector:
    """The tables of one spec: each gets a placeholder URL while the spec is converted, and
    is encoded (only the columns the finished spec reads) and named by its hash after."""

    def __init__(self) -> None:
        self.tables: dict[str, TableRef] = {}
        self._pending: dict[str, Any] = {}
        self._by_id: dict[int, str] = {}
        self._prefix = f"{DATASET_SCHEME}pending-{id(self):x}-"

    def url_for(self, table: Any) -> str:
        known = self._by_id.get(id(table))
        if known is not None and self._pending[known] is table:
            return known
        url = f"{self._prefix}{len(self._pending)}"
        self._pending[url] = table
        self._by_id[id(table)] = url
        return url

    def finish(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Encodes the collected tables and puts their dataset URLs in place of the placeholders."""
        if not self._pending:
            return spec
        keep = referenced_names(spec)
        urls: dict[str, str] = {}
        for placeholder, table in self._pending.items():
            ref = table_ref(table, keep)
            self.tables[ref.sha256] = ref
            urls[placeholder] = f"{DATASET_SCHEME}{ref.sha256}"

        def swap(node: Any) -> Any:
            if isinstance(node, str):
                return urls.get(node, node)
            if isinstance(node, dict) and not is_table(node):
                return {k: swap(v) for k, v in node.items()}
            if isinstance(node, list):
                return [swap(v) for v in node]
            return node

        return swap(spec)

    def url_for_records(self, records: list[dict[str, Any]]) -> str | None:
        """Arrow for a list of flat records, or None when Arrow cannot type it as Vega would."""
        try:
            table = pa.Table.from_pylist(records)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None
        if any(pa.types.is_null(f.type) for f in table.schema):
            return None
        return self.url_for(table)


def _replace_source(source: dict[str, Any], url: str) -> dict[str, Any]:
    out = {k: v for k, v in source.items() if k != "values"}
    out["url"] = url
    return out


def _rewrite_vega_lite(node: Any, collector: _Collector, named: dict[str, str]) -> Any:
    """Walks a Vega-Lite dict: tables under "data" (or their "values") become URLs, and
    references to converted top-level datasets ({"name": …}) become those URLs."""
    if isinstance(node, list):
        return [_rewrite_vega_lite(v, collector, named) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "data":
            if is_table(value):
                value = {"url": collector.url_for(value)}
            elif isinstance(value, dict) and is_table(value.get("values")):
                value = _replace_source(value, collector.url_for(value["values"]))
            elif isinstance(value, dict) and _is_flat_records(value.get("values")):
                url = collector.url_for_records(value["values"])
                value = _replace_source(value, url) if url else value
            elif isinstance(value, dict) and value.get("name") in named and "values" not in value and "url" not in value:
                value = {**{k: v for k, v in value.items() if k != "name"}, "url": named[value["name"]]}
        out[key] = _rewrite_vega_lite(value, collector, named) if not is_table(value) else value
    return out


def _convert_vega_lite(spec: dict[str, Any], collector: _Collector) -> dict[str, Any]:
    named: dict[str, str] = {}
    datasets = spec.get("datasets")
    if isinstance(datasets, dict):
        kept: dict[str, Any] = {}
        for name, value in datasets.items():
            url = collector.url_for(value) if is_table(value) else collector.url_for_records(value) if _is_flat_records(value) else None
            if url is None:
                kept[name] = value
            else:
                named[name] = url
        spec = {k: v for k, v in spec.items() if k != "datasets"}
        if kept:
            spec["datasets"] = kept
    return _rewrite_vega_lite(spec, collector, named)


def _convert_vega(spec: dict[str, Any], collector: _Collector) -> dict[str, Any]:
    """Vega: tables (or long record lists) as "values" of data entries, at any group level."""

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(v) for v in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v) if k != "data" else v for k, v in node.items()}
        if isinstance(node.get("data"), list):
            entries = []
            for entry in node["data"]:
                if isinstance(entry, dict) and is_table(entry.get("values")):
                    entry = _replace_source(entry, collector.url_for(entry["values"]))
                elif isinstance(entry, dict) and _is_flat_records(entry.get("values")):
                    url = collector.url_for_records(entry["values"])
                    entry = _replace_source(entry, url) if url else entry
                entries.append(walk(entry) if isinstance(entry, dict) else entry)
            out["data"] = entries
        return out

    return walk(spec)


def _attach_data(spec: dict[str, Any], kind: SpecKind, data: Any) -> dict[str, Any]:
    """Puts the `data=` argument into the spec: one table (Vega-Lite's top-level data) or a
    mapping of dataset names to tables."""
    if is_table(data):
        if kind == "vega":
            raise SpecError("A Vega spec names its datasets: pass data={'<dataset name>': frame}.")
        return {**spec, "data": data}
    if not isinstance(data, Mapping):
        raise TypeError(
            f"data= must be a table (pandas, polars, pyarrow) or a mapping of dataset names to tables, "
            f"not {type(data).__module__}.{type(data).__qualname__}"
        )
    for name, table in data.items():
        if not is_table(table):
            raise TypeError(f"data[{name!r}] is a {type(table).__qualname__}, not a table (pandas, polars, pyarrow)")
    if kind == "vega-lite":
        return {**spec, "datasets": {**(spec.get("datasets") or {}), **data}}
    entries = list(spec.get("data") or [])
    names = {e.get("name"): i for i, e in enumerate(entries) if isinstance(e, dict)}
    for name, table in data.items():
        if name in names:
            entry = {k: v for k, v in entries[names[name]].items() if k not in ("url", "source")}
            entries[names[name]] = {**entry, "values": table}
        else:
            entries.append({"name": name, "values": table})
    return {**spec, "data": entries}


def to_spec(chart_or_dict: Any, data: Any = None, *, runtime: Runtime | None = None) -> dict[str, Any]:
    """Returns a Vega or Vega-Lite dict whose tables live on the runtime.

    `chart_or_dict` is an Altair chart (v5/v6), a Vega-Lite dict or a Vega dict. Tables it
    holds (a chart's data, pandas/polars/pyarrow under "data", "values" or "datasets", long
    lists of flat records) and `data` (a table, or a mapping of dataset names to tables) are
    encoded as Arrow IPC and uploaded once per runtime, keyed by content hash. The input is
    not modified. `runtime` defaults to `get_runtime()`.
    """
    collector = _Collector()
    if is_altair_chart(chart_or_dict):
        chart = chart_or_dict
        named_data = None
        if data is not None and is_table(data):
            chart = chart.properties(data=data)
        elif data is not None:
            named_data = data
        spec = altair_to_dict(chart, collector.url_for)
        if named_data is not None:
            spec = _attach_data(spec, "vega-lite", named_data)
        spec = _convert_vega_lite(spec, collector)
    elif isinstance(chart_or_dict, Mapping) and not is_table(chart_or_dict):
        spec = _copy(chart_or_dict)
        kind = spec_kind(spec)
        if data is not None:
            spec = _attach_data(spec, kind, data)
        spec = _convert_vega_lite(spec, collector) if kind == "vega-lite" else _convert_vega(spec, collector)
    else:
        t = type(chart_or_dict)
        raise TypeError(
            f"Cannot make a chart spec from {t.__module__}.{t.__qualname__}; pass an Altair chart, "
            "a Vega-Lite dict or a Vega dict."
        )
    spec = collector.finish(spec)
    if collector.tables:
        target = runtime or get_runtime()
        for digest, ref in collector.tables.items():
            stored = target.ensure_dataset(digest, ref.ipc, "arrow")
            target.remember_table(digest, ref.source, ref.keep)
            if stored.hash != digest:
                raise SpecError(f"The runtime stored a dataset as {stored.hash}, not {digest}; is it a VegaFusion TS runtime?")
    return spec


def dataset_urls(spec: Any) -> list[str]:
    """Every ``vegafusion+dataset://`` URL in a spec, in order of appearance."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            url = node.get("url")
            if isinstance(url, str) and url.startswith(DATASET_SCHEME) and url not in found:
                found.append(url)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return found
