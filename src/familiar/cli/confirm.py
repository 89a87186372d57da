"""Asking the user before an external action, showing exactly what would run."""

from __future__ import annotations

import json
import sys

from rich.markup import escape
from rich.prompt import Confirm

from familiar.cli.console import err_console
from familiar.security.policy import ConfirmationRequest


def terminal_confirmer(request: ConfirmationRequest) -> bool:
    """Show the call and ask; with no terminal to ask, the answer is no."""
    err_console.print(
        f"\n[bold]{escape(request.tool)}[/bold] wants to act ({escape(request.reason)}):"
    )
    for name, value in request.arguments.items():
        label = request.argument_labels.get(name)
        mark = ""
        if name in request.untrusted and label is not None:
            mark = f"  [yellow]⚠ from untrusted data: {', '.join(sorted(label.sources))}[/yellow]"
        shown = json.dumps(value, ensure_ascii=False)
        err_console.print(f"  {escape(name)} = {escape(shown)}{mark}", soft_wrap=True)
    if not sys.stdin.isatty():
        err_console.print("  not run: this needs your confirmation and there is no terminal to ask")
        return False
    return Confirm.ask("  Run it?", default=False, console=err_console)
