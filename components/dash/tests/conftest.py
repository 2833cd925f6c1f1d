"""Fixtures for the Dash wrapper: the real runtime of this checkout, Dash apps served by
Flask's test client, and the flights data of vega-datasets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "node_modules" / "vega-datasets" / "data"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_bundle: check for the component's browser files as the package does")


@pytest.fixture(scope="session")
def runtime():
    """The embedded runtime, as the component gets it by default."""
    from vegafusion_ts_client import get_runtime

    assert (REPO / "node_modules" / "tsx").is_dir(), f"run `npm ci` in {REPO} before the Python tests"
    for name in ("VEGAFUSION_RUNTIME_URL", "VEGAFUSION_TOKEN"):
        os.environ.pop(name, None)
    return get_runtime()


@pytest.fixture(scope="session")
def flights():
    """20,000 flights as a pandas frame."""
    import pandas as pd

    return pd.read_json(DATA / "flights-20k.json")


@pytest.fixture
def post_callback():
    """Calls a Dash callback through the app's real HTTP endpoint and returns its response."""

    def call(app, output: str, inputs: list[dict], outputs: dict | list | None = None) -> dict:
        client = app.server.test_client()
        # GET / first: Dash registers the component suites and callbacks on the first request.
        assert client.get("/").status_code == 200
        body = {"output": output, "outputs": outputs, "inputs": inputs, "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs]}
        res = client.post("/_dash-update-component", json=body)
        assert res.status_code == 200, res.get_data(as_text=True)[:2000]
        return res.get_json()

    return call
