"""The wheel: `pip install ./components/dash` ships the browser files and the shared client
(with this checkout recorded), and installs into a fresh environment where a Dash app serves
the component."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from vegafusion_dash import bundle

PACKAGE = Path(__file__).resolve().parents[1]
REPO = PACKAGE.parents[1]

pytestmark = pytest.mark.skipif(
    not all(p.is_file() for p in bundle.bundle_paths()),
    reason="browser files not built: run `npm run build:web` (and `npx webpack --config components/dash/webpack.config.js`)",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(PACKAGE)],
        check=True,
        env={"VEGAFUSION_SKIP_WEB_BUILD": "1", "PATH": "/usr/bin:/bin"},
    )
    (found,) = out.glob("vegafusion_dash-*.whl")
    return found


def test_wheel_holds_the_browser_files_and_the_shared_client(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in ("vegafusion_dash/dist/vegafusion-react.umd.js", "vegafusion_dash/dist/vegafusion_dash.js",
                 "vegafusion_dash/component.py",
                 "vegafusion_ts_client/__init__.py", "vegafusion_ts_client/_build_info.py"):
        assert path in names, path
    info = zipfile.ZipFile(wheel).read("vegafusion_ts_client/_build_info.py").decode()
    assert repr(str(REPO)) in info
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Dist: dash>=3" in text


def test_installed_wheel_serves_the_component(wheel: Path, tmp_path: Path) -> None:
    """Into a new virtualenv that sees the test environment's packages (dash, altair, ...)
    but not the editable sources."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([sys.executable, "-c", "import dash, os; print(os.path.dirname(os.path.dirname(dash.__file__)))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         check=True, capture_output=True, text=True).stdout.strip()) / "deps.pth").write_text(site + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", str(wheel)], check=True)
    script = (
        "import re, vegafusion_dash, vegafusion_ts_client\n"
        "from dash import Dash, html\n"
        "assert '/site-packages/' in vegafusion_dash.__file__ and 'components' not in vegafusion_dash.__file__, vegafusion_dash.__file__\n"
        "app = Dash(__name__)\n"
        "app.layout = html.Div(id='x')\n"
        "vegafusion_dash.VegaFusionChart  # registers the package with Dash\n"
        "client = app.server.test_client()\n"
        "page = client.get('/').get_data(as_text=True)\n"
        "srcs = [s for s in re.findall(r'<script src=\"([^\"]+)\"', page) if '/vegafusion_dash/' in s]\n"
        "assert len(srcs) == 2, srcs\n"
        "assert all(client.get(s).status_code == 200 for s in srcs)\n"
        "from vegafusion_ts_client.locate import find_repository\n"
        "print(find_repository({}))\n"
    )
    out = subprocess.run([str(python), "-c", script], check=True, capture_output=True, text=True, cwd=tmp_path,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.stdout.strip() == str(REPO)
