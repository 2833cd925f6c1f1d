"""sql_table: an Altair chart names a table of the runtime's database sources; to_spec leaves
that address alone (nothing is uploaded)."""

from __future__ import annotations

import altair as alt
import pytest

from vegafusion_ts_client import SQL_SCHEME, Runtime, dataset_urls, sql_table, sql_table_url, to_spec


def test_sql_table_url_names_source_schema_and_table() -> None:
    assert sql_table_url("sales", "orders") == f"{SQL_SCHEME}sales/public.orders"
    assert sql_table_url("sales", "orders", schema="shop") == f"{SQL_SCHEME}sales/shop.orders"
    # A dot or a slash inside a name cannot change which table is meant.
    assert sql_table_url("sales", "a.b/c", schema="s p") == f"{SQL_SCHEME}sales/s%20p.a%2Eb%2Fc"


@pytest.mark.parametrize("source", ["", "1abc", "a b", "a/b", "a.b", None])
def test_sql_table_url_refuses_names_that_are_not_source_names(source: object) -> None:
    with pytest.raises(ValueError):
        sql_table_url(source, "orders")  # type: ignore[arg-type]


def test_sql_table_url_refuses_empty_tables() -> None:
    with pytest.raises(ValueError):
        sql_table_url("sales", "")


def test_altair_chart_over_a_sql_table_keeps_the_address(runtime: Runtime, uploads) -> None:
    chart = alt.Chart(sql_table("sales", "orders", schema="shop")).mark_bar().encode(x="region:N", y="count():Q")
    before = uploads()
    spec = to_spec(chart, runtime=runtime)
    assert spec["data"]["url"] == f"{SQL_SCHEME}sales/shop.orders"
    assert dataset_urls(spec) == []
    assert uploads() == before
