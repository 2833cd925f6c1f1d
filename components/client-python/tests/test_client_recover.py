"""A dataset the runtime lost (evicted, deleted, or a runtime with another store) comes
back: the runtime answers a chart's query with ``dataset_missing`` naming the hash, and
``Runtime.recover`` uploads it again from the table it was made from."""

from __future__ import annotations

import gc
import json
import subprocess
from pathlib import Path

import pandas as pd

from vegafusion_ts_client import Runtime, dataset_urls, to_spec

HERE = Path(__file__).resolve().parent


def _query(runtime: Runtime, repo_root: Path, digest: str) -> dict:
    """The runtime's reply to a chart's query of the dataset, over WebSocket."""
    out = subprocess.run(
        ["node", "--import", "tsx", str(HERE / "query_dataset.ts"), runtime.url, runtime.token or "", digest],
        cwd=repo_root, capture_output=True, text=True, timeout=60, check=True,
    )
    return json.loads(out.stdout)


def _spec(df: pd.DataFrame, runtime: Runtime) -> str:
    spec = to_spec({"mark": "bar", "encoding": {"x": {"field": "k", "type": "nominal"}, "y": {"field": "v", "type": "quantitative"}}}, df, runtime=runtime)
    (url,) = dataset_urls(spec)
    return url.rsplit("/", 1)[-1]


def test_a_deleted_dataset_is_uploaded_again_on_dataset_missing(runtime: Runtime, repo_root: Path, uploads) -> None:
    df = pd.DataFrame({"k": ["recover-a", "recover-b", "recover-c"], "v": [1.0, 2.0, 3.0]})
    digest = _spec(df, runtime)
    assert _query(runtime, repo_root, digest) == {"rows": 3}

    assert runtime.delete_dataset(digest) is True
    assert runtime.has_dataset(digest) is False
    reply = _query(runtime, repo_root, digest)
    assert reply["error"]["code"] == "dataset_missing"
    assert digest in reply["error"]["message"]

    before = uploads()
    assert runtime.recover(reply["error"]) is True
    assert uploads() == before + 1
    assert runtime.has_dataset(digest)
    assert _query(runtime, repo_root, digest) == {"rows": 3}
    # Held: nothing to do.
    assert runtime.recover(reply["error"]) is True
    assert uploads() == before + 1


def test_recover_declines_other_errors_and_tables_that_are_gone(runtime: Runtime, repo_root: Path) -> None:
    df = pd.DataFrame({"k": ["gone-a", "gone-b"], "v": [5.0, 6.0]})
    digest = _spec(df, runtime)
    assert runtime.recover({"code": "bad_data", "message": f"about {digest}"}) is False
    runtime.delete_dataset(digest)
    reply = _query(runtime, repo_root, digest)["error"]
    # The frame is held weakly: once the app lets it go there is nothing to upload.
    del df
    gc.collect()
    assert runtime.recover(reply) is False
    assert runtime.has_dataset(digest) is False
    # A frame changed in place no longer makes the lost bytes: not uploaded under the old name.
    changed = pd.DataFrame({"k": ["mut-a"], "v": [1.0]})
    digest2 = _spec(changed, runtime)
    runtime.delete_dataset(digest2)
    changed.loc[0, "v"] = 2.0
    assert runtime.recover({"code": "dataset_missing", "message": f"Dataset {digest2} is not in the store"}) is False
