"""`familiar skills`: what is installed, what each tool may touch, and switching them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.markup import escape
from rich.prompt import Confirm
from rich.table import Table

from familiar.app import App, build_app
from familiar.cli.console import console, err_console, new_app
from familiar.errors import UserError
from familiar.skills import InstalledSkill
from familiar.skills.permissions import PERMISSIONS

app = new_app("Installed skills: list, inspect, enable, disable.")

_STATUS_STYLE = {"enabled": "green", "disabled": "dim", "broken": "red"}


@contextmanager
def _opened() -> Iterator[App]:
    fam = build_app()
    try:
        yield fam
    finally:
        fam.close()


def _status(skill: InstalledSkill) -> str:
    style = _STATUS_STYLE[skill.status]
    return f"[{style}]{skill.status}[/{style}]"


@app.command("list")
def list_skills() -> None:
    """Every installed skill, enabled or not, with its tools and the permissions it asks."""
    with _opened() as fam:
        table = Table("skill", "status", "from", "tools", "permissions")
        for skill in fam.skills.installed():
            tools = ", ".join(t.name for t in skill.manifest.tools) if skill.manifest else ""
            perms = ", ".join(skill.manifest.permissions) if skill.manifest else ""
            if skill.error:
                tools = f"[red]{escape(skill.error)}[/red]"
            table.add_row(escape(skill.name), _status(skill), skill.origin, tools, escape(perms))
        console.print(table)


@app.command()
def info(
    name: str = typer.Argument(..., help="a skill's name from `familiar skills list`"),
) -> None:
    """A skill's description, tools, their effects and permissions, and why any is off."""
    with _opened() as fam:
        skill = fam.skills.get(name)
        _describe(fam, skill)


def _describe(fam: App, skill: InstalledSkill) -> None:
    version = f" {skill.manifest.version}" if skill.manifest else ""
    console.print(f"[bold]{escape(skill.name)}[/bold]{version}  {_status(skill)}  ({skill.origin})")
    if skill.error:
        console.print(f"[red]broken:[/red] {escape(skill.error)}", soft_wrap=True)
        return
    assert skill.manifest is not None
    console.print(escape(skill.manifest.description), soft_wrap=True)
    hidden = fam.skills.clashes()
    table = Table("tool", "effect", "permissions", "offered", "description")
    for tool in skill.manifest.tools:
        problem = skill.tool_problem(tool)
        if problem is None and (skill.name, tool.name) in hidden:
            problem = f"skill {hidden[(skill.name, tool.name)]} has a tool of the same name"
        offered = "[green]yes[/green]" if problem is None else f"[dim]no: {escape(problem)}[/dim]"
        table.add_row(
            escape(tool.name),
            str(tool.effect),
            escape(", ".join(tool.permissions)),
            offered,
            escape(tool.description),
        )
    console.print(table)


def _show_request(skill: InstalledSkill, tools: list[str]) -> None:
    assert skill.manifest is not None
    chosen = [t for t in skill.manifest.tools if not tools or t.name in tools]
    err_console.print(
        f"Enabling [bold]{escape(skill.name)}[/bold] ({skill.origin}) lets familiar's model"
        " call these tools:"
    )
    for tool in chosen:
        err_console.print(
            f"  [bold]{escape(tool.name)}[/bold] ({tool.effect}): {escape(tool.description)}",
            soft_wrap=True,
        )
    asked = list(dict.fromkeys(p for t in chosen for p in t.permissions))
    err_console.print("It asks for permission to:")
    for perm in asked:
        err_console.print(f"  {perm}: {PERMISSIONS[perm]}")


@app.command()
def enable(
    name: str = typer.Argument(..., help="the skill to enable"),
    tool: list[str] = typer.Option([], "--tool", "-t", help="enable only this tool (repeatable)"),
    yes: bool = typer.Option(False, "--yes", "-y", help="grant without asking"),
) -> None:
    """Enable a skill (or some of its tools) after showing what it may touch."""
    with _opened() as fam:
        skill = fam.skills.get(name)
        if skill.error or skill.manifest is None:
            raise UserError(f"skill {name} is broken and cannot be enabled: {skill.error}")
        if skill.origin != "builtin":
            _show_request(skill, tool)
            if not yes:
                if not sys.stdin.isatty():
                    raise UserError("enabling a skill needs your yes; add --yes to grant it")
                if not Confirm.ask("Grant and enable?", default=False, console=err_console):
                    err_console.print("not enabled")
                    raise typer.Exit(1)
        enabled = fam.skills.enable(name, tool)
        _describe(fam, enabled)


@app.command()
def disable(
    name: str = typer.Argument(..., help="the skill to disable"),
    tool: list[str] = typer.Option([], "--tool", "-t", help="switch off only this tool"),
) -> None:
    """Disable a skill, or switch off some of its tools; their tools leave the model's view."""
    with _opened() as fam:
        _describe(fam, fam.skills.disable(name, tool))


@app.command()
def permissions() -> None:
    """The permissions a skill's tools may ask for, and what each lets them do."""
    table = Table("permission", "lets a skill")
    for perm, meaning in PERMISSIONS.items():
        table.add_row(perm, meaning)
    console.print(table)
