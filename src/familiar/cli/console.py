"""Consoles and the one-line error convention shared by every command."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from familiar.errors import Cancelled, FamiliarError

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


class FamiliarGroup(TyperGroup):
    """Turns familiar's errors into one red line and Ctrl-C into 'cancelled', exit 130."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors click; its Context is private
        """Run the command; no traceback for a user's mistake or an outside failure."""
        try:
            return super().invoke(ctx)
        except FamiliarError as exc:
            err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(1) from None
        except (KeyboardInterrupt, Cancelled):
            err_console.print("\ncancelled")
            raise typer.Exit(130) from None


def new_app(help_text: str) -> typer.Typer:
    """A Typer (sub)app with familiar's conventions."""
    return typer.Typer(
        help=help_text,
        cls=FamiliarGroup,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
