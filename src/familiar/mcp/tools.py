"""An MCP server's tool as a familiar Tool, called only through the dispatcher.

The effect is EXTERNAL (the user is asked) even when the server annotates the tool
with readOnlyHint: annotations are the server's own claims (the MCP spec says clients
must not base decisions on them when the server is untrusted), and even a true read
sends its arguments to a third party, so treating it as READ would let text injected
into the context leak the user's data without asking. The skills layer may pass
`effect=Effect.READ` for a tool the user has explicitly granted, after showing them
the hint.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from familiar.errors import UserError
from familiar.kernel.tools import Tool, schema_tool
from familiar.mcp.client import McpServer, call_tool
from familiar.mcp.definitions import McpToolDef, sanitise_name
from familiar.security.labels import Confidentiality
from familiar.security.policy import Effect


def tool_name(server: McpServer, definition: McpToolDef) -> str:
    """The name the model sees: the server's name first, so tools of two servers never clash."""
    return sanitise_name(definition.name, prefix=server.name)


def mcp_tool(
    server: McpServer,
    definition: McpToolDef,
    *,
    timeout: float = 30.0,
    effect: Effect = Effect.EXTERNAL,
    name: str | None = None,
    permissions: tuple[str, ...] = (),
) -> Tool:
    """A Tool that calls `definition` on `server`; its output is untrusted third-party data."""
    if definition.problem:
        raise UserError(
            f"MCP tool {definition.remote_name} of {server.name} cannot be used: "
            f"{definition.problem}"
        )

    def run(arguments: Mapping[str, Any]) -> str:
        return call_tool(
            server, definition.remote_name, arguments, timeout, pinned=definition.definition_hash
        )

    description = definition.description or f"{definition.remote_name} (from {server.name})"
    return schema_tool(
        name or tool_name(server, definition),
        f"[MCP {server.name}] {description}",
        definition.input_schema,
        run,
        effect=effect,
        trusted_output=False,
        confidentiality=Confidentiality.PERSONAL,
        permissions=permissions,
        source_hash=definition.definition_hash,
    )
