"""Which columns of its tables a spec can read, so that only those are uploaded.

The answer errs on the side of more: every string of the spec counts as a possible column
name, with the names inside it (``datum.delay``, ``datum['air time']``, a nested field's
first part ``a`` of ``a.b``) — a column kept for nothing costs bytes, a column dropped by
mistake breaks the chart. Where a spec can read fields it does not name (a tooltip showing
the whole datum, a field chosen by a signal), the answer is None: every column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")
# `datum` on its own or indexed by something other than a literal: any field may be read.
_WHOLE_DATUM = re.compile(r"\bdatum\b(?!\s*(?:\.\s*[A-Za-z_$]|\[\s*['\"]))")
# Where Vega takes a field name that a signal may give (`{"field": {"signal": "xField"}}`).
_FIELD_KEYS = frozenset({"field", "fields", "groupby", "key", "sort"})


def _strings(node: Any, parent_key: str | None = None) -> Iterator[str]:
    """The spec's string values, and the keys that name fields (those of a format's `parse`)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if parent_key == "parse" and isinstance(key, str):
                yield key
            yield from _strings(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _reads_every_field(node: Any, parent_key: str | None = None) -> bool:
    """A tooltip of the whole datum, or a field given by a signal or an expression."""
    if isinstance(node, dict):
        if node.get("content") == "data":
            return True
        if parent_key in _FIELD_KEYS and ("signal" in node or "expr" in node):
            return True
        return any(_reads_every_field(v, k) for k, v in node.items())
    if isinstance(node, list):
        return any(_reads_every_field(v, parent_key) for v in node)
    if isinstance(node, str):
        return _WHOLE_DATUM.search(node) is not None
    return False


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _first_segment(text: str) -> str:
    """``a`` of the nested field ``a.b`` or ``a[0]`` (an escaped ``\\.`` does not split)."""
    m = re.match(r"((?:[^.\[\\]|\\.)*)", text)
    return _unescape(m.group(1)) if m else text


def referenced_names(spec: Any) -> frozenset[str] | None:
    """Every name the spec may read a column by, or None when it may read any column."""
    if _reads_every_field(spec):
        return None
    names: set[str] = set()
    for text in _strings(spec):
        names.add(text)
        names.add(_unescape(text))
        names.add(_first_segment(text))
        names.update(_IDENTIFIER.findall(text))
        for single, double in _QUOTED.findall(text):
            quoted = _unescape(single or double)
            names.add(quoted)
            names.add(_first_segment(quoted))
    return frozenset(names)
