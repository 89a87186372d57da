"""The Model Context Protocol: other servers' tools in familiar, and familiar as a server."""

from familiar.mcp.client import McpServer, call_tool, list_tools
from familiar.mcp.definitions import McpToolDef
from familiar.mcp.tools import mcp_tool, tool_name

__all__ = ["McpServer", "McpToolDef", "call_tool", "list_tools", "mcp_tool", "tool_name"]
