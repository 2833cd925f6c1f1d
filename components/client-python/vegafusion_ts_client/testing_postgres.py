"""A real PostgreSQL for the wrappers' end-to-end tests, not part of the client's API.

Debian's server binaries (scripts/ensure-postgres.sh installs them) make a throwaway
cluster in a temporary folder (as the `postgres` user when the tests run as root: initdb
refuses root), listening on 127.0.0.1 at a free port, stopped and removed on exit. Fixtures
are written with `psql`, so the tests need no Python driver. Where it cannot start,
`start_postgres` raises `PostgresUnavailable` with the reason, for a test to skip with.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .testing import free_port

_PG_ROOT = Path("/usr/lib/postgresql")


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started here; the message says why."""


@dataclass(frozen=True)
class PostgresCluster:
    """A running cluster: its superuser `postgres` logs in with `password`."""

    host: str
    port: int
    password: str
    database: str
    psql_path: str

    def psql(self, sql: str, *, stdin: bytes | None = None, user: str = "postgres", password: str | None = None) -> str:
        """Runs `sql` (one command, or a `\\copy ... FROM STDIN` fed `stdin`) and returns its
        unaligned output; raises CalledProcessError with psql's message on failure."""
        env = {**os.environ, "PGPASSWORD": password if password is not None else self.password}
        out = subprocess.run(
            [self.psql_path, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.host, "-p", str(self.port),
             "-U", user, "-d", self.database, "-c", sql],
            input=stdin, env=env, capture_output=True, check=True, timeout=120,
        )
        return out.stdout.decode()


def _bin_dir() -> Path | None:
    if not _PG_ROOT.is_dir():
        return None
    versions = sorted((v for v in _PG_ROOT.iterdir() if (v / "bin" / "initdb").is_file()), key=lambda v: float(v.name), reverse=True)
    return versions[0] / "bin" if versions else None


@contextmanager
def start_postgres() -> Iterator[PostgresCluster]:
    """A throwaway cluster for the `with` block. Raises PostgresUnavailable where it cannot start."""
    bin_dir = _bin_dir()
    psql_path = shutil.which("psql") or (str(bin_dir / "psql") if bin_dir and (bin_dir / "psql").is_file() else None)
    if bin_dir is None or psql_path is None:
        raise PostgresUnavailable("PostgreSQL server binaries are not installed (scripts/ensure-postgres.sh installs them)")
    as_root = hasattr(os, "getuid") and os.getuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="vf-pg-"))
    data = folder / "data"
    password = f"pw-{secrets.token_hex(8)}"
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    started = False
    try:
        (folder / "pw").write_text(f"{password}\n")
        if as_root:
            folder.chmod(0o700)
            shutil.chown(folder, "postgres", "postgres")
            shutil.chown(folder / "pw", "postgres", "postgres")
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "scram-sha-256", f"--pwfile={folder / 'pw'}",
            "-E", "UTF8", "--locale=C", "--no-sync")
        port = free_port()
        opts = (f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c max_connections=40")
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-t", "60", "-o", opts, "start")
        started = True
    except (OSError, subprocess.SubprocessError, LookupError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        detail = getattr(error, "stderr", None)
        text = detail.decode(errors="replace") if isinstance(detail, bytes) else str(error)
        raise PostgresUnavailable(f"PostgreSQL could not start: {' '.join(text.strip().splitlines()[-2:])}") from error
    try:
        yield PostgresCluster(host="127.0.0.1", port=port, password=password, database="postgres", psql_path=psql_path)
    finally:
        if started:
            try:
                run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
            except subprocess.SubprocessError:
                pass  # already gone; the folder is removed anyway
        shutil.rmtree(folder, ignore_errors=True)
