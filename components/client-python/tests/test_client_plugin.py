"""The wrappers' test support is a pytest plugin, and the client never imports it."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_pytest_loads_the_plugin(pytestconfig: pytest.Config) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("vegafusion_ts")
    assert plugin is not None and plugin.__name__ == "vegafusion_ts_client.testing"


def test_the_client_does_not_import_test_support() -> None:
    code = "import sys, vegafusion_ts_client; print(sorted(m for m in ('pytest', 'vegafusion_ts_client.testing', 'playwright') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    assert out == "[]"
