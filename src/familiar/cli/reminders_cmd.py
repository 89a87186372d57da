"""`familiar reminders`: what is due (for cron or a systemd timer), list, done."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from familiar.app import App, build_app
from familiar.cli.console import console, new_app
from familiar.errors import UserError
from familiar.store import Reminder

app = new_app("Reminders and to-dos.")


def _line(fam: App, reminder: Reminder) -> str:
    due = reminder.due_at.astimezone(fam.tz).strftime("%a %Y-%m-%d %H:%M")
    return f"⏰ {escape(reminder.text)} [dim](due {due}, #{reminder.id})[/dim]"


def announce_due(fam: App) -> int:
    """Print reminders that came due and were not shown yet; mark them shown."""
    due = fam.store.due_reminders(fam.clock())
    for reminder in due:
        console.print(_line(fam, reminder))
    fam.store.mark_notified([r.id for r in due], fam.clock())
    return len(due)


@app.command()
def due(
    show_all: bool = typer.Option(False, "--all", help="also those already shown"),
) -> None:
    """Print reminders that are due (run it from cron or a systemd timer)."""
    fam = build_app()
    try:
        if show_all:
            for reminder in fam.store.due_reminders(fam.clock(), unnotified_only=False):
                console.print(_line(fam, reminder))
        else:
            announce_due(fam)
    finally:
        fam.close()


@app.command("list")
def list_(done: bool = typer.Option(False, "--done", help="include completed ones")) -> None:
    """List reminders, soonest first."""
    fam = build_app()
    try:
        table = Table("id", "due", "text", "done")
        for r in fam.store.reminders(include_done=done):
            due_at = r.due_at.astimezone(fam.tz).strftime("%a %Y-%m-%d %H:%M")
            table.add_row(str(r.id), due_at, escape(r.text), "✓" if r.done_at else "")
        console.print(table)
    finally:
        fam.close()


@app.command("done")
def done_(reminder_id: int = typer.Argument(..., help="the reminder's id")) -> None:
    """Mark a reminder done."""
    fam = build_app()
    try:
        if not fam.store.complete_reminder(reminder_id, fam.clock()):
            raise UserError(f"no open reminder #{reminder_id}; see `familiar reminders list`")
        console.print(f"done: #{reminder_id}")
    finally:
        fam.close()
