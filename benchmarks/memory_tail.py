"""Where familiar's p95 at 10k comes from: one query at a time, taken apart.

    python -m benchmarks.memory_tail [--items 10000] [--queries 2000] [--load 3]

Builds a store of `--items` clustered vectors the way `benchmarks.memory` does, then
times, back to back like that benchmark's loop:

- `vector_search`: the real call (SQL state check, exact scan under one BLAS thread,
  top-k, liveness check);
- its parts: the scan under `_one_blas_thread`, the scan with BLAS threads left free,
  the SQL state check;
- the same call with the garbage collector off, and with 1 ms idle between queries;
- a pure-Python spin as long as the median query (no BLAS, no SQLite, no allocation):
  whatever tail it has comes from the machine, not from the code.

`--load N` starts N busy loops (at this process's niceness) for the run, to reproduce
the benchmark's shared machine on purpose. Each row also gives the CPU ticks spent by
threads other than the main one (OpenBLAS workers): nonzero means BLAS ran threaded.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from benchmarks import memory as bench


def _thread_ticks() -> dict[str, int]:
    """CPU ticks (user + system) of each thread of this process."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        out[tid] = int(fields[11]) + int(fields[12])
    return out


def _measure(run: Callable[[int], object], n: int, idle_s: float = 0.0) -> dict[str, float]:
    for i in range(10):
        run(i)
    main = str(os.getpid())
    before = _thread_ticks()
    ms = np.empty(n)
    for i in range(n):
        if idle_s:
            time.sleep(idle_s)
        t0 = time.perf_counter()
        run(i)
        ms[i] = (time.perf_counter() - t0) * 1000
    after = _thread_ticks()
    others = sum(after[t] - before.get(t, 0) for t in after if t != main)
    return {
        "p50_ms": float(np.percentile(ms, 50)),
        "p95_ms": float(np.percentile(ms, 95)),
        "p99_ms": float(np.percentile(ms, 99)),
        "over_2ms": int((ms > 2).sum()),
        "other_thread_ticks": others,
    }


def run(data: Path, queries_n: int) -> dict[str, dict[str, float]]:
    """Time the query and its parts on a built store."""
    from familiar.memory import ann

    queries = np.load(data / "queries.npy")
    store, mem = bench._familiar_open(data)
    none = bench._filters("none")
    mem.vector_search(bench.MODEL, queries[0], none, bench.K)
    cache = mem.vector_cache(bench.MODEL)
    assert cache is not None and not cache.approximate
    matrix = cache._matrix

    def q(i: int) -> np.ndarray:
        row: np.ndarray = queries[i % len(queries)]
        return row

    def search(i: int) -> object:
        return mem.vector_search(bench.MODEL, q(i), none, bench.K)

    def scan_limited(i: int) -> object:
        with ann._one_blas_thread():
            return matrix @ q(i)

    out: dict[str, dict[str, float]] = {}
    out["vector_search"] = _measure(search, queries_n)
    out["scan, one BLAS thread"] = _measure(scan_limited, queries_n)
    out["scan, BLAS threads free"] = _measure(lambda i: matrix @ q(i), queries_n)
    out["SQL state check"] = _measure(lambda i: mem.vector_state(bench.MODEL), queries_n)
    gc.disable()
    out["vector_search, gc off"] = _measure(search, queries_n)
    gc.enable()
    out["vector_search, 1 ms idle between"] = _measure(search, queries_n, idle_s=0.001)
    spin_s = out["vector_search"]["p50_ms"] / 1000

    def spin(i: int) -> None:
        end = time.perf_counter() + spin_s
        while time.perf_counter() < end:
            pass

    out["pure-Python spin, same p50"] = _measure(spin, queries_n)
    out["vector_search (again)"] = _measure(search, queries_n)
    mem.close()
    store.close()
    return out


def main() -> None:
    """Build a store, time its query with and without load, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--load", type=int, default=0, help="busy loops to run meanwhile")
    parser.add_argument("--data", type=Path, help="reuse a built store (kept)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="familiar-tail-"))
    data = args.data or root / "data"
    if not (data / "truth.json").exists():
        data.mkdir(parents=True, exist_ok=True)
        vocab = [f"word{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(3000)]
        bench.make_dataset(data, args.items, 200, vocab)
        bench.familiar_build(data)
    spinners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.load)
    ]
    try:
        load_start = os.getloadavg()
        result = run(data, args.queries)
    finally:
        for proc in spinners:
            proc.kill()
            proc.wait()
        shutil.rmtree(root, ignore_errors=True)  # a --data folder is kept
    table = Table(title=f"{args.items:,} items, {args.queries} queries, {args.load} busy loops")
    for col in ("what", "p50 ms", "p95 ms", "p99 ms", "> 2 ms", "BLAS worker ticks"):
        table.add_column(col, justify="right")
    for name, r in result.items():
        table.add_row(
            name,
            f"{r['p50_ms']:.3f}",
            f"{r['p95_ms']:.3f}",
            f"{r['p99_ms']:.3f}",
            str(r["over_2ms"]),
            str(r["other_thread_ticks"]),
        )
    Console().print(table)
    print(json.dumps({"loadavg_start": load_start, "niceness": os.nice(0), "result": result}))


if __name__ == "__main__":
    main()
