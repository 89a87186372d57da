"""Compound requests: is every part done, and does a single request stay single?

    python -m benchmarks.compound [--out benchmarks/results/compound.json]

Requests to the default local model with the built-in tools, each labelled with the set
of tools that serve it: "compound" ones have two parts for two different tools
("remind me ... and add eggs to my groceries note"), "single" ones have "and" inside
one request ("remind me to buy eggs and milk"). Each is run with the kernel's
continuation for unserved parts (`kernel/parts.py`) on, and off, each run by a new user
(a fresh data folder with the saved prompt prefix), so no run sees another's reminders,
notes or memories. Reports, for each kind, how many requests had every tool they need
run without error and how many called no other tool; writes JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from contextlib import nullcontext
from pathlib import Path
from typing import Any
from unittest.mock import patch

from rich.console import Console
from rich.table import Table

from benchmarks.sandbox import new_user

COMPOUND: list[tuple[str, frozenset[str]]] = [
    (text, frozenset(tools))
    for text, tools in (
        (
            "remind me to call Mom at 6pm and add eggs to my groceries note",
            {"create_reminder", "append_note"},
        ),
        ("what time is it? also remind me to stretch at 5pm", {"current_time", "create_reminder"}),
        (
            "add bread to my shopping note and remind me to pay rent on Friday at 9am",
            {"append_note", "create_reminder"},
        ),
        ("what reminders do I have and what time is it?", {"list_reminders", "current_time"}),
        (
            "add 'boiler serviced' to my house note and remind me on Monday at 10am to call "
            "the plumber",
            {"append_note", "create_reminder"},
        ),
        (
            "remind me to take out the bins tonight at 8pm; also add bin bags to my groceries note",
            {"create_reminder", "append_note"},
        ),
        ("what's the time, and show me my reminders", {"current_time", "list_reminders"}),
        (
            "remind me at 7am tomorrow to water the plants and add fertiliser to my garden note",
            {"create_reminder", "append_note"},
        ),
    )
]
SINGLE: list[tuple[str, frozenset[str]]] = [
    (text, frozenset({tool}))
    for text, tool in (
        ("remind me to buy eggs and milk tomorrow at 9am", "create_reminder"),
        ("add eggs and milk to my groceries note", "append_note"),
        ("remind me to call Mom and Dad on Sunday at noon", "create_reminder"),
        ("add salt and pepper to my shopping note", "append_note"),
        ("remind me to pack the tent and the stove on Friday at 6pm", "create_reminder"),
        ("what reminders do I have for today and tomorrow?", "list_reminders"),
    )
]


def main() -> None:
    """Run the benchmark, write JSON, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/compound.json"))
    args = parser.parse_args()
    from familiar.config import default_paths

    new_user()
    from familiar.app import build_app
    from familiar.config import Paths
    from familiar.kernel.agent import Request

    warm = default_paths()
    fam = build_app(paths=warm)
    model_name = fam.settings.model
    try:
        fam.agent().run(Request("what time is it?"))  # the prefix, saved for every run
    finally:
        fam.close()
    rows: list[dict[str, Any]] = []
    for kind, labelled in (("compound", COMPOUND), ("single", SINGLE)):
        for text, wanted in labelled:
            for parts in (False, True):
                # each run from the same state: a new user with the saved prefix
                paths = Paths(
                    config_dir=warm.config_dir,
                    data_dir=Path(tempfile.mkdtemp()),
                    models_dir=warm.models_dir,
                )
                shutil.copytree(warm.cache_dir, paths.cache_dir)
                fam = build_app(paths=paths)
                try:
                    # off: no part is ever left, as before kernel/parts.py
                    off = patch("familiar.kernel.agent.unserved_part", lambda *_: None)
                    with off if not parts else nullcontext():
                        result = fam.agent().run(Request(text))
                    steps = fam.store.steps(result.run_id)
                finally:
                    fam.close()
                ran = [s.tool or "" for s in steps if s.kind == "tool" and not s.error]
                called = [s.tool or "" for s in steps if s.kind == "tool"]
                rows.append(
                    {
                        "kind": kind,
                        "parts": parts,
                        "request": text,
                        "wanted": sorted(wanted),
                        "called": called,
                        "done": set(wanted) <= set(ran),
                        "extra": [t for t in called if t not in wanted],
                        "answer": result.answer,
                    }
                )
                print(f"  {kind} parts={'on' if parts else 'off'}: {called}  {text}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"model": model_name, "rows": rows}, indent=2))
    table = Table(title="compound requests on the default model")
    for column in ("requests", "measure", "parts off", "parts on"):
        table.add_column(column, justify="right")
    for kind in ("compound", "single"):
        for measure, key in (
            ("every tool it needs ran", "done"),
            ("no other tool called", "extra"),
        ):
            cells = []
            for parts in (False, True):
                mine = [r for r in rows if r["kind"] == kind and r["parts"] is parts]
                good = sum(bool(r[key]) == (key == "done") for r in mine)
                cells.append(f"{good}/{len(mine)}")
            table.add_row(kind, measure, *cells)
    Console().print(table)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
