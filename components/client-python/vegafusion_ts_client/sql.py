"""Tables and views of the runtime's database sources, as chart data.

A runtime started with ``--source sales=postgresql://reader@db:5432/shop`` (or
VEGAFUSION_SOURCES) reads ``vegafusion+sql://sales/public.orders``; credentials stay in the
runtime's configuration, never in a spec. ``sql_table`` gives that address as Altair data
(``alt.Chart(sql_table("sales", "orders"))``), so the rows never pass through Python.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

SQL_SCHEME = "vegafusion+sql://"
_SOURCE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,62}$")


def _part(name: str, what: str) -> str:
    if not isinstance(name, str) or name == "" or "\x00" in name:
        raise ValueError(f"{what} must be a non-empty string without NUL characters, got {name!r}")
    # A dot separates schema from table: one inside a name is percent-encoded.
    return quote(name, safe="").replace(".", "%2E")


def sql_table_url(source: str, table: str, schema: str = "public") -> str:
    """The address of `schema.table` in the runtime's database source named `source`."""
    if not isinstance(source, str) or not _SOURCE_NAME.match(source):
        raise ValueError(f"source must be a configured source name (a letter, then letters, digits, '_' or '-'), got {source!r}")
    return f"{SQL_SCHEME}{source}/{_part(schema, 'schema')}.{_part(table, 'table')}"


def sql_table(source: str, table: str, schema: str = "public") -> Any:
    """`schema.table` of a database source as chart data: ``alt.UrlData`` when Altair is
    installed, else a Vega-Lite data dict. Encodings need explicit types (``"delay:Q"``), as
    for any URL data."""
    url = sql_table_url(source, table, schema)
    try:
        import altair as alt
    except ImportError:
        return {"url": url}
    return alt.UrlData(url=url)
