"""The CLI as a user types it, for the integration tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import typer
from typer.testing import CliRunner

from familiar.app import App, build_app
from familiar.cli import config_cmd, memory_cmd, sources_cmd
from familiar.cli.console import new_app
from familiar.clock import fixed_clock
from familiar.config import Paths, load_settings
from familiar.kernel.agent import Request
from familiar.memory import Filters, open_memory
from familiar.models.scripted import ScriptedModel, Step
from familiar.store import RecordStore, open_store
from familiar.testing.confirm import Answers

cli: typer.Typer = new_app("test")
cli.add_typer(sources_cmd.app, name="sources")
cli.add_typer(config_cmd.app, name="config")
cli.add_typer(memory_cmd.app, name="memory")
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    """Run one command; its exit code and everything it printed."""
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.output


@contextmanager
def scripted_asks(now: datetime) -> Iterator[Callable[..., str]]:
    """`ask(text, steps, confirmer=None)`: one request to a new app on a scripted model."""
    apps: list[App] = []

    def run(text: str, steps: list[Step], confirmer: Answers | None = None) -> str:
        fam = build_app(
            model=ScriptedModel(steps), clock=fixed_clock(now), confirmer=confirmer or Answers()
        )
        apps.append(fam)
        return fam.agent().run(Request(text)).answer

    try:
        yield run
    finally:
        for fam in apps:
            fam.close()


def broken_files(person: Path, part: str) -> list[str]:
    """Absolute paths of the files the manifest marks broken under one part of the person."""
    manifest = json.loads((person / "manifest.json").read_text(encoding="utf-8"))
    return [
        str(person / f["path"])
        for f in manifest["files"]
        if f["broken"] and f["path"].startswith(part + "/")
    ]


def found(paths: Paths, words: str, source: str) -> list[str]:
    """Titles of the items a word search of memory finds in one source (no embedding)."""
    settings = load_settings(paths)
    store = open_store(settings, paths)
    memory = open_memory(store, paths, settings, lambda: datetime.now(UTC), UTC)
    try:
        hits = memory.search(words, filters=Filters(sources=(source,)), mode="text", limit=10)
        return [hit.item.title for hit in hits]
    finally:
        memory.close()
        store.close()


def configured_store(paths: Paths) -> RecordStore:
    """The store the CLI uses: the SQLite file, or the server `store_url` names."""
    return open_store(load_settings(paths), paths)
