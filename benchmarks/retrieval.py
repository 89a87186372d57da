"""Retrieval quality on the synthetic person: recall@5 for BM25, vector and hybrid search.

    python -m benchmarks.retrieval [--seed 7] [--out benchmarks/results/retrieval.json]
                                   [--workdir DIR]

Generates the person and brings it in the way a user would (subprocesses on a temporary
data folder): `familiar sources add` for its calendar, contacts, mail, notes and
documents folders (and its device log, as documents), then `familiar sources sync`,
which parses, stores and indexes them and embeds the backlog with the real MiniLM.
Then it asks the questions of benchmarks/data/retrieval_questions.jsonl through
`Memory.search` in each mode; then, as a larger literal check, the manifest's own
question for every fact a stored item answers (halved into "tune" and "held" by a hash
of the fact's id).

A question is answered when one of its answer items is in the top 5: the timeline
entries sync made for the calendar event (by UID), card (by UID) or message file the
fact names, and the chunks of its notes and documents holding the most of its strings
(see familiar.testing.retrieval). Recall is reported overall, for literal and
paraphrased questions, and for the "tune" and "held" halves: search settings may only
be chosen on "tune". With --workdir the person and its store are kept there, and a
second run re-reads nothing (the files are unchanged).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from familiar.memory import Filters, Memory
from familiar.memory.embedder import make_embedder
from familiar.memory.search import Mode
from familiar.memory.sqlite import SqliteMemoryStore
from familiar.store import Store
from familiar.testing.person import generate
from familiar.testing.retrieval import (
    Question,
    best_chunks,
    entry_texts,
    load_questions,
    same_text,
)

K = 5
MODES: tuple[Mode, ...] = ("text", "vector", "hybrid")
GROUPS = ("all", "literal", "paraphrase", "tune", "held")


# (source name, kind, folder of the person): how a user brings the person in. The device
# log has no source kind of its own; it is a folder of documents like any other.
SOURCES = (
    ("calendar", "calendar", "calendar"),
    ("contacts", "contacts", "contacts"),
    ("mail", "mail", "mail"),
    ("notes", "notes", "notes"),
    ("documents", "documents", "documents"),
    ("devices", "documents", "devices"),
)


def _familiar(data_dir: Path, *args: str) -> None:
    env = dict(os.environ)
    env.update(
        FAMILIAR_DATA_DIR=str(data_dir),
        FAMILIAR_CONFIG_DIR=str(data_dir / "config"),
    )
    cmd = [sys.executable, "-m", "familiar", *args]
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)


def ingest(person: Path, data_dir: Path) -> float:
    """Add the person's folders as sources and sync them, embedding included; seconds taken."""
    t0 = time.perf_counter()
    config = data_dir / "config" / "config.toml"
    known = config.read_text(encoding="utf-8") if config.exists() else ""
    for name, kind, folder in SOURCES:
        if f"[sources.{name}]" not in known:
            _familiar(data_dir, "sources", "add", kind, str(person / folder), "--name", name)
    _familiar(data_dir, "sources", "sync")
    return time.perf_counter() - t0


def answer_ids(
    memory: Memory, store: Store, person: Path, facts: dict[str, dict[str, Any]]
) -> dict[str, set[int]]:
    """For each fact, the ids of the items that answer it: its entries and best chunks."""
    by_path: dict[str, list[tuple[int, str]]] = defaultdict(list)
    offset = 0
    while page := memory.store.items(Filters(kinds=("chunk",)), 500, offset):
        for item in page:
            by_path[item.path or ""].append((item.id, f"{item.title}\n{item.text}"))
        offset += len(page)
    state = store.sync_state()
    answers: dict[str, set[int]] = {}
    for fact_id, fact in facts.items():
        found: set[int] = set()
        chunked: list[str] = []
        for ref in fact["items"]:
            texts = entry_texts(person, ref)
            if texts is None:
                chunked.append(ref["path"])
                continue
            source = Path(ref["path"]).parts[0]
            owned = memory.store.items_by_id(state.item_ids(source, str(person / ref["path"])))
            found |= {
                i
                for i, item in owned.items()
                if not texts or any(same_text(item.text, t) for t in texts)
            }
        chunks = [c for p in dict.fromkeys(chunked) for c in by_path.get(str(person / p), [])]
        found |= {chunks[n][0] for n in best_chunks([t for _, t in chunks], fact["strings"])}
        answers[fact_id] = found
    return answers


def recall(found: dict[str, bool], questions: list[Question]) -> dict[str, float | int]:
    """recall@K per group of questions, with the group sizes."""
    out: dict[str, float | int] = {}
    for group in GROUPS:
        chosen = [q for q in questions if group in ("all", q.kind, q.split)]
        out[group] = round(sum(found[q.id] for q in chosen) / len(chosen), 3) if chosen else 0.0
        out[f"n_{group}"] = len(chosen)
    return out


def evaluate(
    memory: Memory, questions: list[Question], answers: dict[str, set[int]]
) -> tuple[dict[str, dict[str, float | int]], dict[str, dict[str, int | None]]]:
    """recall@K per mode and group, and each question's best answer rank per mode."""
    results: dict[str, dict[str, float | int]] = {}
    ranks: dict[str, dict[str, int | None]] = {q.id: {} for q in questions}
    for mode in MODES:
        found: dict[str, bool] = {}
        for q in questions:
            hits = memory.search(q.text, limit=K, mode=mode)
            rank = next((n for n, h in enumerate(hits, 1) if h.item.id in answers[q.fact]), None)
            ranks[q.id][mode] = rank
            found[q.id] = rank is not None
        results[mode] = recall(found, questions)
    return results, ranks


def manifest_questions(facts: dict[str, dict[str, Any]], answerable: set[str]) -> list[Question]:
    """The generator's own question for each answerable fact, split by a hash of its id."""
    return [
        Question(
            id=f"{fact_id}/manifest",
            fact=fact_id,
            text=fact["question"],
            kind="literal",
            split="tune" if hashlib.sha256(fact_id.encode()).digest()[-1] % 2 == 0 else "held",
        )
        for fact_id, fact in sorted(facts.items())
        if fact_id in answerable
    ]


def _table(title: str, results: dict[str, dict[str, float | int]]) -> Table:
    table = Table(title=title)
    table.add_column("mode")
    groups = [g for g in GROUPS if results["hybrid"][f"n_{g}"]]
    for group in groups:
        table.add_column(f"{group} (n={results['hybrid'][f'n_{group}']})", justify="right")
    for mode in MODES:
        table.add_row(mode, *(f"{results[mode][g]:.3f}" for g in groups))
    return table


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/retrieval.json"))
    parser.add_argument("--workdir", type=Path, help="keep the person and its store here")
    args = parser.parse_args(argv)
    questions = load_questions()
    with tempfile.TemporaryDirectory(prefix="familiar-retrieval-") as tmp:
        work = args.workdir or Path(tmp)
        work = work.absolute()
        person = work / "person"
        data_dir = work / "data"
        if not (person / "manifest.json").exists():
            generate(person, seed=args.seed)
        manifest = json.loads((person / "manifest.json").read_text(encoding="utf-8"))
        facts = {f["id"]: f for f in manifest["facts"]}
        seconds = ingest(person, data_dir)
        store = Store(data_dir / "familiar.db")
        embedder = make_embedder()
        memory = Memory(
            SqliteMemoryStore(store, data_dir / "cache"),
            embedder,
            lambda: datetime.now(UTC),
            UTC,
        )
        try:
            answers = answer_ids(memory, store, person, facts)
            unanswerable = sorted({q.fact for q in questions if not answers[q.fact]})
            if unanswerable:
                raise SystemExit(f"no stored chunk answers: {', '.join(unanswerable)}")
            results, ranks = evaluate(memory, questions, answers)
            generated = manifest_questions(facts, {f for f, ids in answers.items() if ids})
            generated_results, _ = evaluate(memory, generated, answers)
            items = memory.stats().items_by_kind
        finally:
            memory.close()
            store.close()
    console = Console()
    console.print(_table(f"recall@{K}, {len(questions)} written questions", results))
    console.print(
        _table(f"recall@{K}, the manifest's {len(generated)} own questions", generated_results)
    )
    report = {
        "benchmark": "retrieval",
        "seed": args.seed,
        "k": K,
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "load_average": [round(x, 1) for x in os.getloadavg()],  # the CPUs are shared
        "questions": len(questions),
        "items": items,
        "ingest_seconds": round(seconds, 1),
        "recall": results,
        "manifest_questions": len(generated),
        "manifest_recall": generated_results,
        "ranks": ranks,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
