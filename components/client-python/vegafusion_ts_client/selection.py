"""Selections, in the one format every wrapper reports: ``{param_name: value}`` where a
point selection's value is a list of field -> value records and an interval selection's
value is ``{field: [lo, hi]}`` (or a list of values for a nominal field).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .errors import SpecError

_COMPOSITE_KEYS = ("layer", "hconcat", "vconcat", "concat")
_NESTED_SPEC_KEYS = ("spec",)


def selection_parameters(spec: Mapping[str, Any]) -> list[str]:
    """Names of the Vega-Lite selection parameters (``params`` entries with ``select``)
    anywhere in the view hierarchy, sorted. A Vega spec has none."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if not isinstance(node, Mapping):
            return
        params = node.get("params")
        if isinstance(params, list):
            for p in params:
                if isinstance(p, Mapping) and isinstance(p.get("name"), str) and p.get("select"):
                    names.add(p["name"])
        for key in _COMPOSITE_KEYS:
            children = node.get(key)
            if isinstance(children, list):
                for child in children:
                    walk(child)
        for key in _NESTED_SPEC_KEYS:
            walk(node.get(key))

    walk(spec)
    return sorted(names)


def resolve_selection_mode(spec: Mapping[str, Any], selection_mode: str | Iterable[str] | None) -> list[str]:
    """The selection parameters to report: all of the spec's when `selection_mode` is None,
    else the named ones, which must exist. Raises SpecError when there are none to report."""
    available = selection_parameters(spec)
    if not available:
        raise SpecError(
            "Selections are requested, but the chart defines no selection parameter. Add one "
            "(Altair: chart.add_params(alt.selection_interval(name='brush')); Vega-Lite: "
            '"params": [{"name": "brush", "select": "interval"}]).'
        )
    if selection_mode is None:
        return available
    wanted = [selection_mode] if isinstance(selection_mode, str) else list(selection_mode)
    missing = [name for name in wanted if name not in available]
    if missing:
        raise SpecError(
            f"Selection parameter(s) {', '.join(map(repr, missing))} not defined in the chart; "
            f"it defines {', '.join(map(repr, available))}."
        )
    return sorted(set(wanted))


def is_empty_selection(value: Any) -> bool:
    return value is None or (isinstance(value, (list, dict)) and len(value) == 0)


def normalize_selection(selection: Any, params: Iterable[str] | None = None) -> dict[str, Any]:
    """Checks a selection reported by the browser, keeping the names in `params` (all when
    None). Anything malformed for a parameter reads as an empty selection."""
    if not isinstance(selection, Mapping):
        return {}
    allowed = None if params is None else set(params)
    out: dict[str, Any] = {}
    for name, value in selection.items():
        if not isinstance(name, str) or (allowed is not None and name not in allowed):
            continue
        if isinstance(value, list) and all(isinstance(r, Mapping) for r in value):
            out[name] = [dict(r) for r in value]
        elif isinstance(value, Mapping):
            out[name] = {str(k): v for k, v in value.items()}
        else:
            out[name] = None
    return out


def canonical_selection(selection: Any, params: Iterable[str] | None = None) -> dict[str, Any]:
    """The selection as every wrapper reports it: ``{param: value}`` with each of `params`
    present (when given; else the names reported), ``{}`` for an empty selection, point or
    interval alike, a list of ``{field: value}`` records for points and ``{field: [lo, hi]}``
    for intervals. Anything malformed reads as empty."""
    names = None if params is None else list(params)
    current = normalize_selection(selection, names)
    keys = names if names is not None else list(current)
    return {name: {} if is_empty_selection(current.get(name)) else current[name] for name in keys}


def to_streamlit_event(selection: Any, params: Iterable[str]) -> dict[str, Any]:
    """The selection as `st.altair_chart(on_select=...)` returns it:
    ``{"selection": {param: value}}``, its value in the one format (`canonical_selection`)."""
    return {"selection": canonical_selection(selection, params)}
