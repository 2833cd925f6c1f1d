"""The Python client pointed at an edge runtime: a central runtime, and a runtime started
with VEGAFUSION_UPSTREAM in its environment (as an app's embedded runtime gets it) or named
by VEGAFUSION_RUNTIME_URL. Uploads through the edge land upstream."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pytest

from vegafusion_ts_client import get_runtime
from vegafusion_ts_client.runtime import start_runtime


def test_uploads_through_an_edge_land_upstream(repo_root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Upload stores of their own: the default one (the user's cache folder) may hold the table
    # from an earlier run, and the edge must not see the central runtime's uploads through it.
    central = start_runtime(env={**os.environ, "VEGAFUSION_STORE_DIR": str(tmp_path / "central")})
    try:
        env = dict(os.environ)
        env["VEGAFUSION_STORE_DIR"] = str(tmp_path / "edge")
        env["VEGAFUSION_UPSTREAM"] = central.url.replace("http://", "ws://") + "/ws"
        env["VEGAFUSION_UPSTREAM_TOKEN"] = central.token or ""
        edge = start_runtime(env=env)
        try:
            monkeypatch.setenv("VEGAFUSION_RUNTIME_URL", edge.url)
            monkeypatch.setenv("VEGAFUSION_TOKEN", edge.token or "")
            via_edge = get_runtime()
            assert via_edge.url == edge.url and via_edge.health()["status"] == "ok"

            table = pa.table({"k": ["x", "y", "x"], "v": [1, 2, 5]})
            uploaded = via_edge.upload(table)
            assert uploaded.url.startswith("vegafusion+dataset://")
            # Stored once, upstream; the edge holds no data of its own.
            assert central.has_dataset(uploaded.hash)
            assert via_edge.has_dataset(uploaded.hash)
            assert central.metrics().get("vegafusion_uploads_total") == 1.0
            assert via_edge.metrics().get("vegafusion_datasets", 0.0) == 0.0
            # A second upload of the same table is recognised through the edge and not sent.
            assert via_edge.upload(table).hash == uploaded.hash
            assert central.metrics().get("vegafusion_uploads_total") == 1.0
        finally:
            edge.close()
    finally:
        central.close()
