"""Kernel benchmark: one-tool requests on the default local model, cold and warm.

    python -m benchmarks.kernel [--warm 30] [--cold 5] [--out benchmarks/results/kernel.json]

Cold: a new process per request (process start to answer), with an empty prefix cache
and with the persisted prefix. Warm: one process, like a chat session, model loaded and
the prefix resident. Each request's time is split into prefill, decoding, tool and
answer (a second model call, when the tool's reply does not stand as the answer).
Reports medians; the machines are shared and noisy, so compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

# (request, the tool a correct first step calls)
REQUESTS: list[tuple[str, str]] = [
    ("remind me to call Mom tomorrow at 6pm", "create_reminder"),
    ("what reminders do I have?", "list_reminders"),
    ("what time is it?", "current_time"),
    ("add milk to my groceries note", "append_note"),
    ("remind me to water the plants on friday", "create_reminder"),
    ("search my notes for the wifi password", "recall"),
    ("remind me in 2 hours to take the pizza out", "create_reminder"),
    ("what's the date next friday?", "current_time"),
    ("note that the plumber comes on Monday", "append_note"),
    ("show me my to-do list", "list_reminders"),
]


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def run_one(request: str, data_dir: Path) -> dict[str, Any]:
    """Answer one request in this process and report its timings (used by cold runs)."""
    t_import = time.time()
    from familiar.app import build_app
    from familiar.config import default_paths
    from familiar.kernel.agent import Request

    os.environ["FAMILIAR_DATA_DIR"] = str(data_dir)
    fam = build_app(paths=default_paths())
    t_load = time.time()
    model = fam.model
    loaded = time.time()
    agent = fam.agent()

    t0 = time.time()
    result = agent.run(Request(request))
    done = time.time()
    steps = fam.store.steps(result.run_id)
    first = next(s for s in steps if s.kind == "model")
    fam.close()
    del model
    return {
        "import_s": t_load - t_import,
        "load_s": loaded - t_load,
        # the first generated token: a tool call streams no text, so take the model's own
        # measure of the time from the request to its first output token
        "first_token_at": t0 + (first.prefill_seconds or 0.0),
        "first_prefill_s": first.prefill_seconds,
        "first_prompt_tokens": first.prompt_tokens,
        "first_processed": first.prompt_tokens_processed,
        "done_at": done,
        "answer": result.answer,
    }


def cold(requests: list[tuple[str, str]], root: Path) -> dict[str, Any]:
    """New processes: with an empty prefix cache, then with the persisted prefix."""
    rows: dict[str, list[dict[str, Any]]] = {"without_prefix": [], "with_prefix": []}
    for request, _ in requests:
        for mode in ("without_prefix", "with_prefix"):
            data = root / f"cold-{len(rows[mode])}-{mode}"
            if mode == "with_prefix":
                # a previous process persisted the prefix: copy its cache only
                src = root / "warm-data" / "cache"
                shutil.copytree(src, data / "cache", dirs_exist_ok=True)
            started = time.time()
            proc = subprocess.run(
                [sys.executable, "-m", "benchmarks.kernel", "--one", request, "--data", str(data)],
                capture_output=True,
                text=True,
                check=True,
            )
            report = json.loads(proc.stdout.strip().splitlines()[-1])
            report["ttft_s"] = report.pop("first_token_at") - started
            report["total_s"] = report.pop("done_at") - started
            rows[mode].append(report)
    summary: dict[str, Any] = {
        mode: {
            "ttft_median_s": _median([r["ttft_s"] for r in runs]),
            "total_median_s": _median([r["total_s"] for r in runs]),
            "prefill_median_s": _median([r["first_prefill_s"] or 0 for r in runs]),
            "processed_median": _median([r["first_processed"] or 0 for r in runs]),
            "load_median_s": _median([r["load_s"] for r in runs]),
        }
        for mode, runs in rows.items()
    }
    with_ttft = summary["with_prefix"]["ttft_median_s"]
    summary["ttft_speedup"] = summary["without_prefix"]["ttft_median_s"] / max(with_ttft, 1e-9)
    return {"summary": summary, "runs": rows}


def warm(requests: list[tuple[str, str]], n: int, data: Path) -> dict[str, Any]:
    """One process, model loaded: n requests in a row, each a fresh run."""
    os.environ["FAMILIAR_DATA_DIR"] = str(data)
    from familiar.app import build_app
    from familiar.kernel.agent import Request

    fam = build_app()
    agent = fam.agent()
    agent.run(Request("hello"))  # warm-up: loads the model and the prefix
    runs: list[dict[str, Any]] = []
    for i in range(n):
        request, expected = requests[i % len(requests)]
        t0 = time.perf_counter()
        result = agent.run(Request(request))
        total = time.perf_counter() - t0
        steps = fam.store.steps(result.run_id)
        models = [s for s in steps if s.kind == "model"]
        tools = [s for s in steps if s.kind == "tool"]
        runs.append(
            {
                "request": request,
                "expected": expected,
                "called": tools[0].tool if tools else None,
                "total_s": total,
                "prefill_s": models[0].prefill_seconds or 0.0,
                "decode_s": models[0].decode_seconds or 0.0,
                "tool_s": sum(s.seconds for s in tools),
                "answer_s": sum(s.seconds for s in models[1:]),
                "model_calls": len(models),
                "prompt_tokens": models[0].prompt_tokens,
                "processed_tokens": [s.prompt_tokens_processed for s in models],
                "answer": result.answer,
            }
        )
    fam.close()
    keys = ("total_s", "prefill_s", "decode_s", "tool_s", "answer_s")
    summary: dict[str, Any] = {f"{k}_median": _median([r[k] for r in runs]) for k in keys}
    summary["correct_tool_rate"] = sum(r["called"] == r["expected"] for r in runs) / len(runs)
    summary["processed_tokens_first_step_median"] = _median(
        [r["processed_tokens"][0] or 0 for r in runs]
    )
    summary["prompt_tokens_median"] = _median([r["prompt_tokens"] or 0 for r in runs])
    return {"summary": summary, "runs": runs}


def main() -> None:
    """Run the benchmark, write JSON, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warm", type=int, default=30, help="warm requests")
    parser.add_argument("--cold", type=int, default=5, help="cold requests per mode")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/kernel.json"))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.data)))
        return
    from familiar.config import default_paths

    # models stay where they are; config and data go to temporary folders
    os.environ.setdefault("FAMILIAR_MODELS_DIR", str(default_paths().models_dir))
    os.environ.setdefault("FAMILIAR_CONFIG_DIR", tempfile.mkdtemp(prefix="familiar-bench-cfg-"))
    root = Path(tempfile.mkdtemp(prefix="familiar-bench-"))
    try:
        warm_result = warm(REQUESTS, args.warm, root / "warm-data")
        cold_result = cold(REQUESTS[: args.cold], root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    result = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "warm": warm_result,
        "cold": cold_result,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str))
    table = Table(title="kernel: one-tool requests on the default local model (medians)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    w, c = warm_result["summary"], cold_result["summary"]
    table.add_row("warm request total", f"{w['total_s_median']:.2f} s")
    table.add_row(
        "  prefill / decode", f"{w['prefill_s_median']:.2f} / {w['decode_s_median']:.2f} s"
    )
    table.add_row("  tool / answer", f"{w['tool_s_median']:.3f} / {w['answer_s_median']:.2f} s")
    table.add_row(
        "  prompt tokens / processed",
        f"{w['prompt_tokens_median']:.0f} / {w['processed_tokens_first_step_median']:.0f}",
    )
    table.add_row("  correct first tool", f"{w['correct_tool_rate']:.0%}")
    for mode in ("without_prefix", "with_prefix"):
        m = c[mode]
        table.add_row(f"cold {mode.replace('_', ' ')}: first token", f"{m['ttft_median_s']:.2f} s")
        table.add_row(
            "  total / model load", f"{m['total_median_s']:.2f} / {m['load_median_s']:.2f} s"
        )
        table.add_row("  prompt tokens processed", f"{m['processed_median']:.0f}")
    table.add_row(
        "cold first-token speed-up from the persisted prefix", f"{c['ttft_speedup']:.1f}x"
    )
    Console().print(table)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
