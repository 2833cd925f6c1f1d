"""Fixtures for the Streamlit wrapper: the real runtime and Streamlit's AppTest."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from vegafusion_streamlit import component

STUB_JS = "export default function () { return () => {}; }"


@pytest.fixture(scope="session")
def runtime():
    from vegafusion_ts_client import get_runtime

    for name in ("VEGAFUSION_RUNTIME_URL", "VEGAFUSION_TOKEN"):
        os.environ.pop(name, None)
    return get_runtime()


@pytest.fixture
def renderer(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The component as registered by the package when its bundle is built; else the same
    name registered with a stub module, so the Python side runs without the bundle (the
    browser side has its own end-to-end test)."""
    if component.bundle_path().is_file():
        yield "bundle"
        return
    import streamlit as st

    monkeypatch.setattr(component, "_renderer", st.components.v2.component(component.COMPONENT_NAME, js=STUB_JS, isolate_styles=False))
    yield "stub"


@pytest.fixture
def write_app(tmp_path: Path):
    """Writes a Streamlit script and returns its path."""

    def write(source: str) -> str:
        path = tmp_path / "app.py"
        path.write_text(source)
        return str(path)

    return write
