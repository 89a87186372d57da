"""`familiar memory ...`, `familiar profile ...`, and the `remember` and `ingest` commands.

`app` and `profile_app` are Typer groups; `remember` and `ingest` are plain functions
with Typer parameters, registered on the main app by cli/main.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from familiar.app import App, build_app
from familiar.cli.console import console, err_console, new_app
from familiar.errors import Cancelled, UserError
from familiar.memory import Fact, Filters, Memory, MemoryItem, open_memory
from familiar.memory.episodes import pending_conversations, summarize_conversation
from familiar.memory.ingest import Ingestor, IngestReport
from familiar.memory.records import KINDS
from familiar.memory.timerange import parse_moment

app = new_app("Long-term memory: search, list, forget, stats, embed, reindex, summarize.")
profile_app = new_app("What familiar knows about you: show, set, unset.")

SEARCH_EMBED_SECONDS = 2.0  # a search first embeds what waits, for at most this long


@contextmanager
def _opened() -> Iterator[tuple[App, Memory]]:
    fam = build_app()
    memory = open_memory(fam.store, fam.paths, fam.settings, fam.clock, fam.tz)
    try:
        yield fam, memory
    finally:
        memory.close()
        fam.close()


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        TextColumn("[dim]{task.fields[current]}"),
        console=console,
    )


def _date(memory: Memory, moment: datetime) -> str:
    return moment.astimezone(memory.tz).strftime("%Y-%m-%d")


def _snippet(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _where(item: MemoryItem) -> str:
    return Path(item.path).name if item.path else item.title


def _item_id(ref: str) -> int:
    value = ref.strip().lower().removeprefix("m")
    if not value.isdigit():
        raise UserError(
            f"{ref!r} is not a memory id; ids look like m12 (see `familiar memory list`)"
        )
    return int(value)


def _check_kinds(kinds: list[str]) -> tuple[str, ...]:
    for kind in kinds:
        if kind not in KINDS:
            raise UserError(f"unknown kind {kind!r}; kinds: {', '.join(KINDS)}")
    return tuple(kinds)


def _embed(memory: Memory, label: str, *, seconds: float | None = None) -> int:
    """Drain the embedding backlog with a progress bar; Ctrl-C keeps what was done."""
    waiting = memory.backlog_count()
    if not waiting:
        return 0
    with _progress() as progress:
        task = progress.add_task(label, total=waiting, current=memory.embedder.name)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=max(total, done))

        return memory.embed_backlog(seconds=seconds, on_progress=advance)


# memory ------------------------------------------------------------------------------


@app.command()
def search(
    words: list[str] = typer.Argument(..., help="what to look for"),
    since: str = typer.Option("", "--since", help="from this date on, e.g. 2025-01-01"),
    until: str = typer.Option("", "--until", help="up to and including this date"),
    source: list[str] = typer.Option([], "--source", help="only this source (repeatable)"),
    kind: list[str] = typer.Option([], "--kind", help="note, chunk, event or episode"),
    tag: list[str] = typer.Option([], "--tag", help="only items with this tag (all must match)"),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=200, help="how many results"),
) -> None:
    """Search memory by words and meaning (hybrid BM25 + vectors)."""
    query = " ".join(words).strip()
    if not query:
        raise UserError("say what to search for, e.g. familiar memory search dentist")
    with _opened() as (fam, memory):
        now = fam.clock()
        filters = Filters(
            sources=tuple(s.lower() for s in source),
            kinds=_check_kinds(kind),
            tags=tuple(t.lower().lstrip("#") for t in tag),
            since=parse_moment(since, now, fam.tz) if since else None,
            until=parse_moment(until, now, fam.tz, end=True) if until else None,
        )
        _embed(memory, "embedding new items", seconds=SEARCH_EMBED_SECONDS)
        hits = memory.search(query, filters=filters, limit=limit)
        left = memory.backlog_count()
        if not hits:
            console.print("nothing found")
        else:
            table = Table("id", "date", "source", "from", "text")
            for hit in hits:
                item = hit.item
                table.add_row(
                    item.ref,
                    _date(memory, item.created_at),
                    escape(item.source),
                    escape(_where(item)),
                    escape(_snippet(item.text)),
                )
            console.print(table)
        if left:
            err_console.print(
                f"[dim]{left} items are not embedded yet (found by words only);"
                " `familiar memory embed` finishes them[/dim]"
            )


@app.command("list")
def list_(
    kind: list[str] = typer.Option([], "--kind", help="note, chunk, event or episode"),
    source: list[str] = typer.Option([], "--source", help="only this source (repeatable)"),
    tag: list[str] = typer.Option([], "--tag", help="only items with this tag"),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="how many items"),
) -> None:
    """List memory items, newest first."""
    with _opened() as (_, memory):
        filters = Filters(
            sources=tuple(s.lower() for s in source),
            kinds=_check_kinds(kind),
            tags=tuple(t.lower().lstrip("#") for t in tag),
        )
        items = memory.store.items(filters, limit)
        if not items:
            console.print("memory is empty; `familiar remember ...` or `familiar ingest FOLDER`")
            return
        table = Table("id", "date", "kind", "source", "from", "text")
        for item in items:
            table.add_row(
                item.ref,
                _date(memory, item.created_at),
                item.kind,
                escape(item.source),
                escape(_where(item)),
                escape(_snippet(item.text, 70)),
            )
        console.print(table)


@app.command()
def forget(
    item: str = typer.Argument(..., help="the item's id, e.g. m12"),
    document: bool = typer.Option(
        False, "--document", help="forget the whole document the item is part of"
    ),
) -> None:
    """Forget an item everywhere: search, vectors, summaries and facts learned from it."""
    with _opened() as (_, memory):
        item_id = _item_id(item)
        found = memory.store.item(item_id)
        if found is None:
            raise UserError(f"no memory item {item}; `familiar memory list` shows the ids")
        if document:
            done = memory.forget_document(item_id)
            if done is None or found.path is None:
                raise UserError(f"{item} is not part of a document; forget it without --document")
            console.print(
                f"forgot {escape(found.path)} ({len(done.items)} items);"
                " it is not indexed again unless the file changes",
                soft_wrap=True,
            )
            return
        done = memory.forget(item_id)
        if done is None:
            raise UserError(f"no memory item {item}; `familiar memory list` shows the ids")
        extra = [f"m{i}" for i in done.items if i != done.item_id]
        console.print(f"forgot m{done.item_id}")
        if extra:
            console.print(f"  and the summaries citing it: {', '.join(extra)}")
        if done.facts:
            console.print(f"  and {done.facts} profile fact(s) learned from it")
        if done.reopened:
            console.print(f"  ({done.reopened} earlier profile value(s) are current again)")


@app.command()
def stats() -> None:
    """Counts, the embedding backlog, the vector index and skipped files."""
    with _opened() as (fam, memory):
        s = memory.stats()
        total = sum(s.items_by_kind.values())
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(s.items_by_kind.items())) or "none"
        console.print(f"items: {total} ({kinds})")
        sources = ", ".join(f"{n} {k}" for k, n in sorted(s.items_by_source.items()))
        if sources:
            console.print(f"sources: {escape(sources)}")
        console.print(f"documents: {s.documents}")
        console.print(f"profile facts: {s.facts}")
        console.print(f"embedder: {memory.embedder.name} ({memory.embedder.dim} dimensions)")
        for model, count in sorted(s.vectors_by_model.items()):
            mark = "" if model == memory.embedder.name else " (another model: not used)"
            console.print(f"vectors: {count} from {escape(model)}{mark}")
        backlog = f"{s.backlog} items" if s.backlog else "empty"
        console.print(f"embedding backlog: {backlog}")
        if s.index:
            console.print(f"vector index: {escape(s.index)}")
        where = escape(fam.store.describe())
        console.print(f"store: {where}, {s.store_bytes / 2**20:.1f} MiB", soft_wrap=True)
        if s.skipped:
            console.print(f"skipped files: {len(s.skipped)}")
            for skip in s.skipped:
                console.print(f"  {escape(skip.path)}: {escape(skip.reason)}", soft_wrap=True)


@app.command()
def embed() -> None:
    """Embed the items that wait for a vector (resumable: Ctrl-C keeps what is done)."""
    with _opened() as (_, memory):
        try:
            done = _embed(memory, "embedding")
        except KeyboardInterrupt:
            err_console.print(
                f"stopped; {memory.backlog_count()} items still wait, run it again to go on"
            )
            raise Cancelled() from None
        console.print(f"embedded {done} items" if done else "nothing to embed")


@app.command()
def reindex() -> None:
    """Re-embed everything with the configured embedder; vectors of other models are dropped."""
    with _opened() as (_, memory):
        dropped = memory.store.drop_vectors()
        console.print(f"dropped {dropped} vectors; embedding again with {memory.embedder.name}")
        try:
            done = _embed(memory, "reindexing")
        except KeyboardInterrupt:
            err_console.print(
                f"stopped; {memory.backlog_count()} items still wait: `familiar memory embed`"
            )
            raise Cancelled() from None
        console.print(f"embedded {done} items")


def summarize_conversations(
    fam: App, memory: Memory, *, since: datetime | None = None, run_ids: list[int] | None = None
) -> list[MemoryItem]:
    """Summarise the conversations no episode covers yet with the app's model, and say so."""
    groups = pending_conversations(memory, fam.store, since=since, run_ids=run_ids)
    episodes = []
    for group in groups:  # one commit each: Ctrl-C keeps the episodes already made
        with console.status("summarising with the model (Ctrl-C stops; nothing is lost)"):
            episode = summarize_conversation(memory, fam.store, group, model=fam.model)
        if episode is not None:
            console.print(f"kept episode {episode.ref}: {escape(_snippet(episode.text))}")
            episodes.append(episode)
    return episodes


@app.command()
def summarize(
    since: str = typer.Option("", "--since", help="only runs from this date on, e.g. 2025-01-01"),
) -> None:
    """Summarise past conversations not yet summarised into episodes, with the model."""
    with _opened() as (fam, memory):
        start = parse_moment(since, fam.clock(), fam.tz) if since else None
        try:
            episodes = summarize_conversations(fam, memory, since=start)
        except KeyboardInterrupt:
            err_console.print("stopped; run it again to summarise the rest")
            raise Cancelled() from None
        if not episodes:
            console.print("nothing to summarise")


# profile -------------------------------------------------------------------------------


def _fact_row(memory: Memory, fact: Fact) -> tuple[str, str, str, str]:
    since = _date(memory, fact.valid_from)
    until = _date(memory, fact.valid_to) if fact.valid_to else ""
    origin = fact.source + (f" (m{fact.item_id})" if fact.item_id else "")
    span = f"{since} to {until}" if until else f"since {since}"
    return escape(fact.key), escape(fact.value), span, escape(origin)


@profile_app.command("show")
def profile_show(
    history: bool = typer.Option(False, "--history", help="also values that were replaced"),
) -> None:
    """Show what familiar knows about you, with where each fact came from."""
    with _opened() as (_, memory):
        facts = memory.profile(history=history)
        if not facts:
            console.print("no profile facts yet; `familiar profile set KEY VALUE` adds one")
            return
        table = Table("key", "value", "valid", "from")
        for fact in facts:
            table.add_row(*_fact_row(memory, fact))
        console.print(table)


@profile_app.command("set")
def profile_set(
    key: str = typer.Argument(..., help='what the fact is about, e.g. "home city"'),
    value: list[str] = typer.Argument(..., help="its value"),
) -> None:
    """Set a profile fact (the previous value is kept in history)."""
    with _opened() as (_, memory):
        fact = memory.set_fact(key, " ".join(value))
        if fact is None:
            console.print("unchanged")
        else:
            console.print(f"{escape(fact.key)}: {escape(fact.value)}")


@profile_app.command("unset")
def profile_unset(key: str = typer.Argument(..., help="the fact's key")) -> None:
    """End a profile fact (it stays in `profile show --history`)."""
    with _opened() as (_, memory):
        if memory.unset_fact(key) is None:
            raise UserError(f"no current profile fact {key!r}; `familiar profile show` lists them")
        console.print(f"unset {escape(key)}")


# top-level commands (registered by cli/main.py) ----------------------------------------


def remember(
    words: list[str] = typer.Argument(..., help="what to remember, in your words"),
    tag: list[str] = typer.Option(
        [], "--tag", help="tag it (repeatable); local-only: never served to MCP clients"
    ),
) -> None:
    """Remember something; facts about you in it go to your profile."""
    with _opened() as (_, memory):
        done = memory.remember(" ".join(words), tags=[t.lower().lstrip("#") for t in tag])
        console.print(f"remembered {done.item.ref}")
        for fact in done.facts:
            if fact.valid_to is None:
                console.print(f"  profile: {escape(fact.key)} = {escape(fact.value)}")
            else:
                console.print(f"  profile: {escape(fact.key)} no longer {escape(fact.value)}")


def _summary(report: IngestReport) -> str:
    parts = [f"{report.new} new", f"{report.changed} changed", f"{report.unchanged} unchanged"]
    if report.removed:
        parts.append(f"{report.removed} removed")
    parts.append(f"{len(report.skipped)} skipped")
    rate = f", {report.chunks_per_second:.0f} chunks/s" if report.chunks else ""
    return (
        f"{report.files} files: {', '.join(parts)}; {report.chunks} chunks stored"
        f" in {report.seconds:.1f}s{rate}"
    )


def ingest(
    paths: list[Path] = typer.Argument(..., help="files or folders to index"),
    source: str = typer.Option(
        "", "--source", help="source name for these files (default: the folder's name)"
    ),
    no_embed: bool = typer.Option(
        False, "--no-embed", help="store and index words only; embed later"
    ),
) -> None:
    """Index Markdown, text, HTML and PDF files; a second run only touches changed files."""
    with _opened() as (fam, memory):
        ingestor = Ingestor(memory.store, fam.clock, fam.tz)
        report = IngestReport()
        try:
            with _progress() as progress:
                task = progress.add_task("indexing", total=None, current="")

                def start(total: int) -> None:
                    progress.update(task, total=total)

                def step(path: Path, status: str) -> None:
                    progress.update(task, advance=1, current=_snippet(path.name, 40))

                report = ingestor.run(
                    paths, source=source.strip().lower() or None, on_start=start, on_file=step
                )
        except KeyboardInterrupt:
            err_console.print("stopped; what was indexed is kept, run it again to go on")
            raise Cancelled() from None
        console.print(_summary(report))
        for path, reason in report.skipped:
            console.print(f"  skipped {escape(path)}: {escape(reason)}", soft_wrap=True)
        if no_embed:
            waiting = memory.backlog_count()
            if waiting:
                console.print(f"{waiting} items wait for embedding: `familiar memory embed`")
            return
        try:
            done = _embed(memory, "embedding")
        except KeyboardInterrupt:
            err_console.print(
                f"stopped embedding; {memory.backlog_count()} items wait: `familiar memory embed`"
            )
            raise Cancelled() from None
        if done:
            console.print(f"embedded {done} items")
