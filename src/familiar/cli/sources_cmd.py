"""`familiar sources add|list|sync|remove`: calendars, contacts, mail, notes, documents."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import typer
from pydantic import ValidationError
from rich.markup import escape

from familiar.cli.console import console, err_console, new_app
from familiar.cli.memory_cmd import _embed, _opened
from familiar.config import default_paths, load_settings, save_settings
from familiar.errors import Cancelled, UserError
from familiar.integrations.servers import parse_server
from familiar.integrations.smtp import sender
from familiar.integrations.sources import (
    SERVER_KINDS,
    SOURCE_KINDS,
    SmtpSettings,
    SourceEntry,
    check_name,
)
from familiar.integrations.state import SourceStatus
from familiar.integrations.sync import Syncer, SyncReport, is_due
from familiar.skills.permissions import PERMISSIONS

SKILL_OF_KIND = {
    "calendar": "calendar",
    "contacts": "contacts",
    "mail": "mail",
    "imap": "mail",
    "caldav": "calendar",
    "carddav": "contacts",
}

app = new_app("Your calendars, contacts, mail, notes and documents, synced into memory.")


def _unique_name(wanted: str, kind: str, stem: str, taken: set[str]) -> str:
    if wanted:
        name = check_name(wanted)
        if name in taken:
            raise UserError(f"there is already a source named {name}; pick another --name")
        return name
    for candidate in (kind, f"{kind}-{stem}".lower()):
        try:
            name = check_name(candidate)
        except UserError:
            continue
        if name not in taken:
            return name
    raise UserError("give the source a name with --name")


@app.command()
def add(
    kind: str = typer.Argument(..., help=f"one of: {', '.join(SOURCE_KINDS)}"),
    where: str = typer.Argument(
        ...,
        help="a file or folder (an .ics, a Maildir, a vault...), or a server URL",
    ),
    name: str = typer.Option("", "--name", help="what to call it (default: the kind)"),
    username: str = typer.Option("", help="for server sources: the login name"),
    smtp: str = typer.Option("", help="for mail: the server that sends, e.g. smtps://HOST"),
    address: str = typer.Option("", help="with --smtp: your From address"),
    password_command: str = typer.Option("", help="for server sources: a command printing it"),
    password_env: str = typer.Option("", help="for server sources: a variable holding it"),
    keyring: str = typer.Option("", help="for server sources: the keyring service holding it"),
    every: int = typer.Option(15, help="minutes between syncs by `familiar sources sync --due`"),
) -> None:
    """Add a source; `familiar sources sync` then brings it into memory."""
    if kind not in SOURCE_KINDS:
        raise UserError(f"unknown source kind {kind!r}; kinds: {', '.join(SOURCE_KINDS)}")
    if kind in SERVER_KINDS:
        url, path = where.rstrip("/") if kind != "imap" else where, None
        if kind == "imap":
            stem = parse_server(where, "imap").host.split(".")[0]
            if not username:
                raise UserError("an imap source needs --username (and a password reference)")
        else:
            parts = urlsplit(url)
            stem = PurePosixPath(parts.path).name or parts.hostname or kind
    else:
        path = Path(where).expanduser().absolute()
        if not path.exists():
            raise UserError(f"no such file or folder: {path}")
        url, stem = None, path.stem
    if bool(smtp) != bool(address):
        raise UserError("give --smtp and --address together (the server, and who you send as)")
    if smtp:
        parse_server(smtp, "smtp")
        sender(SmtpSettings(url=smtp, address=address))  # one real address, or a clear error
    paths = default_paths()
    settings = load_settings(paths)
    source = _unique_name(name, kind, stem, set(settings.sources))
    try:
        entry = SourceEntry.model_validate(
            {
                "kind": kind,
                "path": str(path) if path else None,
                "url": url,
                "username": username or None,
                "smtp": {"url": smtp, "address": address} if smtp else None,
                "password_command": password_command or None,
                "password_env": password_env or None,
                "keyring": keyring or None,
                "every": every,
            }
        )
    except ValidationError as exc:  # e.g. two password references, a password in the url
        raise UserError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
    sources = {**settings.sources, source: entry}
    save_settings(paths, settings.model_copy(update={"sources": sources}))
    console.print(f"added {kind} source {source}: {escape(str(path or url))}")
    _switch_skill(kind, on=True)
    console.print(f"[dim]bring it into memory: familiar sources sync {source}[/dim]")


def _show(status: SourceStatus, entry: SourceEntry | None, tz: tzinfo, verbose: bool) -> None:
    synced = status.synced_at
    when = synced.astimezone(tz).strftime("%Y-%m-%d %H:%M") if synced else "never synced"
    kind = f"{entry.kind}, every {entry.every} min" if entry else "not configured"
    where = entry.path or entry.url if entry else "`familiar sources remove` deletes its items"
    unit = "messages" if entry and entry.kind == "imap" else "files"
    console.print(
        f"[bold]{status.name}[/bold] ({kind}) {escape(str(where))}\n"
        f"  last sync: {when}, {status.files} {unit}, {status.items} items in memory,"
        f" {len(status.skips)} skipped",
        soft_wrap=True,
    )
    if entry and entry.smtp:
        sends = f"  sends through {escape(entry.smtp.url)} as {escape(entry.smtp.address)}"
        console.print(sends, soft_wrap=True)
    shown = status.skips if verbose else status.skips[:10]
    for skip in shown:
        part = f" [{skip.part}]" if skip.part else ""
        console.print(
            f"  skipped {escape(skip.path)}{escape(part)}: {escape(skip.reason)}", soft_wrap=True
        )
    if len(shown) < len(status.skips):
        console.print(f"  … {len(status.skips) - len(shown)} more: familiar sources list --all")


@app.command("list")
def list_(all_skips: bool = typer.Option(False, "--all", help="every skipped file")) -> None:
    """Each source with its last sync, item count, and what was skipped and why."""
    with _opened() as (fam, _memory):
        state = fam.store.sync_state()
        names = sorted(set(fam.settings.sources) | set(state.known_sources()))
        if not names:
            console.print("no sources; add one, e.g. familiar sources add calendar ~/calendar.ics")
            return
        for name in names:
            _show(state.status(name), fam.settings.sources.get(name), fam.tz, all_skips)


def _summary(report: SyncReport) -> str:
    return (
        f"{report.source}: {report.files} files ({report.new} new, {report.changed} changed,"
        f" {report.unchanged} unchanged, {report.removed} removed), {report.items} items written,"
        f" {len(report.skipped)} skipped, {report.seconds:.2f} s"
    )


@app.command()
def sync(
    name: str = typer.Argument("", help="one source (default: all)"),
    no_embed: bool = typer.Option(False, "--no-embed", help="index words only; embed later"),
    due: bool = typer.Option(
        False, "--due", help="only sources not synced for their `every` minutes (for a timer)"
    ),
) -> None:
    """Bring sources into memory; only files changed since the last sync are read."""
    with _opened() as (fam, memory):
        sources = fam.settings.sources
        if name and name not in sources:
            known = ", ".join(sorted(sources)) or "none yet: familiar sources add"
            raise UserError(f"no source named {name!r}; sources: {known}")
        state = fam.store.sync_state()
        syncer = Syncer(memory, state, fam.tz)
        chosen = [name] if name else sorted(sources)
        if due:
            chosen = [s for s in chosen if is_due(state, s, sources[s], fam.clock())]
        failed = 0
        try:
            for source in chosen:
                try:
                    report = syncer.sync(source, sources[source])
                except UserError as exc:  # one missing folder must not stop the other sources
                    err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
                    failed += 1
                    continue
                console.print(_summary(report), soft_wrap=True)
                for skip in report.skipped[:10]:
                    part = f" [{skip.part}]" if skip.part else ""
                    console.print(
                        f"  skipped {escape(skip.path)}{escape(part)}: {escape(skip.reason)}",
                        soft_wrap=True,
                    )
        except KeyboardInterrupt:
            err_console.print("stopped; what was synced is kept, run it again to go on")
            raise Cancelled() from None
        if not no_embed:
            try:
                done = _embed(memory, "embedding")
            except KeyboardInterrupt:
                err_console.print("stopped embedding; `familiar memory embed` goes on")
                raise Cancelled() from None
            if done:
                console.print(f"embedded {done} items")
    if failed:
        raise typer.Exit(1)


@app.command()
def remove(name: str = typer.Argument(..., help="the source to remove")) -> None:
    """Remove a source and everything it put in memory (its files are not touched)."""
    paths = default_paths()
    settings = load_settings(paths)
    with _opened() as (fam, memory):
        state = fam.store.sync_state()
        if name not in settings.sources and name not in state.known_sources():
            known = ", ".join(sorted(settings.sources)) or "none"
            raise UserError(f"no source named {name!r}; sources: {known}")
        removed = Syncer(memory, state, fam.tz).remove(name)
    console.print(f"removed source {name}: {removed} items taken out of memory")
    if name in settings.sources:
        kind = settings.sources[name].kind
        sources = {k: v for k, v in settings.sources.items() if k != name}
        save_settings(paths, settings.model_copy(update={"sources": sources}))
        skill = SKILL_OF_KIND.get(kind)
        if not any(SKILL_OF_KIND.get(e.kind, e.kind) == skill for e in sources.values()):
            _switch_skill(kind, on=False)


def _switch_skill(kind: str, *, on: bool) -> None:
    """A source's skill is on while a source of its kind exists; the user is told."""
    if kind not in SKILL_OF_KIND:
        return
    with _opened() as (fam, _memory):
        skill = fam.skills.get(SKILL_OF_KIND[kind])
        if (skill.status == "enabled") == on:
            return
        if on:
            fam.skills.enable(skill.name)
            asks = skill.manifest.permissions if skill.manifest else ()
            granted = "; ".join(PERMISSIONS[p] for p in asks)
            console.print(
                f"enabled the {skill.name} skill ({granted}); "
                f"`familiar skills disable {skill.name}` turns it off"
            )
        else:
            fam.skills.disable(skill.name)
            console.print(f"disabled the {skill.name} skill: no {kind} source is left")
