"""Fixtures: the real runtime of this checkout (started once per test session)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vegafusion_ts_client import Runtime, get_runtime

REPO = Path(__file__).resolve().parents[3]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "packaging: builds the wheels and installs them into a new virtualenv outside the checkout")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    assert (REPO / "runtime" / "src" / "cli.ts").is_file(), f"not a checkout: {REPO}"
    assert (REPO / "node_modules" / "tsx").is_dir(), f"run `npm ci` in {REPO} before the Python tests"
    return REPO


@pytest.fixture(scope="session")
def runtime(repo_root: Path) -> Runtime:
    """The embedded runtime, as every wrapper gets it."""
    for name in ("VEGAFUSION_RUNTIME_URL", "VEGAFUSION_TOKEN"):
        os.environ.pop(name, None)
    return get_runtime()


@pytest.fixture
def no_runtime_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("VEGAFUSION_RUNTIME_URL", "VEGAFUSION_TOKEN", "VEGAFUSION_HOME", "VEGAFUSION_NODE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def uploads(runtime: Runtime):
    """Reads the runtime's count of stored uploads (POSTs that it accepted)."""
    return lambda: runtime.metrics().get("vegafusion_uploads_total", 0.0)
