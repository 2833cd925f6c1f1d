"""Argument handling of vegafusion_chart, without a Streamlit script run."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.errors import StreamlitAPIException

from vegafusion_streamlit import BundleNotBuiltError, component
from vegafusion_streamlit.chart import (
    build_component_data,
    check_height,
    check_theme,
    fit_container,
    is_multi_view,
    parse_on_select,
    resolve_width,
)

SINGLE = {"mark": "bar", "encoding": {"x": {"field": "a"}}}
FACET = {"mark": "bar", "encoding": {"x": {"field": "a"}, "column": {"field": "b"}}}


def test_parse_on_select() -> None:
    assert parse_on_select("ignore") == (False, None)
    report, callback = parse_on_select("rerun")
    assert report and callable(callback) and callback() is None

    def mine() -> None: ...

    assert parse_on_select(mine) == (True, mine)
    with pytest.raises(StreamlitAPIException, match="on_select must be"):
        parse_on_select("always")


def test_width_follows_streamlit_rules() -> None:
    assert resolve_width(SINGLE, None, None) == "stretch"
    assert resolve_width(FACET, None, None) == "content"
    assert resolve_width({"hconcat": []}, None, None) == "content"
    assert resolve_width({"vconcat": [{"layer": []}]}, None, None) == "content"
    assert resolve_width({"vconcat": [{"mark": "bar"}]}, None, None) == "stretch"
    assert resolve_width(SINGLE, 420, None) == 420
    assert resolve_width(SINGLE, "content", None) == "content"
    assert resolve_width(FACET, None, True) == "stretch"
    assert resolve_width(SINGLE, 300, False) == 300
    assert resolve_width(SINGLE, None, False) == "content"
    for bad in (0, -5, "wide", True, 3.5):
        with pytest.raises(StreamlitAPIException, match="width must be"):
            resolve_width(SINGLE, bad, None)


def test_height() -> None:
    assert check_height("content") == "content" and check_height(250) == 250
    with pytest.raises(StreamlitAPIException, match="height must be"):
        check_height(0)


def test_multi_view() -> None:
    assert not is_multi_view(SINGLE)
    assert is_multi_view(FACET) and is_multi_view({"repeat": ["a"], "spec": {}}) and is_multi_view({"facet": {}})


def test_fit_container_only_for_stretched_single_vega_lite_views() -> None:
    assert fit_container(dict(SINGLE), "stretch")["width"] == "container"
    assert "width" not in fit_container(dict(SINGLE), "content")
    assert fit_container({**SINGLE, "width": 200}, "stretch")["width"] == 200
    assert "width" not in fit_container(dict(FACET), "stretch")
    assert "width" not in fit_container({"vconcat": [SINGLE, SINGLE]}, "stretch")
    vega = {"$schema": "https://vega.github.io/schema/vega/v6.json", "marks": []}
    assert fit_container(vega, "stretch") == vega


def test_component_data_carries_no_rows() -> None:
    spec = {"data": {"url": "vegafusion+dataset://abc"}, "mark": "point"}
    data = build_component_data(spec, "http://127.0.0.1:1234", "tok", ["brush"], "content")
    assert data == {"spec": spec, "runtime": "http://127.0.0.1:1234", "token": "tok", "selectionParams": ["brush"], "height": None,
                    "theme": "streamlit"}
    assert build_component_data(spec, "u", None, [], 300)["height"] == 300
    assert build_component_data(spec, "u", None, [], 300, None)["theme"] is None


def test_theme_is_streamlit_or_none_as_in_st_altair_chart() -> None:
    assert check_theme("streamlit") == "streamlit" and check_theme(None) is None
    for bad in ("dark", "Streamlit", True):
        with pytest.raises(StreamlitAPIException, match='theme="streamlit" or theme=None'):
            check_theme(bad)


def test_missing_bundle_says_how_to_build_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(component, "FRONTEND_DIR", tmp_path)
    monkeypatch.setattr(component, "_renderer", None)
    with pytest.raises(BundleNotBuiltError, match=r"npm ci && npm run build:web"):
        component.get_renderer()


def test_manifest_names_the_component_and_its_asset_dir() -> None:
    import tomllib

    root = Path(component.__file__).resolve().parents[1]
    manifest = tomllib.loads((root / "pyproject.toml").read_text())
    project, entry = manifest["project"]["name"], manifest["tool"]["streamlit"]["component"]["components"][0]
    assert f"{project}.{entry['name']}" == component.COMPONENT_NAME
    assert (Path(component.__file__).parent / entry["asset_dir"]) == component.FRONTEND_DIR
