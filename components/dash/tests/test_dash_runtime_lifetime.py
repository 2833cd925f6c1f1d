"""A Dash app's embedded runtime ends with the app, however the app's process ends.

A real Dash app (Flask serving, a chart whose DataFrame was uploaded to the runtime it
started) is stopped with SIGTERM, as a process manager stops it, or killed with SIGKILL,
as an out-of-memory killer does: neither runs Python's atexit, and the runtime must not
live on as an orphan (parent PID 1).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from vegafusion_ts_client import Runtime, RuntimeUnreachableError
from vegafusion_ts_client.testing import free_port

APP = textwrap.dedent(
    """
    import os
    import altair as alt
    import pandas as pd
    from dash import Dash, html
    from vegafusion_dash import VegaFusionChart
    from vegafusion_ts_client import get_runtime

    frame = pd.DataFrame({"x": list(range(1000)), "y": [i % 7 for i in range(1000)]})
    chart = alt.Chart(frame).mark_bar().encode(x=alt.X("x:Q", bin=True), y="count()")
    app = Dash(__name__)
    app.layout = html.Div([VegaFusionChart(id="chart", spec=chart)])
    runtime = get_runtime()
    print(runtime.process.pid, runtime.url, runtime.log_path, flush=True)
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]), debug=False)
    """
)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _serving(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as res:
                if res.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_the_runtime_stops_when_the_dash_app_is_stopped(tmp_path: Path, sig: int) -> None:
    script = tmp_path / "app.py"
    script.write_text(APP)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEGAFUSION_")}
    env["PORT"] = str(port)
    app = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    pgid = None
    try:
        assert app.stdout is not None
        pid_text, url, log_path = app.stdout.readline().split()
        pgid = int(pid_text)
        assert Runtime(url).health()["status"] == "ok"
        assert _serving(f"http://127.0.0.1:{port}/", 60), "the Dash app did not serve"
        # The runtime's log is in the per-user log folder, not loose in the temp folder.
        assert Path(log_path).parent.name.startswith("vegafusion-logs")
        app.send_signal(sig)
        app.wait(10)
        deadline = time.monotonic() + 10
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group_alive(pgid), f"the runtime outlived its Dash app ({signal.Signals(sig).name})"
        with pytest.raises(RuntimeUnreachableError):
            Runtime(url).health(timeout=1.0)
    finally:
        if app.poll() is None:
            app.kill()
        if pgid is not None:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
