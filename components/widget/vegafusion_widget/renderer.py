"""`enable()`: plain Altair charts shown as `VegaFusionWidget` in a notebook.

Altair turns a chart into a dict through its data transformer, then hands the dict to its
renderer. Ours: the transformer keeps each table aside under a placeholder URL (no rows in
the dict, no MaxRowsError), and the renderer puts the tables back and makes a widget, which
uploads only the columns the chart reads.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

NAME = "vegafusion-widget"
_SCHEME = "vegafusion+pending://"

_tables: dict[str, Any] = {}
_lock = threading.Lock()
_ids = itertools.count(1)


def _keep_aside(data: Any, **_kwargs: Any) -> Any:
    from vegafusion_ts_client import is_table

    if not is_table(data):
        from altair.utils.data import to_values

        return to_values(data)
    key = f"{_SCHEME}{next(_ids)}"
    with _lock:
        _tables[key] = data
    return {"url": key}


def _put_back(node: Any) -> Any:
    if isinstance(node, dict):
        url = node.get("url")
        if isinstance(url, str) and url.startswith(_SCHEME):
            with _lock:
                table = _tables.pop(url, None)
            if table is not None:
                return {**{k: v for k, v in node.items() if k != "url"}, "values": table}
        return {k: _put_back(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_put_back(v) for v in node]
    return node


def _render(spec: dict[str, Any], **_metadata: Any) -> dict[str, Any]:
    from .widget import VegaFusionWidget

    bundle: dict[str, Any] = VegaFusionWidget(_put_back(spec))._repr_mimebundle_()
    return bundle


def enable() -> None:
    """Shows every Altair chart of this kernel as a `VegaFusionWidget`:
    ``vegafusion_widget.enable()`` then a plain ``chart`` as a cell's last line."""
    import altair as alt

    if NAME not in alt.data_transformers.names():
        alt.data_transformers.register(NAME, _keep_aside)
    if NAME not in alt.renderers.names():
        alt.renderers.register(NAME, _render)
    alt.data_transformers.enable(NAME)
    alt.renderers.enable(NAME)
