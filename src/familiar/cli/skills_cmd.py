"""`familiar skills`: what is installed, what each tool may touch, and switching them."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Set
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.prompt import Confirm
from rich.table import Table

from familiar.app import App, build_app
from familiar.cli.console import console, err_console, new_app
from familiar.errors import UserError
from familiar.skills import InstalledSkill
from familiar.skills.permissions import PERMISSIONS
from familiar.skills.state import SkillState

if TYPE_CHECKING:
    from familiar.mcp.client import McpServer
    from familiar.mcp.definitions import McpToolDef

app = new_app("Installed skills: list, inspect, enable, disable; MCP servers as skills.")

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


def _mcp_skill(fam: App, name: str) -> InstalledSkill:
    skill = fam.skills.get(name)
    if skill.origin != "mcp" or skill.state.server is None:
        raise UserError(f"{name} is not an MCP skill; `familiar skills list` shows each origin")
    return skill


def _show_definitions(
    server: McpServer, definitions: list[McpToolDef], changed: Set[str] = frozenset()
) -> None:
    from familiar.mcp.tools import tool_name

    for d in definitions:
        mark = " [yellow](changed)[/yellow]" if d.remote_name in changed else ""
        problem = f" [red]unusable: {escape(d.problem)}[/red]" if d.problem else ""
        name = escape(tool_name(server, d))
        console.print(
            f"  [bold]{name}[/bold]{mark}: {escape(d.description)}{problem}", soft_wrap=True
        )


@app.command("add-mcp")
def add_mcp(
    name: str = typer.Argument(..., help="a name for the server's skill, e.g. github"),
    command: list[str] = typer.Argument(
        None, help="after --: the command that starts a stdio server, with its arguments"
    ),
    url: str | None = typer.Option(None, "--url", help="a streamable-HTTP server's URL"),
    token_env: str | None = typer.Option(
        None, "--token-env", help="environment variable holding the HTTP server's bearer token"
    ),
    env: list[str] = typer.Option([], "--env", help="KEY=VALUE for the stdio server (repeatable)"),
) -> None:
    """Turn an MCP server into a skill (disabled until you enable it after review)."""
    from familiar.mcp.client import McpServer, list_tools
    from familiar.mcp.skill import definition_to_dict

    pairs = dict(item.partition("=")[::2] for item in env)
    if any(not key for key in pairs) or any("=" not in item for item in env):
        raise UserError("--env takes KEY=VALUE, e.g. --env GITHUB_TOKEN_FILE=~/.gh")
    server = McpServer(name, command=tuple(command or ()), env=pairs, url=url, token_env=token_env)
    with _opened() as fam:
        if any(s.name == name for s in fam.skills.installed()):
            raise UserError(f"a skill named {name} exists; pick another name")
        definitions = list_tools(server, timeout=fam.settings.tool_timeout)
        fam.skills.save(
            name,
            SkillState(
                origin="mcp",
                server=server.as_dict(),
                definitions=[definition_to_dict(d) for d in definitions],
            ),
        )
        console.print(f"Added MCP server {escape(server.where)} as skill {name}, disabled:")
        _show_definitions(server, definitions)
        console.print(f"Enable it with `familiar skills enable {name}` after reading these.")


@app.command()
def refresh(name: str = typer.Argument(..., help="an MCP skill's name")) -> None:
    """List an MCP server's tools again; a changed tool stays off until you enable it again."""
    from familiar.mcp.client import McpServer, list_tools
    from familiar.mcp.skill import definition_from_dict, definition_to_dict

    with _opened() as fam:
        skill = _mcp_skill(fam, name)
        assert skill.state.server is not None
        server = McpServer.from_dict(name, skill.state.server)
        before = {
            d.remote_name: d.definition_hash
            for d in map(definition_from_dict, skill.state.definitions)
        }
        definitions = list_tools(server, timeout=fam.settings.tool_timeout)
        state = skill.state.model_copy(deep=True)
        state.definitions = [definition_to_dict(d) for d in definitions]
        fam.skills.save(name, state)
        changed = {
            d.remote_name
            for d in definitions
            if d.remote_name in before and before[d.remote_name] != d.definition_hash
        }
        gone = sorted(set(before) - {d.remote_name for d in definitions})
        _show_definitions(server, definitions, changed)
        if gone:
            console.print(f"no longer offered: {escape(', '.join(gone))}")
        if changed:
            console.print(
                f"Changed tools are off until you review them: `familiar skills enable {name}`"
            )


@app.command()
def remove(name: str = typer.Argument(..., help="an MCP skill's name")) -> None:
    """Forget an MCP server's skill (packages are removed with pip instead)."""
    with _opened() as fam:
        fam.skills.remove(name)
        console.print(f"removed {name}")
