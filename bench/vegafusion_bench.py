"""The Python vegafusion package (2.x) on the same spec and data: cold pre-transforms of
the dashboard's datasets and per-brush-update pre-transforms of the brushed datasets.

Usage: python bench/vegafusion_bench.py <job.json>; prints one JSON line. The file is
read with pyarrow and passed inline, as an app embedding vegafusion would hold its
DataFrame; the read is timed apart (read_ms), for comparisons that start from the file.
Before anything is timed, the same pre-transforms run once on the warm-up file's rows
(`warmup_path`), untimed, as the other systems are warmed.
"""
import copy
import json
import resource
import sys
import time

import pyarrow.parquet as pq
import vegafusion as vf


def with_store(spec, store):
    """The spec with the brush store's entries (a list) or the entries of named stores (a dict)."""
    stores = store if isinstance(store, dict) else {"brush_store": store}
    out = copy.deepcopy(spec)
    for d in out["data"]:
        if d["name"] in stores:
            d["values"] = stores[d["name"]]
    return out


def main(job_path):
    with open(job_path) as f:
        job = json.load(f)
    start = time.perf_counter()
    table = pq.read_table(job["path"])
    read_ms = (time.perf_counter() - start) * 1000
    spec = copy.deepcopy(job["spec"])
    name = job.get("dataset", "flights")
    for d in spec["data"]:
        if "url" in d:
            d["url"] = f"vegafusion+dataset://{name}"
            d.pop("format", None)
    inline = {name: table}
    warm = {name: pq.read_table(job["warmup_path"])} if job.get("warmup_path") else None
    if warm is not None and job["load_datasets"]:
        vf.runtime.pre_transform_datasets(spec, job["load_datasets"], local_tz="UTC", inline_datasets=warm)
    cold = []
    for _ in range(job["repeats"]):
        vf.runtime.clear_cache()
        start = time.perf_counter()
        vf.runtime.pre_transform_datasets(spec, job["load_datasets"], local_tz="UTC", inline_datasets=inline)
        cold.append((time.perf_counter() - start) * 1000)
    updates = []
    for store in job["stores"]:
        start = time.perf_counter()
        vf.runtime.pre_transform_datasets(with_store(spec, store), job["brush_datasets"], local_tz="UTC", inline_datasets=inline)
        updates.append((time.perf_counter() - start) * 1000)
    scatter = None
    if job.get("scatter_spec"):
        s = copy.deepcopy(job["scatter_spec"])
        for d in s["data"]:
            if "url" in d:
                d["url"] = "vegafusion+dataset://flights"
                d.pop("format", None)
        if warm is not None:
            vf.runtime.pre_transform_datasets(s, [job["scatter_dataset"]], local_tz="UTC", inline_datasets=warm, trim_unused_columns=True, dataset_format="pyarrow")
            vf.runtime.clear_cache()
        times = []
        for _ in range(max(1, job.get("scatter_repeats", 1))):
            vf.runtime.clear_cache()
            start = time.perf_counter()
            (df,), _ = vf.runtime.pre_transform_datasets(s, [job["scatter_dataset"]], local_tz="UTC", inline_datasets=inline, trim_unused_columns=True, dataset_format="pyarrow")
            times.append((time.perf_counter() - start) * 1000)
        scatter = {"ms": times, "rows": df.num_rows, "bytes": df.nbytes}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"cold": cold, "updates": updates, "peak": peak, "scatter": scatter, "read_ms": read_ms, "version": vf.__version__}))


if __name__ == "__main__":
    main(sys.argv[1])
