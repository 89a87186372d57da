"""Many-tools benchmark: tool selection over 5, 50 and 300 MCP-like tools.

    python -m benchmarks.tools [--requests 50] [--quick N] [--no-llm] [--out FILE]

1. Selection (embedder only, fast): recall@5 of the ranking over the 50 and the 300
   tools (an answer among the five closest), top-1, and whether an answer is among the
   tools actually offered (core + selected), separately on the "tune" requests (the
   selector's settings were first chosen on them), the "held" ones (written after that,
   studied too in the second round, see the README), the "held2" ones (written blind
   to the selector, then studied in the third round) and the "held3" ones (written blind
   to the selector and never used to choose: the honest measure).
2. The default local model, loaded once, warm: for each configuration, a warm-up
   request, then `--requests` labelled requests, each a fresh run. Reports the first
   model step's latency (median), prompt tokens and tokens processed (not from the KV
   cache), the whole run (selection included), and the rate of correct tool calls.
   Configurations: 5 tools (the baseline, all in the cached prefix), 50 and 300 with
   selection on, and off (every tool in the prompt) where that fits the context.

Tools are no-op functions with the real schemas; their reply stands as the answer, so a
run is one model step. The machine is shared: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, create_model
from rich.console import Console
from rich.table import Table

from benchmarks.sandbox import new_user
from benchmarks.toolsets import BY_NAME, SET_5, SET_50, SET_300, ToolDef, requests_for
from benchmarks.toolsets_held import HELD_REQUESTS
from benchmarks.toolsets_held2 import HELD2_REQUESTS
from benchmarks.toolsets_held3 import HELD3_REQUESTS
from familiar.kernel.tool_select import ToolIndex, ToolSelector
from familiar.kernel.tools import Reply, Tool
from familiar.memory.embedder import minilm_embedder
from familiar.security.labels import Confidentiality
from familiar.security.policy import Effect

_TYPES: dict[str, Any] = {"string": str, "integer": int, "number": float, "boolean": bool}
SELECT = 5


def as_tool(d: ToolDef) -> Tool:
    """A no-op Tool with the definition's name, description and argument schema."""
    fields: dict[str, Any] = {}
    required = set(d.parameters.get("required", []))
    for name, prop in d.parameters["properties"].items():
        kind: Any = list[str] if prop["type"] == "array" else _TYPES[prop["type"]]
        if "enum" in prop:
            kind = Literal[tuple(prop["enum"])]
        default = ... if name in required else None
        hint = kind if name in required else kind | None
        fields[name] = (hint, Field(default, description=prop["description"]))
    model = create_model(f"{d.name}_arguments", __config__=ConfigDict(extra="forbid"), **fields)

    def noop(**_: Any) -> Reply:
        return Reply({"ok": True}, f"({d.name} done)")

    return Tool(
        name=d.name,
        description=d.description,
        fn=noop,
        arguments=model,
        effect=Effect.READ,
        trusted_output=True,
        confidentiality=Confidentiality.PUBLIC,
        permissions=(),
        takes_context=False,
    )


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def _selection_split(
    index: ToolIndex,
    selector: ToolSelector,
    tools: list[Tool],
    labelled: list[tuple[str, tuple[str, ...]]],
) -> dict[str, Any]:
    """Recall@5, top-1, offered-hit rate and select time on one set of requests."""
    hits5 = hits1 = offered = 0
    seconds, misses = [], []
    for text, answers in labelled:
        t0 = time.perf_counter()
        offer = selector.offer(text, tools)
        seconds.append(time.perf_counter() - t0)
        ranked = [t.name for t in index.ranked(text, tools)]
        hit5 = any(a in ranked[:5] for a in answers)
        hits5 += hit5
        hits1 += ranked[0] in answers
        offered += any(t.name in answers for t in offer.callable)
        if not hit5:
            misses.append({"request": text, "answers": answers, "top5": ranked[:5]})
    n = max(1, len(labelled))
    return {
        "requests": len(labelled),
        "recall_at_5": hits5 / n,
        "top1": hits1 / n,
        "offered_hit_rate": offered / n,
        "select_ms_median": 1000 * _median(seconds),
        "misses": misses,
    }


def selection(index: ToolIndex, names: list[str]) -> dict[str, Any]:
    """Selection over the tools `names`, on the tune and the three held sets separately.

    "tune" is `toolsets.REQUESTS`, on which the selector's settings were first chosen;
    "held" is `toolsets_held.HELD_REQUESTS`, written after that and studied too in the
    second round (benchmarks/README.md); "held2" is `toolsets_held2.HELD2_REQUESTS`,
    written blind to the selector and studied in the third round; "held3" is
    `toolsets_held3.HELD3_REQUESTS`, written blind to the selector and never used to
    choose anything.
    """
    tools = [as_tool(BY_NAME[n]) for n in names]
    selector = ToolSelector(index, core=SET_5, max_tools=len(SET_5) + SELECT, select=SELECT)
    index.vectors(tools)  # embedded once, as the kernel does
    return {
        "tools": len(names),
        "tune": _selection_split(index, selector, tools, requests_for(names)),
        "held": _selection_split(index, selector, tools, requests_for(names, HELD_REQUESTS)),
        "held2": _selection_split(index, selector, tools, requests_for(names, HELD2_REQUESTS)),
        "held3": _selection_split(index, selector, tools, requests_for(names, HELD3_REQUESTS)),
    }


def _spread(items: list[Any], n: int) -> list[Any]:
    """`n` items spread evenly over `items` (wrapping when n > len(items))."""
    if n <= len(items):
        step = len(items) / n
        return [items[int(i * step)] for i in range(n)]
    return [items[i % len(items)] for i in range(n)]


BLOCK = 10  # requests per configuration before switching; the first of each is a warm-up


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "over_context": False,
        "requests": len(runs),
        "step_s_median": _median([r["step_s"] for r in runs]),
        "prefill_s_median": _median([r["prefill_s"] for r in runs]),
        "decode_s_median": _median([r["decode_s"] for r in runs]),
        "run_s_median": _median([r["run_s"] for r in runs]),
        "prompt_tokens_median": _median([r["prompt_tokens"] for r in runs]),
        "processed_median": _median([r["processed"] for r in runs]),
        "correct_rate": sum(r["called"] in r["answers"] for r in runs) / max(1, len(runs)),
        "runs": runs,
    }


def llm_runs(
    n: int,
    configs: list[tuple[str, list[str], bool]],
    threads: int | None = None,
    save: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Warm runs on the default local model for each (label, tool names, selection).

    The configurations take turns in blocks of BLOCK requests, so a change in the
    machine's load hits all of them alike; the first request of a block only makes the
    prefix resident again and is not counted.
    """
    from familiar.app import _open_configured_model
    from familiar.clock import clock_from_env, resolve_timezone
    from familiar.config import default_paths, load_settings
    from familiar.errors import UserError
    from familiar.kernel.agent import Agent, Request
    from familiar.kernel.dispatcher import Dispatcher
    from familiar.kernel.tool_gate import ToolGate
    from familiar.security.policy import Policy
    from familiar.store import Store

    paths = default_paths()
    settings = load_settings(paths)
    if threads is not None:
        settings.threads = threads
    model = _open_configured_model(settings, paths)
    embedder = minilm_embedder()
    index = ToolIndex(embedder)
    store = Store(paths.db_file)
    dispatcher = Dispatcher(Policy([]), lambda _: False, settings.tool_timeout)
    out: dict[str, Any] = {
        "model": model.name,
        "context_size": model.context_size,
        "threads": settings.threads,
    }
    agents: dict[str, tuple[Agent, list[tuple[str, tuple[str, ...]]]]] = {}
    for label, names, select in configs:
        selector = (
            ToolSelector(index, core=SET_5, max_tools=len(SET_5) + SELECT, select=SELECT)
            if select
            else None
        )
        agent = Agent(
            model=model,
            tools=[as_tool(BY_NAME[n]) for n in names],
            dispatcher=dispatcher,
            store=store,
            settings=settings,
            paths=paths,
            clock=clock_from_env(),
            tz=resolve_timezone(settings.timezone),
            gate=ToolGate(embedder),
            selector=selector,
        )
        labelled = requests_for(names)
        agents[label] = (agent, _spread(labelled, n + -(-n // (BLOCK - 1))))
    runs: dict[str, list[dict[str, Any]]] = {label: [] for label in agents}

    def one(label: str, text: str, answers: tuple[str, ...]) -> dict[str, Any]:
        agent = agents[label][0]
        t0 = time.perf_counter()
        result = agent.run(Request(text))
        total = time.perf_counter() - t0
        steps = store.steps(result.run_id)
        first = next(s for s in steps if s.kind == "model")
        called = [s.tool for s in steps if s.kind == "tool"]
        row = {
            "request": text,
            "answers": answers,
            "called": called[0] if called else None,
            "step_s": first.seconds,
            "prefill_s": first.prefill_seconds or 0.0,
            "decode_s": first.decode_seconds or 0.0,
            "run_s": total,
            "prompt_tokens": first.prompt_tokens or 0,
            "processed": first.prompt_tokens_processed or 0,
            "offered": [t.name for t in agent.offer(text).callable],
        }
        print(
            f"  {label}: {row['called']} {row['step_s']:.2f}s "
            f"{row['processed']}/{row['prompt_tokens']} tokens  {text}",
            flush=True,
        )
        return row

    try:
        for label in list(agents):
            try:
                agents[label][0].run(Request("what time is it?"))
            except UserError as exc:  # the prompt does not fit the context
                out[label] = {"over_context": True, "error": str(exc)}
                print(f"{label}: {exc}")
                del agents[label]
        position = 0
        while any(len(runs[label]) < n for label in agents):
            for label, (_, queue) in agents.items():
                block = queue[position : position + BLOCK]
                if not block or len(runs[label]) >= n:
                    continue
                one(label, *block[0])  # warm-up after the other configurations ran
                for text, answers in block[1:]:
                    if len(runs[label]) < n:
                        runs[label].append(one(label, text, answers))
                out[label] = _summary(runs[label])
                if save is not None:
                    save(out)
            position += BLOCK
    finally:
        dispatcher.close()
        store.close()
        model.close()
        embedder.close()
    return out


def main() -> None:
    """Run the benchmark, write JSON, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=50, help="LLM requests per setup")
    parser.add_argument("--quick", type=int, help="a quick LLM run of this many requests")
    parser.add_argument("--no-llm", action="store_true", help="selection recall only")
    parser.add_argument("--threads", type=int, help="llama.cpp threads (default: the setting)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/tools.json"))
    args = parser.parse_args()
    if args.quick is not None:
        args.out = Path(tempfile.gettempdir()) / "familiar-tools-quick.json"

    new_user()
    embedder = minilm_embedder()
    index = ToolIndex(embedder)
    result: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "selection": {str(len(s)): selection(index, s) for s in (SET_50, SET_300)},
    }
    embedder.close()
    table = Table(title="tool selection (MiniLM; core 5 + selected 5)")
    columns = ("tools", "requests", "set", "recall@5", "top-1", "answer offered", "select ms")
    for column in columns:
        table.add_column(column, justify="right")
    for s in result["selection"].values():
        for split in ("tune", "held", "held2", "held3"):
            r = s[split]
            table.add_row(
                str(s["tools"]),
                str(r["requests"]),
                split,
                f"{r['recall_at_5']:.3f}",
                f"{r['top1']:.3f}",
                f"{r['offered_hit_rate']:.3f}",
                f"{r['select_ms_median']:.1f}",
            )
    Console().print(table)
    if not args.no_llm:
        n = args.quick or args.requests
        configs = [
            ("5 tools", SET_5, False),
            ("50 on", SET_50, True),
            ("50 off", SET_50, False),
            ("300 on", SET_300, True),
            ("300 off", SET_300, False),
        ]
        args.out.parent.mkdir(parents=True, exist_ok=True)

        def save(llm: dict[str, Any]) -> None:
            # after every block: a long run on a busy machine keeps what it measured
            args.out.write_text(json.dumps({**result, "llm": llm}, indent=2, default=str))

        result["llm"] = llm_runs(n, configs, args.threads, save)
        _llm_table(result["llm"])
    elif args.out.exists():
        # selection only: keep the last LLM measurements in the file
        result = {**json.loads(args.out.read_text()), "selection": result["selection"]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str))
    print(f"wrote {args.out}")


def _llm_table(llm: dict[str, Any]) -> None:
    table = Table(title=f"warm first step on {llm['model']} (medians)")
    columns = ("setup", "step s", "x baseline", "prefill / decode s", "run s")
    for column in (*columns, "prompt tokens", "processed", "correct"):
        table.add_column(column, justify="right")
    base = llm["5 tools"]["step_s_median"]
    for label, r in llm.items():
        if not isinstance(r, dict):
            continue
        if r["over_context"]:
            tokens = r["error"].split("(")[1].split(" ")[0] if "(" in r["error"] else "?"
            table.add_row(label, "over the context", "", "", "", tokens, "", "")
            continue
        table.add_row(
            label,
            f"{r['step_s_median']:.2f}",
            f"{r['step_s_median'] / base:.2f}",
            f"{r['prefill_s_median']:.2f} / {r['decode_s_median']:.2f}",
            f"{r['run_s_median']:.2f}",
            f"{r['prompt_tokens_median']:.0f}",
            f"{r['processed_median']:.0f}",
            f"{r['correct_rate']:.0%}",
        )
    Console().print(table)


if __name__ == "__main__":
    main()
