"""The one browser-files check the wrappers share."""

from __future__ import annotations

from pathlib import Path

import pytest

from vegafusion_ts_client import BundleNotBuiltError, VegaFusionError, check_bundle_files


def test_present_files_pass(tmp_path: Path) -> None:
    (tmp_path / "a.js").write_text("//")
    check_bundle_files([tmp_path / "a.js"], component="Dash", distribution="vegafusion-dash", restart="the app")


def test_missing_files_are_named_with_how_to_get_them(tmp_path: Path) -> None:
    (tmp_path / "a.js").write_text("//")
    with pytest.raises(BundleNotBuiltError) as info:
        check_bundle_files([tmp_path / "a.js", tmp_path / "b.js"], component="Panel", distribution="vegafusion-panel", restart="`panel serve`")
    message = str(info.value)
    assert str(tmp_path / "b.js") in message and str(tmp_path / "a.js") not in message
    assert "pip install --force-reinstall vegafusion-panel" in message and "npm ci && npm run build:web" in message
    assert info.value.code == "bundle_not_built" and isinstance(info.value, VegaFusionError)
