"""An MCP server as a skill, rebuilt from the skills' saved state without contacting it.

The state keeps the server spec and the definitions last listed (`McpToolDef` as a
dict); a definition with a problem gives no tool. Listing again, comparing the
definition hashes and asking the user is the skills layer's job.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from familiar.errors import UserError
from familiar.mcp.client import McpServer
from familiar.mcp.definitions import McpToolDef
from familiar.mcp.tools import mcp_tool
from familiar.skills.base import Skill
from familiar.skills.state import SkillState


def definition_to_dict(definition: McpToolDef) -> dict[str, Any]:
    """A definition as JSON-able data for `SkillState.definitions`."""
    return asdict(definition)


def definition_from_dict(data: dict[str, Any]) -> McpToolDef:
    """A definition back from `definition_to_dict` data."""
    try:
        return McpToolDef(**data)
    except TypeError as exc:
        raise UserError(f"a saved MCP tool definition is damaged ({exc})") from None


def build_mcp_skill(name: str, state: SkillState, timeout: float = 30.0) -> Skill:
    """The skill for a saved MCP server: one untrusted, asking tool per usable definition."""
    if state.server is None:
        raise UserError(f"MCP skill {name} has no server saved; add it again with add-mcp")
    server = McpServer.from_dict(name, state.server)
    defs = [definition_from_dict(d) for d in state.definitions]
    return Skill(
        name=name,
        description=f"Tools of the MCP server {server.where}",
        tools=tuple(
            mcp_tool(server, d, timeout=timeout, permissions=("mcp.call",))
            for d in defs
            if d.problem is None
        ),
    )
