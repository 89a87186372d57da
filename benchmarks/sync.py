"""Sync benchmark: the synthetic person's calendars, contacts, mail, notes and documents.

    python -m benchmarks.sync [--repeats 5] [--out benchmarks/results/sync.json]

First sync: every file read, parsed and committed to memory (embedding not included:
it is memory's backlog, measured by memory's own benchmark); items/s per source and in
all. Then a no-change resync of the whole person, repeated (target < 2 s), a resync after
one file of each kind changed, and the same no-change resync as the user runs it,
`familiar sources sync --no-embed` in a new process (interpreter start included).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

from familiar.config import Paths, Settings, save_settings
from familiar.integrations.sources import SourceEntry
from familiar.integrations.sync import Syncer, SyncReport
from familiar.memory import open_memory
from familiar.store import Store
from familiar.testing.person import generate

KINDS = ("calendar", "contacts", "mail", "notes", "documents")
ZONE = ZoneInfo("Europe/Brussels")


def _sync_all(syncer: Syncer, sources: dict[str, SourceEntry]) -> tuple[float, list[SyncReport]]:
    t0 = time.perf_counter()
    reports = [syncer.sync(name, entry) for name, entry in sources.items()]
    return time.perf_counter() - t0, reports


def _change_one_of_each(person: Path) -> None:
    """Edit one file per source the way another program would (new bytes, new mtime)."""
    ics = person / "calendar" / "personal.ics"
    data = ics.read_bytes()
    ics.write_bytes(data.replace(b"SUMMARY:Yoga at", b"SUMMARY:Hot yoga at", 1))
    card = sorted((person / "contacts").glob("*.vcf"))[0]
    card.write_bytes(card.read_bytes().replace(b"END:VCARD", b"NOTE:changed\r\nEND:VCARD", 1))
    message = sorted((person / "mail" / "Maildir" / "cur").iterdir())[0]
    message.write_bytes(message.read_bytes() + b"\nP.S. changed\n")
    note = sorted((person / "notes").rglob("*.md"))[0]
    note.write_text(note.read_text(encoding="utf-8") + "\nchanged\n", encoding="utf-8")


def _cli_resync(config: Path, data: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the command in a new process (CPU is what load does not inflate)."""
    env = {**os.environ, "FAMILIAR_CONFIG_DIR": str(config), "FAMILIAR_DATA_DIR": str(data)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "familiar", "sources", "sync", "--no-embed"],
        env=env,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run(repeats: int) -> dict[str, Any]:
    """Generate the person, sync it, resync it; returns the measurements."""
    with tempfile.TemporaryDirectory(prefix="familiar-sync-bench-") as tmp:
        root = Path(tmp)
        person = root / "person"
        generate(person)
        paths = Paths(config_dir=root / "config", data_dir=root / "data", models_dir=root / "m")
        sources = {k: SourceEntry(kind=k, path=str(person / k)) for k in KINDS}
        save_settings(paths, Settings(timezone="Europe/Brussels", sources=sources))
        store = Store(paths.db_file)
        memory = open_memory(store, paths, Settings(), lambda: datetime.now(UTC), ZONE)
        syncer = Syncer(memory, store.sync_state(), ZONE)

        first_seconds, first = _sync_all(syncer, sources)
        resyncs = [_sync_all(syncer, sources)[0] for _ in range(repeats)]
        _change_one_of_each(person)
        changed_seconds, changed = _sync_all(syncer, sources)
        memory.close()
        store.close()
        cli = [_cli_resync(paths.config_dir, paths.data_dir) for _ in range(max(1, repeats // 2))]

    items = sum(r.items for r in first)
    return {
        "person": {"seed": 7, "files": sum(r.files for r in first), "items": items},
        "first_sync": {
            "seconds": round(first_seconds, 3),
            "items_per_second": round(items / first_seconds, 1),
            "by_source": {
                r.source: {
                    "files": r.files,
                    "items": r.items,
                    "skipped": len(r.skipped),
                    "seconds": round(r.seconds, 3),
                    "items_per_second": round(r.items / r.seconds, 1) if r.seconds else 0.0,
                }
                for r in first
            },
        },
        "no_change_resync": {
            "median_seconds": round(statistics.median(resyncs), 4),
            "max_seconds": round(max(resyncs), 4),
            "repeats": repeats,
            "target_seconds": 2.0,
        },
        "one_file_of_each_kind_changed": {
            "seconds": round(changed_seconds, 3),
            "files_changed": sum(r.changed for r in changed),
            "items_written": sum(r.items for r in changed),
        },
        "cli_no_change_resync": {
            "median_seconds": round(statistics.median(w for w, _ in cli), 3),
            "median_cpu_seconds": round(statistics.median(c for _, c in cli), 3),
            "runs": len(cli),
            "command": "familiar sources sync --no-embed (new process)",
        },
        "machine": {"cpus": os.cpu_count(), "load_1min": round(os.getloadavg()[0], 2)},
    }


def main() -> None:
    """Run the benchmark, print a table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/sync.json"))
    args = parser.parse_args()
    result = run(args.repeats)
    table = Table(title="sync of the synthetic person (seed 7)")
    for column in ("source", "files", "items", "skipped", "first sync s", "items/s"):
        table.add_column(column)
    for name, row in result["first_sync"]["by_source"].items():
        table.add_row(
            name,
            str(row["files"]),
            str(row["items"]),
            str(row["skipped"]),
            f"{row['seconds']:.2f}",
            f"{row['items_per_second']:.0f}",
        )
    first = result["first_sync"]
    table.add_row(
        "all",
        str(result["person"]["files"]),
        str(result["person"]["items"]),
        "",
        f"{first['seconds']:.2f}",
        f"{first['items_per_second']:.0f}",
    )
    console = Console()
    console.print(table)
    resync = result["no_change_resync"]
    changed = result["one_file_of_each_kind_changed"]["seconds"]
    cli = result["cli_no_change_resync"]["median_seconds"]
    console.print(
        f"no-change resync: median {resync['median_seconds']:.3f} s, max "
        f"{resync['max_seconds']:.3f} s over {resync['repeats']} (target < 2 s); "
        f"one file of each kind changed: {changed:.3f} s; "
        f"as a command in a new process: {cli:.2f} s "
        f"({result['cli_no_change_resync']['median_cpu_seconds']:.2f} s of CPU)"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    console.print(f"[dim]wrote {args.out}[/dim]")


if __name__ == "__main__":
    main()
