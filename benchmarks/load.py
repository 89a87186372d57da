"""Load benchmark: a request's latency while other processes keep the CPUs busy.

    python -m benchmarks.load [--requests 5] [--out benchmarks/results/load.json]

The kernel benchmark's requests (`benchmarks/kernel.py`), answered by two apps on the
default local model, warm: one with `threads` set to the number of CPUs (what familiar
did before `models/cpu.py`), one with `threads` 0 (the CPUs free at each request).
For each count of busy processes elsewhere, from none to one per CPU (each a Python
loop at normal priority), the two apps take turns request by request. Reports the median
whole request, the ratio of the two and the slowest request of each; writes JSON and
prints a table.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.kernel import REQUESTS
from benchmarks.sandbox import new_user


def _spin() -> None:
    while True:
        pass


def main() -> None:
    """Run the benchmark, write JSON, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=5, help="requests per setup and load")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/load.json"))
    args = parser.parse_args()
    from familiar.config import default_paths

    new_user()
    from familiar.app import build_app
    from familiar.config import load_settings
    from familiar.kernel.agent import Request
    from familiar.models.cpu import usable_cpus
    from familiar.models.llama import LlamaModel

    cpus = usable_cpus()
    paths = default_paths()
    apps = {}
    for label, threads in (("all CPUs", cpus), ("free CPUs", 0)):
        settings = load_settings(paths)
        settings.threads = threads
        apps[label] = build_app(paths=paths, settings=settings)
    agents = {label: app.agent() for label, app in apps.items()}
    result: dict[str, Any] = {"cpus": cpus, "requests": args.requests, "loads": []}
    try:
        for agent in agents.values():
            agent.run(Request("what time is it?"))  # prefix resident, nothing timed
        for busy in range(cpus + 1):
            spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(busy)]
            for spinner in spinners:
                spinner.start()
            time.sleep(0.5)
            seconds: dict[str, list[float]] = {label: [] for label in agents}
            used: dict[str, list[int]] = {label: [] for label in agents}
            try:
                for i in range(args.requests):
                    text = REQUESTS[i % len(REQUESTS)][0]
                    for label, agent in agents.items():
                        t0 = time.perf_counter()
                        agent.run(Request(text))
                        seconds[label].append(time.perf_counter() - t0)
                        model = apps[label].model
                        if isinstance(model, LlamaModel):
                            used[label].append(model.threads)
                        print(f"  busy {busy} {label}: {seconds[label][-1]:.2f}s  {text}")
            finally:
                for spinner in spinners:
                    spinner.kill()
                    spinner.join()
            result["loads"].append(
                {
                    "busy": busy,
                    **{
                        label: {
                            "median_s": statistics.median(values),
                            "seconds": values,
                            "threads": used[label],
                        }
                        for label, values in seconds.items()
                    },
                }
            )
    finally:
        for app in apps.values():
            app.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    table = Table(title=f"one request under load, {cpus} CPUs (medians of {args.requests})")
    columns = ("busy processes", "threads = CPUs", "threads = free CPUs", "ratio", "slowest")
    for column in columns:
        table.add_column(column, justify="right")
    for row in result["loads"]:
        fixed, free = row["all CPUs"], row["free CPUs"]
        table.add_row(
            str(row["busy"]),
            f"{fixed['median_s']:.2f} s",
            f"{free['median_s']:.2f} s",
            f"{free['median_s'] / fixed['median_s']:.2f}",
            f"{max(fixed['seconds']):.1f} / {max(free['seconds']):.1f} s",
        )
    Console().print(table)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
