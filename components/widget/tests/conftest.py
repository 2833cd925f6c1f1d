"""Fixtures: the embedded runtime, as the widget gets it by default."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def runtime():
    from vegafusion_ts_client import get_runtime

    for name in ("VEGAFUSION_RUNTIME_URL", "VEGAFUSION_TOKEN"):
        os.environ.pop(name, None)
    return get_runtime()
