"""A skill's manifest: what it is and what each of its tools may touch.

The manifest is derived from the skill's tools (their effect and permissions are
declared where the tool is defined), then checked against the permission vocabulary.
Each tool's definition is hashed: enabling a skill pins those hashes, and a tool whose
definition later changes is switched off until the user approves it again.
"""

from __future__ import annotations

import hashlib
import json
import re

from pydantic import BaseModel, Field

from familiar.kernel.tools import Tool
from familiar.security.policy import Effect
from familiar.skills.base import Skill
from familiar.skills.permissions import unknown_permissions

_SKILL_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
MAX_DESCRIPTION = 1024  # third-party text shown to the model and the user


class SkillError(ValueError):
    """A skill cannot be used; the message says why and what to do."""


class ToolManifest(BaseModel):
    """One tool as the user is shown it."""

    name: str
    description: str
    effect: Effect
    permissions: list[str]
    definition_hash: str


class SkillManifest(BaseModel):
    """A skill as the user is shown it."""

    name: str
    version: str
    description: str
    tools: list[ToolManifest] = Field(default_factory=list)

    @property
    def permissions(self) -> list[str]:
        """Every permission any of its tools asks for, without repeats."""
        return list(dict.fromkeys(p for t in self.tools for p in t.permissions))

    def tool(self, name: str) -> ToolManifest | None:
        """One of its tools by name."""
        return next((t for t in self.tools if t.name == name), None)


def definition_hash(tool: Tool) -> str:
    """A stable hash of everything the model and the policy see of a tool."""
    spec = tool.spec()
    canonical = json.dumps(
        {
            "name": spec.name,
            "description": spec.description,
            "parameters": spec.parameters,
            "effect": str(tool.effect),
            "permissions": sorted(tool.permissions),
            "source": tool.source_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def manifest_of(skill: Skill) -> SkillManifest:
    """Check a skill and describe it; SkillError says what is wrong."""
    if not _SKILL_NAME.match(skill.name):
        raise SkillError(
            f"skill name {skill.name!r} must be lower-case letters, digits, '-' or '_' (at most 40)"
        )
    if not skill.tools:
        raise SkillError(f"skill {skill.name} has no tools")
    seen: set[str] = set()
    tools = []
    for tool in skill.tools:
        if tool.name in seen:
            raise SkillError(f"skill {skill.name} defines tool {tool.name} twice")
        seen.add(tool.name)
        unknown = unknown_permissions(tool.permissions)
        if unknown:
            raise SkillError(
                f"tool {tool.name} asks for unknown permission {', '.join(map(repr, unknown))};"
                " see `familiar skills permissions` for the vocabulary"
            )
        if not tool.permissions:
            raise SkillError(f"tool {tool.name} declares no permission; every tool must")
        tools.append(
            ToolManifest(
                name=tool.name,
                description=tool.description[:MAX_DESCRIPTION],
                effect=tool.effect,
                permissions=list(tool.permissions),
                definition_hash=definition_hash(tool),
            )
        )
    return SkillManifest(
        name=skill.name,
        version=skill.version,
        description=skill.description[:MAX_DESCRIPTION],
        tools=tools,
    )
