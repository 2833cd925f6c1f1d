"""Altair charts to Vega-Lite dicts with their data frames swapped for runtime datasets.

Altair serialises a chart's data through its active data transformer. Ours hands each
table to the caller, which answers the URL to put in its place (`to_spec` answers a
placeholder, and encodes and uploads the table once it knows which columns the whole spec
reads), so rows are never embedded and Altair's MaxRowsError never fires. Altair's
transformer choice is global, so conversions take a lock.
"""

from __future__ import annotations

import contextvars
import re
import threading
from collections.abc import Callable
from typing import Any

from .tables import is_table

DATASET_SCHEME = "vegafusion+dataset://"
TRANSFORMER_NAME = "vegafusion_ts"

_lock = threading.Lock()
_collect: contextvars.ContextVar[Callable[[Any], str] | None] = contextvars.ContextVar("vegafusion_collect", default=None)
_registered = False


def is_altair_chart(obj: Any) -> bool:
    """An Altair top-level chart (v5 or v6): Chart, LayerChart, HConcatChart, …"""
    if not type(obj).__module__.startswith("altair"):
        return False
    try:
        import altair as alt
    except ImportError:
        return False
    return isinstance(obj, alt.TopLevelMixin)


def _transform(data: Any, **_kwargs: Any) -> Any:
    collect = _collect.get()
    if collect is not None and is_table(data):
        return {"url": collect(data)}
    # Not a table (GeoJSON-like objects): inline values, as Altair does without a row limit.
    from altair.utils.data import to_values

    return to_values(data)


def _ensure_registered() -> None:
    global _registered
    if not _registered:
        import altair as alt

        alt.data_transformers.register(TRANSFORMER_NAME, _transform)
        _registered = True


def altair_to_dict(chart: Any, collect: Callable[[Any], str]) -> dict[str, Any]:
    """Serialises `chart` as a Vega-Lite dict whose tables are ``{"url": collect(table)}``."""
    import altair as alt

    with _lock:
        _ensure_registered()
        token = _collect.set(collect)
        try:
            with alt.data_transformers.enable(TRANSFORMER_NAME):
                spec = chart.to_dict()
        finally:
            _collect.reset(token)
    return stabilize_names(spec)


_GENERATED = re.compile(r'"((?:param|view)_)([0-9a-f]+(?:_[0-9]+)?)"')


def stabilize_names(spec: dict[str, Any]) -> dict[str, Any]:
    """Renames Altair's generated parameter and view names (``param_7`` from a process-wide
    counter in Altair 5, ``view_79c4`` from a hash in Altair 6) to ``param_1``, ``view_1``, …
    in order of appearance, so one chart yields one spec on every rerun of a dashboard script
    and its selections keep their names.
    """
    import json

    text = json.dumps(spec)
    mapping: dict[str, str] = {}
    counters: dict[str, int] = {}
    for prefix, suffix in _GENERATED.findall(text):
        name = prefix + suffix
        if name not in mapping:
            counters[prefix] = counters.get(prefix, 0) + 1
            mapping[name] = f"{prefix}{counters[prefix]}"
    if not mapping or all(k == v for k, v in mapping.items()):
        return spec
    # One pass, so a new name is never renamed again. Names also occur inside other
    # strings: expressions ("param_7.x"), and views of repeated charts
    # ("child__column_delay_view_79c4_0"), so underscores may surround them.
    names = sorted(mapping, key=len, reverse=True)
    pattern = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(re.escape(n) for n in names) + r")(?![A-Za-z0-9])")
    text = pattern.sub(lambda m: mapping[m.group(1)], text)
    return json.loads(text)
