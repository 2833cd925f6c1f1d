"""Starting, reusing and stopping the real runtime."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from vegafusion_ts_client import EmbeddedRuntime, Runtime, RuntimeUnreachableError, get_runtime, start_runtime


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_embedded_runtime_is_started_healthy_and_token_protected(runtime: Runtime) -> None:
    assert isinstance(runtime, EmbeddedRuntime)
    assert runtime.url.startswith("http://127.0.0.1:")
    assert runtime.health()["status"] == "ok"
    assert runtime.token and len(runtime.token) >= 24
    # The token is a real gate: a handle without it may not upload.
    assert Runtime(runtime.url).health()["status"] == "ok"
    assert "vegafusion_cache_hits_total" in runtime.metrics()


def test_embedded_runtime_is_reused_across_calls_and_threads(runtime: Runtime) -> None:
    seen: list[Runtime] = []
    threads = [threading.Thread(target=lambda: seen.append(get_runtime())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 8 and all(r is runtime for r in seen)
    assert get_runtime() is runtime


def test_explicit_url_and_environment(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = get_runtime(runtime.url + "/", runtime.token)
    assert not explicit.embedded and explicit.url == runtime.url
    assert get_runtime(runtime.url, runtime.token) is explicit
    monkeypatch.setenv("VEGAFUSION_RUNTIME_URL", runtime.url)
    monkeypatch.setenv("VEGAFUSION_TOKEN", runtime.token or "")
    from_env = get_runtime()
    assert from_env is explicit and from_env.token == runtime.token
    monkeypatch.setenv("VEGAFUSION_BROWSER_URL", "https://charts.example.org/runtime/")
    proxied = get_runtime(runtime.url, "another-key-for-a-new-handle")
    assert proxied.browser_url == "https://charts.example.org/runtime"


def test_close_stops_the_whole_process_group(repo_root: Path) -> None:
    own = start_runtime()
    try:
        assert own.health()["status"] == "ok"
        pgid = own.process.pid
        assert _group_alive(pgid)
    finally:
        own.close()
    assert own.process.poll() is not None
    assert not _group_alive(pgid)
    with pytest.raises(RuntimeUnreachableError):
        own.health(timeout=1.0)


def test_runtime_stops_when_the_interpreter_exits(repo_root: Path, tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        from vegafusion_ts_client import get_runtime
        r = get_runtime()
        print(r.process.pid, r.url, flush=True)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEGAFUSION_")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pid_text, url = done.stdout.split()
    assert not _group_alive(int(pid_text))
    with pytest.raises(RuntimeUnreachableError):
        Runtime(url).health(timeout=1.0)


def test_a_dead_embedded_runtime_is_replaced(runtime: Runtime) -> None:
    """If the child dies (killed, crashed), the next get_runtime() starts a fresh one."""
    from vegafusion_ts_client import runtime as runtime_module

    registry = runtime_module._registry
    victim = start_runtime()
    previous = registry._embedded
    registry._embedded = victim
    try:
        os.killpg(victim.process.pid, signal.SIGKILL)
        victim.process.wait(10)
        replacement = get_runtime()
        assert replacement is not victim and replacement.health()["status"] == "ok"
        replacement.close()
    finally:
        registry._embedded = previous


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_runtime_stops_when_the_python_process_is_killed(repo_root: Path, tmp_path: Path, sig: int) -> None:
    """No atexit runs on SIGKILL (nor on SIGTERM's default action): the runtime watches the
    process that started it and stops by itself."""
    script = textwrap.dedent(
        """
        import time
        from vegafusion_ts_client import get_runtime
        r = get_runtime()
        print(r.process.pid, r.url, r.log_path, flush=True)
        time.sleep(600)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEGAFUSION_")}
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        assert parent.stdout is not None
        pid_text, url, log_path = parent.stdout.readline().split()
        pgid = int(pid_text)
        assert Runtime(url).health()["status"] == "ok"
        assert Path(log_path).parent.name.startswith("vegafusion-logs")
        parent.send_signal(sig)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group_alive(pgid), f"the runtime outlived its Python process ({signal.Signals(sig).name})"
        with pytest.raises(RuntimeUnreachableError):
            Runtime(url).health(timeout=1.0)
    finally:
        if parent.poll() is None:
            parent.kill()
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, UnboundLocalError):
            pass


def test_logs_of_stopped_runtimes_do_not_pile_up(repo_root: Path) -> None:
    from vegafusion_ts_client import runtime as runtime_module

    folder = runtime_module._log_dir()
    # Logs left by Python processes that are gone (pids beyond Linux's largest): only a few stay.
    for i in range(12):
        stale = folder / f"runtime-{4_194_305 + i}-stale{i}.log"
        stale.write_text("old\n")
        os.utime(stale, (1_000_000 + i, 1_000_000 + i))
    own = start_runtime()
    log = own.log_path
    assert log.parent == folder and log.exists()
    own.close()
    assert not log.exists(), "a runtime stopped on purpose leaves no log"
    left = list(folder.glob("runtime-*-stale*.log"))
    assert len(left) <= 5


def test_runtime_warnings_reach_python_logging(caplog: pytest.LogCaptureFixture) -> None:
    """The runtime's warnings (a large table sent to a browser, a refused upload) are
    logged by Python too, and still written to the runtime's log file."""
    import io
    import logging

    from vegafusion_ts_client.runtime import _pump_stderr

    lines = (
        b"2026-01-01T00:00:00.000Z INFO listening\n"
        b'2026-01-01T00:00:01.000Z WARN large table sent to a client {"dataset":"source_0","scope":[],"bytes":19712000,"limit":1048576}\n'
        b"2026-01-01T00:00:02.000Z ERROR query failed\n"
    )
    log = io.BytesIO()
    log.close = lambda: None  # type: ignore[method-assign]
    with caplog.at_level(logging.INFO, logger="vegafusion_ts_client.runtime"):
        _pump_stderr(io.BytesIO(lines), log)
    assert log.getvalue() == lines
    forwarded = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "vegafusion_ts_client.runtime"]
    assert forwarded == [
        (logging.WARNING, 'runtime: large table sent to a client {"dataset":"source_0","scope":[],"bytes":19712000,"limit":1048576}'),
        (logging.ERROR, "runtime: query failed"),
    ]


def test_a_real_runtime_warning_is_logged_in_python(repo_root: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from vegafusion_ts_client.errors import UploadError
    from vegafusion_ts_client.runtime import start_runtime

    rt = start_runtime()
    try:
        with caplog.at_level(logging.WARNING, logger="vegafusion_ts_client.runtime"):
            with pytest.raises(UploadError):
                rt.upload_bytes(b"not an arrow stream", "arrow")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not any("upload refused" in r.getMessage() for r in caplog.records):
                time.sleep(0.05)
        assert any(r.levelno == logging.WARNING and r.getMessage().startswith("runtime: upload refused") for r in caplog.records)
        assert "upload refused" in rt.log_path.read_text()
    finally:
        rt.close()
