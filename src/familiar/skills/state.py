"""What the user decided about each skill: enabled, permissions granted, tools approved.

Kept in the store as one JSON document per skill, so every store backend holds it the
same way. A skill with no saved state gets the default of its origin: built-in skills
are on, anything a third party wrote is off until the user enables it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Origin = Literal["builtin", "plugin", "mcp"]


class ToolSwitch(BaseModel):
    """One tool's switch and the definition the user approved."""

    enabled: bool = True
    approved_hash: str | None = None


class SkillState(BaseModel):
    """The user's decisions about one skill (and, for MCP skills, how to reach it)."""

    origin: Origin
    enabled: bool = False
    granted: list[str] = Field(default_factory=list)
    tools: dict[str, ToolSwitch] = Field(default_factory=dict)
    server: dict[str, Any] | None = None  # MCP: how to start or reach the server
    definitions: list[dict[str, Any]] = Field(default_factory=list)  # MCP: tools last seen

    def switch(self, tool: str) -> ToolSwitch:
        """The tool's switch (a default one if the user never touched it)."""
        return self.tools.get(tool) or ToolSwitch()


def default_state(origin: Origin, enabled_by_default: bool = True) -> SkillState:
    """The state of a skill the user has not touched."""
    return SkillState(origin=origin, enabled=origin == "builtin" and enabled_by_default)
