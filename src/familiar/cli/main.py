"""`familiar`: ask, chat, reminders, runs, config and models."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.markup import escape

from familiar import __version__
from familiar.app import App, build_app
from familiar.cli import (
    config_cmd,
    devices_cmd,
    mcp_cmd,
    memory_cmd,
    reminders_cmd,
    runs_cmd,
    skills_cmd,
    sources_cmd,
)
from familiar.cli.confirm import terminal_confirmer
from familiar.cli.console import console, err_console, new_app
from familiar.errors import Cancelled
from familiar.kernel.agent import Request
from familiar.kernel.dispatcher import ToolOutcome
from familiar.models.base import Message

app = new_app("familiar: a personal assistant that runs on your own machine.")
app.add_typer(config_cmd.app, name="config")
app.add_typer(reminders_cmd.app, name="reminders")
app.add_typer(runs_cmd.app, name="runs")
app.add_typer(memory_cmd.app, name="memory")
app.add_typer(skills_cmd.app, name="skills")
app.add_typer(devices_cmd.app, name="devices")
app.add_typer(memory_cmd.profile_app, name="profile")
app.add_typer(mcp_cmd.app, name="mcp")
app.add_typer(sources_cmd.app, name="sources")
app.command("remember")(memory_cmd.remember)
app.command("ingest")(memory_cmd.ingest)


def _add_models_group() -> None:
    from familiar.cli import models

    app.add_typer(models.app, name="models")


_add_models_group()


@app.callback()
def _start(ctx: typer.Context) -> None:
    """Show reminders that came due before any command runs."""
    # Not before `mcp`: under stdio, stdout belongs to the protocol.
    if (
        ctx.invoked_subcommand
        in ("reminders", "config", "models", "skills", "sensors", "version", "mcp", None)
        or "--help" in sys.argv
    ):
        return
    with opened() as fam:
        reminders_cmd.announce_due(fam)


@contextmanager
def opened() -> Iterator[App]:
    """The app for one command, closed afterwards."""
    fam = build_app(confirmer=terminal_confirmer)
    try:
        yield fam
    finally:
        fam.close()


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _show_tool(outcome: ToolOutcome) -> None:
    args = json.dumps(outcome.call.arguments, ensure_ascii=False)
    status = "" if outcome.ok else " [red]✗[/red]"
    err_console.print(f"[dim]→ {escape(outcome.call.name)}({escape(args)}){status}[/dim]")


@app.command()
def ask(
    words: list[str] = typer.Argument(..., help="what to ask or tell familiar"),
) -> None:
    """Ask once and print the answer as it is generated."""
    text = " ".join(words).strip()
    if not text:
        raise typer.BadParameter("say something, e.g. familiar ask 'what reminders do I have?'")
    with opened() as fam:
        agent = fam.agent()
        streamed: list[str] = []

        def on_text(chunk: str) -> None:
            streamed.append(chunk)
            _write(chunk)

        result = agent.run(Request(text), on_text=on_text, on_tool=_show_tool)
        if not streamed:
            _write(result.answer)
        _write("\n")
        if result.status != "ok":
            raise typer.Exit(2)


@app.command()
def chat() -> None:
    """Talk with familiar; Ctrl-C stops an answer, Ctrl-D or 'exit' leaves."""
    with opened() as fam:
        run_ids = _converse(fam)
        if run_ids and fam.settings.memory_context_tokens:
            try:
                memory_cmd.summarize_conversations(fam, fam.memory, run_ids=run_ids)
            except KeyboardInterrupt:
                err_console.print("[dim](not summarised: `familiar memory summarize` later)[/dim]")


def _converse(fam: App) -> list[int]:
    """The chat loop; returns the ids of the runs it made."""
    agent = fam.agent()
    history: list[Message] = []
    run_ids: list[int] = []
    console.print(f"[dim]familiar {__version__} on {fam.model.name}. Ctrl-D to leave.[/dim]")
    while True:
        try:
            text = console.input("[bold]you>[/bold] ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return run_ids
        if text in ("exit", "quit"):
            return run_ids
        if not text:
            continue
        try:
            result = agent.run(
                Request(text, channel="chat"),
                history=history,
                on_text=_write,
                on_tool=_show_tool,
            )
        except (Cancelled, KeyboardInterrupt):  # Ctrl-C may land outside generation too
            _write("\n")
            err_console.print("[dim](stopped)[/dim]")
            continue
        _write("\n")
        run_ids.append(result.run_id)
        history.extend(result.messages)


@app.command()
def sensors() -> None:
    """This machine's state as familiar reads it: time, battery, network, idle, location."""
    from familiar.integrations.sensors import read_sensors

    fam = build_app()
    try:
        for line in read_sensors(fam.clock().astimezone(fam.tz), fam.settings.location).lines():
            console.print(escape(line))
    finally:
        fam.close()


@app.command()
def version() -> None:
    """Print familiar's version."""
    console.print(__version__)


def main() -> None:
    """Console-script entry point."""
    app()
