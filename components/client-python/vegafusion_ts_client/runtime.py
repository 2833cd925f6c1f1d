"""A handle on a VegaFusion runtime: one you run yourself (a URL), or the embedded one this
Python process starts as a Node child process and shares between every chart and session.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import re
import secrets
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from . import http
from .errors import RuntimeStartError, RuntimeUnreachableError, UploadError
from .locate import RuntimeCommand, runtime_command
from .tables import encode_table, table_ref

logger = logging.getLogger(__name__)

_LISTENING = re.compile(r"^vegafusion-runtime listening on (https?://\S+)\s*$")
# The runtime's log lines: "<ISO time> <LEVEL> <message> [<JSON fields>]".
_LOG_LINE = re.compile(r"^\S+ (WARN|ERROR) (.*)$")
_FORWARDED_LEVELS = {"WARN": logging.WARNING, "ERROR": logging.ERROR}
_DATASET_SCHEME = "vegafusion+dataset://"
_UPLOAD_FORMATS = ("arrow", "parquet", "csv", "json")
_HASH = re.compile(r"\b[0-9a-f]{64}\b")
# How many uploaded tables a runtime handle remembers (weakly) to upload again.
_REMEMBERED = 256


@dataclass(frozen=True)
class UploadedDataset:
    """A dataset the runtime holds; a spec reads it as ``{"url": url}``."""

    hash: str
    url: str
    rows: int | None = None
    columns: tuple[Any, ...] | None = None


class Runtime:
    """A runtime reachable over HTTP, with a per-runtime memo of uploaded datasets.

    ``url`` is what Python talks to; ``browser_url`` is what browsers are given (the same,
    unless $VEGAFUSION_BROWSER_URL names the address a proxy exposes it under).
    """

    def __init__(self, url: str, token: str | None = None, *, browser_url: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.token = token or None
        self.browser_url = (browser_url or self.url).rstrip("/")
        self._datasets: dict[str, UploadedDataset] = {}
        self._upload_lock = threading.Lock()
        # digest -> (how to make its bytes again, or None once the table is gone; format)
        self._sources: OrderedDict[str, tuple[Callable[[], bytes | None], str]] = OrderedDict()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.url!r})"

    @property
    def embedded(self) -> bool:
        return False

    # -- endpoints -------------------------------------------------------------------

    def health(self, timeout: float = 5.0) -> dict[str, Any]:
        """GET /health; raises RuntimeUnreachableError unless it answers status "ok"."""
        res = http.request("GET", f"{self.url}/health", timeout=timeout)
        body: Any = None
        try:
            body = res.json()
        except ValueError:
            pass
        if res.status != 200 or not isinstance(body, dict) or body.get("status") != "ok":
            raise RuntimeUnreachableError(
                f"{self.url}/health answered HTTP {res.status} {res.text()[:200]!r}; that is not a "
                "VegaFusion runtime in good health. Check the URL, or the runtime's log."
            )
        return body

    def metrics(self) -> dict[str, float]:
        """GET /metrics parsed: metric name (labels summed over) -> value."""
        # The token too: a runtime may ask for it on /metrics (--metrics-require-token).
        res = http.request("GET", f"{self.url}/metrics", token=self.token)
        if res.status != 200:
            raise RuntimeUnreachableError(f"{self.url}/metrics answered HTTP {res.status}")
        out: dict[str, float] = {}
        for line in res.text().splitlines():
            if not line or line.startswith("#"):
                continue
            name_part, _, value = line.rpartition(" ")
            name = name_part.split("{", 1)[0]
            try:
                out[name] = out.get(name, 0.0) + float(value)
            except ValueError:
                continue
        return out

    def has_dataset(self, digest: str) -> bool:
        """HEAD /datasets/<hash>: does the runtime hold this dataset?"""
        res = http.request("HEAD", f"{self.url}/datasets/{digest}", token=self.token)
        if res.status == 401:
            raise UploadError(
                f"The runtime at {self.url} refused the token (HTTP 401). Pass the runtime's token "
                "(token= or VEGAFUSION_TOKEN).",
                status=401,
                server_code="unauthorized",
            )
        return res.status == 200

    def upload_bytes(self, body: bytes, format: str = "arrow", *, digest: str | None = None) -> UploadedDataset:
        """Uploads raw bytes (Arrow IPC, Parquet, CSV or JSON) unless the runtime has them.

        The runtime addresses a dataset by the SHA-256 of its bytes, so a memo and a HEAD
        check make the same bytes travel once per runtime, even across processes.
        """
        if digest is None:
            digest = hashlib.sha256(body).hexdigest()
        return self.ensure_dataset(digest, lambda: body, format)

    def ensure_dataset(self, digest: str, produce: Callable[[], bytes], format: str = "arrow") -> UploadedDataset:
        """Makes sure the runtime holds the dataset `digest`; calls `produce` for its bytes
        only when it does not (HEAD /datasets/<digest> answers 404)."""
        if format not in _UPLOAD_FORMATS:
            raise ValueError(f"Unsupported upload format {format!r}; use one of {', '.join(_UPLOAD_FORMATS)}")
        # One upload at a time per runtime: two sessions showing the same frame send it once.
        with self._upload_lock:
            known = self._datasets.get(digest)
            if self.has_dataset(digest):
                return known or UploadedDataset(hash=digest, url=f"{_DATASET_SCHEME}{digest}")
            self._datasets.pop(digest, None)
            body = produce()
            res = http.request(
                "POST",
                f"{self.url}/datasets?format={format}",
                body=body,
                token=self.token,
                content_type="application/octet-stream",
                timeout=300.0,
            )
            if res.status != 201:
                server_code, message = None, res.text()[:500]
                try:
                    payload = res.json()
                    server_code, message = payload.get("code"), payload.get("message", message)
                except (ValueError, AttributeError):
                    pass
                hint = " Pass the runtime's token (token= or VEGAFUSION_TOKEN)." if res.status == 401 else ""
                raise UploadError(
                    f"The runtime at {self.url} refused the upload of {len(body)} bytes ({format}): "
                    f"HTTP {res.status} {server_code or ''}: {message}.{hint}",
                    status=res.status,
                    server_code=server_code,
                )
            payload = res.json()
            stored = UploadedDataset(
                hash=payload["hash"],
                url=payload["url"],
                rows=payload.get("rows"),
                columns=tuple(payload["columns"]) if isinstance(payload.get("columns"), list) else None,
            )
            if stored.hash != digest:
                logger.warning("runtime hashed an upload as %s, expected %s", stored.hash, digest)
            self._datasets[digest] = stored
            return stored

    def upload(self, table: Any) -> UploadedDataset:
        """Uploads a pandas/polars/pyarrow table as Arrow IPC (once per runtime)."""
        ref = table_ref(table)
        stored = self.ensure_dataset(ref.sha256, ref.ipc, "arrow")
        self.remember_table(ref.sha256, table, ref.keep)
        return stored

    def remember_table(self, digest: str, table: Any, keep: frozenset[str] | None = None) -> None:
        """Remembers how to upload the dataset `digest` again (from `table`, its columns in
        `keep`), should the runtime lose it. The table is held weakly where Python allows
        it, so remembering keeps no frame alive; the last few hundred digests are kept."""
        try:
            held: Callable[[], Any] = weakref.ref(table)
        except TypeError:  # not weakly referenceable: held for as long as it is remembered
            held = lambda: table  # noqa: E731

        def produce() -> bytes | None:
            source = held()
            return None if source is None else encode_table(source, keep).ipc

        with self._upload_lock:
            self._sources[digest] = (produce, "arrow")
            self._sources.move_to_end(digest)
            while len(self._sources) > _REMEMBERED:
                self._sources.popitem(last=False)

    def delete_dataset(self, digest: str) -> bool:
        """DELETE /datasets/<hash>: removes the dataset from the runtime's upload store (and
        so from every runtime sharing it). False when the store did not hold it."""
        res = http.request("DELETE", f"{self.url}/datasets/{digest}", token=self.token)
        if res.status == 401:
            raise UploadError(f"The runtime at {self.url} refused the token (HTTP 401).", status=401, server_code="unauthorized")
        with self._upload_lock:
            self._datasets.pop(digest, None)
        return res.status == 204

    def recover(self, error: Any) -> bool:
        """Answers a chart's error: for ``dataset_missing`` (the runtime's store no longer
        holds an upload: evicted, deleted, or a runtime with another store), uploads the
        dataset again from the table it was made from, and the chart, which asks again by
        itself, then draws. `error` is the chart's error as the wrappers report it (a dict
        with ``code`` and ``message``, e.g. Dash's ``error`` prop) or an object with those
        attributes. True when the dataset is back; False for other errors, or when the
        table is no longer known (its chart must be made again, e.g. by a rerun)."""
        code = error.get("code") if isinstance(error, Mapping) else getattr(error, "code", None)
        message = error.get("message") if isinstance(error, Mapping) else getattr(error, "message", str(error))
        found = _HASH.search(str(message or "")) if code == "dataset_missing" else None
        return found is not None and self.restore_dataset(found.group(0))

    def restore_dataset(self, digest: str) -> bool:
        """Uploads the dataset `digest` again if the runtime lacks it and this handle knows
        its table (see `remember_table`); True when the runtime holds it afterwards."""
        with self._upload_lock:
            known = self._sources.get(digest)
        if known is None:
            return self.has_dataset(digest)
        produce, format = known
        body: list[bytes] = []

        def bytes_again() -> bytes:
            data = produce()
            # A frame changed in place since (pandas) no longer makes these bytes.
            if data is None or hashlib.sha256(data).hexdigest() != digest:
                raise LookupError(digest)
            body.append(data)
            return data

        try:
            self.ensure_dataset(digest, bytes_again, format)
        except LookupError:
            with self._upload_lock:
                self._sources.pop(digest, None)
            return False
        if body:
            logger.info("uploaded dataset %s again (the runtime had lost it)", digest)
        return True

    def close(self) -> None:
        """Nothing to release for a runtime this process did not start."""


class EmbeddedRuntime(Runtime):
    """A runtime this process started; `close()` stops it (and its process group).

    It is also tied to this process: it stops by itself when this process ends, however it
    ends (it is given this process's id and watches it).
    """

    def __init__(self, url: str, token: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
        super().__init__(url, token, browser_url=os.environ.get("VEGAFUSION_BROWSER_URL") or None)
        self.process = process
        self.log_path = log_path
        self._owner_pid = os.getpid()

    @property
    def embedded(self) -> bool:
        return True

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self, timeout: float = 5.0) -> None:
        """Stops the runtime: SIGTERM to its process group, SIGKILL after `timeout`."""
        if os.getpid() != self._owner_pid or self.process.poll() is not None:
            return
        _signal_group(self.process, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            _signal_group(self.process, signal.SIGKILL)
            self.process.wait(timeout)
        # tsx runs the script in a child of its own; make sure nothing of the group lingers.
        _signal_group(self.process, signal.SIGKILL)
        # A runtime stopped on purpose leaves no log behind; one that failed keeps it.
        try:
            self.log_path.unlink()
        except OSError:
            pass


def _signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
    except AttributeError:  # no process groups (Windows)
        process.kill() if sig == getattr(signal, "SIGKILL", None) else process.terminate()


_LOG_DIR_NAME = "vegafusion-logs"
_LOGS_KEPT = 5


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except OSError:  # EPERM: alive, someone else's
        return True
    return True


def _log_dir() -> Path:
    """The folder of embedded runtimes' logs, pruned: the logs of runtimes whose Python
    process is gone are removed, but for the few most recent (to read after a crash)."""
    # One folder per user: another user's folder of the same name is not writable.
    uid = getattr(os, "getuid", lambda: None)()
    folder = Path(tempfile.gettempdir()) / (_LOG_DIR_NAME if uid is None else f"{_LOG_DIR_NAME}-{uid}")
    folder.mkdir(mode=0o700, exist_ok=True)
    orphans: list[tuple[float, Path]] = []
    for log in folder.glob("runtime-*.log"):
        try:
            owner = int(log.name.split("-")[1])
            mtime = log.stat().st_mtime
        except (ValueError, IndexError, OSError):
            continue
        if not _pid_alive(owner):
            orphans.append((mtime, log))
    orphans.sort(reverse=True)
    for _, log in orphans[_LOGS_KEPT:]:
        try:
            log.unlink()
        except OSError:
            pass
    return folder


def _tail(path: Path, lines: int = 30) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(deque(f, maxlen=lines)).rstrip()
    except OSError:
        return "(no log)"


def _pump(stream: IO[bytes], log: IO[bytes], found: dict[str, str], ready: threading.Event) -> None:
    """Copies the runtime's stdout to its log, noting the "listening on" line."""
    for raw in iter(stream.readline, b""):
        log.write(raw)
        log.flush()
        if not ready.is_set():
            m = _LISTENING.match(raw.decode("utf-8", errors="replace").strip())
            if m:
                found["url"] = m.group(1)
                ready.set()
    ready.set()
    log.close()


def _pump_stderr(stream: IO[bytes], log: IO[bytes], target: logging.Logger = logger) -> None:
    """Copies the runtime's stderr (its log) to its log file, and its warnings and errors to
    Python's logging as well (e.g. `runtime: large table sent to a client {"dataset": ...}`:
    a chart whose browser reads a large table, usually raw rows; its plan report says why)."""
    for raw in iter(stream.readline, b""):
        log.write(raw)
        log.flush()
        m = _LOG_LINE.match(raw.decode("utf-8", errors="replace").rstrip())
        if m:
            target.log(_FORWARDED_LEVELS[m.group(1)], "runtime: %s", m.group(2))
    log.close()


def start_runtime(
    *,
    data_roots: list[str] | None = None,
    extra_args: list[str] | None = None,
    timeout: float | None = None,
    command: RuntimeCommand | None = None,
    env: dict[str, str] | None = None,
) -> EmbeddedRuntime:
    """Starts a new runtime child process on a free port with a random token.

    Most code wants `get_runtime()`, which starts one per Python process and reuses it.
    Raises NodeNotFoundError, RepositoryNotFoundError, RepositoryNotInstalledError or
    RuntimeStartError (with the tail of the runtime's log).
    """
    base_env = dict(os.environ if env is None else env)
    command = command or runtime_command(base_env)
    if timeout is None:
        timeout = float(base_env.get("VEGAFUSION_START_TIMEOUT", "60"))
    token = secrets.token_urlsafe(24)
    flags = ["--port", "0", "--host", "127.0.0.1"]
    for root in data_roots or []:
        flags += ["--data-root", str(root)]
    flags += list(extra_args or [])
    child_env = dict(base_env)
    # Through the environment, not argv, so other users cannot read it with `ps`.
    child_env["VEGAFUSION_TOKEN"] = token
    # The runtime watches this process and stops when it ends, even by SIGKILL.
    child_env["VEGAFUSION_PARENT_PID"] = str(os.getpid())
    child_env.pop("VEGAFUSION_PORT", None)
    fd, log_name = tempfile.mkstemp(prefix=f"runtime-{os.getpid()}-", suffix=".log", dir=_log_dir())
    log_path = Path(log_name)
    # Both pumps append to the log: lines of stdout and stderr interleave, none overwritten.
    os.close(fd)
    log = open(log_path, "ab")
    err_log = open(log_path, "ab")
    try:
        process = subprocess.Popen(
            command.argv(*flags),
            cwd=command.root,
            env=child_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as error:
        log.close()
        err_log.close()
        raise RuntimeStartError(f"Could not run {command.node}: {error}") from error
    found: dict[str, str] = {}
    ready = threading.Event()
    assert process.stdout is not None
    pump = threading.Thread(target=_pump, args=(process.stdout, log, found, ready), daemon=True, name="vegafusion-runtime-stdout")
    pump.start()
    assert process.stderr is not None
    err_pump = threading.Thread(target=_pump_stderr, args=(process.stderr, err_log), daemon=True, name="vegafusion-runtime-stderr")
    err_pump.start()
    ready.wait(timeout)
    url = found.get("url")
    if url is None:
        exited = process.poll()
        if exited is None and ready.is_set():
            # stdout closed without the line: the process is on its way out.
            try:
                exited = process.wait(5)
            except subprocess.TimeoutExpired:
                pass
        if exited is None:
            _signal_group(process, signal.SIGKILL)
            process.wait()
        # The last lines of stderr are on their way to the log.
        err_pump.join(2.0)
        what = f"exited with code {exited}" if exited is not None else f"did not report ready within {timeout:.0f}s"
        raise RuntimeStartError(
            f"The VegaFusion runtime ({' '.join(command.argv('--port', '0'))}, in {command.root}) {what}. "
            f"Log {log_path}, last lines:\n{_tail(log_path)}"
        )
    runtime = EmbeddedRuntime(url, token, process, log_path)
    deadline = time.monotonic() + min(timeout, 15.0)
    while True:
        try:
            runtime.health(timeout=2.0)
            break
        except RuntimeUnreachableError:
            if time.monotonic() > deadline or not runtime.alive:
                runtime.close()
                raise RuntimeStartError(
                    f"The VegaFusion runtime announced {url} but /health does not answer. "
                    f"Log {log_path}, last lines:\n{_tail(log_path)}"
                ) from None
            time.sleep(0.1)
    logger.info("started the VegaFusion runtime at %s (pid %d, log %s)", url, process.pid, log_path)
    return runtime


class _Registry:
    """Runtime handles of this process: the embedded runtime, and one handle per URL and
    token (so each keeps one upload memo). Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._embedded: EmbeddedRuntime | None = None
        self._remote: dict[tuple[str, str | None], Runtime] = {}
        self._atexit = False

    def remote(self, url: str, token: str | None) -> Runtime:
        key = (url.rstrip("/"), token or None)
        with self._lock:
            runtime = self._remote.get(key)
            if runtime is None:
                runtime = Runtime(url, token, browser_url=os.environ.get("VEGAFUSION_BROWSER_URL") or None)
                runtime.health()
                self._remote[key] = runtime
            return runtime

    def embedded(self) -> EmbeddedRuntime:
        with self._lock:
            current = self._embedded
            if current is not None and current.alive and current._owner_pid == os.getpid():
                return current
            if current is not None and current._owner_pid == os.getpid():
                logger.warning("the embedded VegaFusion runtime exited (log %s); starting a new one", current.log_path)
            self._embedded = start_runtime()
            if not self._atexit:
                atexit.register(self.shutdown)
                self._atexit = True
            return self._embedded

    def shutdown(self) -> None:
        with self._lock:
            if self._embedded is not None:
                self._embedded.close()
                self._embedded = None


_registry = _Registry()


def get_runtime(url: str | None = None, token: str | None = None) -> Runtime:
    """The runtime to use: `url` if given, else $VEGAFUSION_RUNTIME_URL (with
    $VEGAFUSION_TOKEN), else the embedded runtime, started on first use and shared by every
    chart and session of this process; it stops when the interpreter exits.

    A remote runtime is health-checked the first time it is named.
    """
    if url is None:
        url = os.environ.get("VEGAFUSION_RUNTIME_URL") or None
        if url is not None and token is None:
            token = os.environ.get("VEGAFUSION_TOKEN") or None
    if url is not None:
        if not re.match(r"^https?://", url):
            raise RuntimeUnreachableError(f"Runtime URL {url!r} is not an http(s) URL (expected e.g. http://127.0.0.1:8765).")
        return _registry.remote(url, token)
    return _registry.embedded()


def shutdown_embedded_runtime() -> None:
    """Stops the embedded runtime now (it restarts on the next `get_runtime()`)."""
    _registry.shutdown()
