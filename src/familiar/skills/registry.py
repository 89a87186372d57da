"""Installed skills: built in, from Python packages, or from MCP servers; and their state.

Discovery never raises for a bad skill: a plugin that fails to import, or a manifest
that asks for permissions outside the vocabulary, is listed as broken with the reason,
and everything else keeps working. The kernel is offered only the tools `tools()`
returns; a tool that is not there cannot be called.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from familiar.clock import Clock
from familiar.errors import UserError
from familiar.kernel.tools import Tool
from familiar.skills.base import Skill
from familiar.skills.manifest import SkillError, SkillManifest, ToolManifest, manifest_of
from familiar.skills.state import Origin, SkillState, ToolSwitch, default_state
from familiar.store import RecordStore

ENTRY_POINT_GROUP = "familiar.skills"

SkillBuilder = Callable[[str, SkillState], Skill]
"""Builds an MCP skill from its saved state (server and definitions last seen)."""


@dataclass(frozen=True)
class Candidate:
    """A skill found by discovery, before its state is applied."""

    name: str
    origin: Origin
    skill: Skill | None
    error: str | None = None


@dataclass
class InstalledSkill:
    """A skill as the user sees it: its manifest, its state, and whether it works."""

    name: str
    origin: Origin
    skill: Skill | None
    manifest: SkillManifest | None
    state: SkillState
    error: str | None = None

    @property
    def status(self) -> str:
        """'broken', 'enabled' or 'disabled'."""
        if self.error:
            return "broken"
        return "enabled" if self.state.enabled else "disabled"

    def tool_problem(self, tool: ToolManifest) -> str | None:
        """Why a tool is not offered to the model (None when it is)."""
        if self.error:
            return "the skill is broken"
        if not self.state.enabled:
            return "the skill is disabled"
        switch = self.state.switch(tool.name)
        if not switch.enabled:
            return "switched off"
        if self.origin == "builtin":
            return None
        missing = [p for p in tool.permissions if p not in self.state.granted]
        if missing:
            return f"needs permission {', '.join(missing)}, not granted"
        if switch.approved_hash != tool.definition_hash:
            return "its definition changed since you approved it"
        return None

    def usable_tools(self) -> list[Tool]:
        """The tools of this skill the model may be offered."""
        if self.skill is None or self.manifest is None:
            return []
        by_name = {t.name: t for t in self.manifest.tools}
        return [t for t in self.skill.tools if self.tool_problem(by_name[t.name]) is None]


def plugin_candidates(
    entry_points: Iterable[importlib.metadata.EntryPoint] | None = None,
) -> list[Candidate]:
    """Skills that installed Python packages declare in the `familiar.skills` group."""
    found = []
    points = (
        entry_points
        if entry_points is not None
        else importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    )
    for point in sorted(points, key=lambda p: p.name):
        try:
            obj = point.load()
            skill = obj() if callable(obj) and not isinstance(obj, Skill) else obj
        except Exception as exc:  # a third party's import error must not take familiar down
            found.append(Candidate(point.name, "plugin", None, _load_error(point, exc)))
            continue
        if not isinstance(skill, Skill):
            error = f"{point.value} is a {type(skill).__name__}, not a familiar Skill"
            found.append(Candidate(point.name, "plugin", None, error))
            continue
        found.append(Candidate(skill.name, "plugin", skill))
    return found


def _load_error(point: importlib.metadata.EntryPoint, exc: Exception) -> str:
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"failed to load {point.value}: {type(exc).__name__}: {first}"[:300]


@dataclass
class SkillRegistry:
    """Discovery plus the user's decisions, with the operations `familiar skills` offers."""

    store: RecordStore
    clock: Clock
    builtins: list[Skill]
    plugins: Callable[[], list[Candidate]] = plugin_candidates
    mcp_builder: SkillBuilder | None = None
    _installed: list[InstalledSkill] | None = field(default=None, repr=False)

    def installed(self) -> list[InstalledSkill]:
        """Every skill, in the prompt's order: built-in, then plugins, then MCP servers."""
        if self._installed is None:
            self._installed = self._discover()
        return self._installed

    def get(self, name: str) -> InstalledSkill:
        """One skill by name; UserError lists the known ones."""
        for skill in self.installed():
            if skill.name == name:
                return skill
        known = ", ".join(s.name for s in self.installed())
        raise UserError(f"no skill named {name!r}; installed: {known}")

    def tools(self) -> list[Tool]:
        """The tools the kernel may offer: enabled, approved, and without a name clash."""
        offered: dict[str, Tool] = {}
        for skill in self.installed():
            for tool in skill.usable_tools():
                offered.setdefault(tool.name, tool)
        return list(offered.values())

    def clashes(self) -> dict[tuple[str, str], str]:
        """(skill, tool) pairs hidden because an earlier skill has a tool of that name."""
        owner: dict[str, str] = {}
        hidden = {}
        for skill in self.installed():
            for tool in skill.usable_tools():
                if tool.name in owner:
                    hidden[(skill.name, tool.name)] = owner[tool.name]
                else:
                    owner[tool.name] = skill.name
        return hidden

    def enable(self, name: str, tools: Iterable[str] = ()) -> InstalledSkill:
        """Enable a skill (or some of its tools), granting what it asks and pinning its tools."""
        skill = self.get(name)
        if skill.error or skill.manifest is None:
            raise UserError(f"skill {name} is broken and cannot be enabled: {skill.error}")
        chosen = self._tool_names(skill, tools)
        state = skill.state.model_copy(deep=True)
        state.enabled = True
        state.granted = list(dict.fromkeys([*state.granted, *skill.manifest.permissions]))
        for tool in skill.manifest.tools:
            if tool.name in chosen:
                state.tools[tool.name] = ToolSwitch(
                    enabled=True, approved_hash=tool.definition_hash
                )
        self._save(name, state)
        return self.get(name)

    def disable(self, name: str, tools: Iterable[str] = ()) -> InstalledSkill:
        """Disable a skill, or switch off some of its tools."""
        skill = self.get(name)
        names = list(tools)
        state = skill.state.model_copy(deep=True)
        if not names:
            state.enabled = False
        for tool in self._tool_names(skill, names) if names else ():
            current = state.switch(tool)
            state.tools[tool] = ToolSwitch(enabled=False, approved_hash=current.approved_hash)
        self._save(name, state)
        return self.get(name)

    def save(self, name: str, state: SkillState) -> None:
        """Store a skill's state (used when an MCP skill is added or refreshed)."""
        self._save(name, state)

    def remove(self, name: str) -> None:
        """Forget an MCP skill; built-in and package skills are removed with pip instead."""
        skill = self.get(name)
        if skill.origin != "mcp":
            raise UserError(
                f"{name} is a {skill.origin} skill; disable it with `familiar skills disable"
                f" {name}`" + (" or uninstall its package" if skill.origin == "plugin" else "")
            )
        self.store.delete_skill_state(name)
        self._installed = None

    def _tool_names(self, skill: InstalledSkill, tools: Iterable[str]) -> set[str]:
        assert skill.manifest is not None
        known = {t.name for t in skill.manifest.tools}
        names = set(tools) or known
        unknown = sorted(names - known)
        if unknown:
            raise UserError(
                f"skill {skill.name} has no tool {', '.join(unknown)}; its tools:"
                f" {', '.join(sorted(known))}"
            )
        return names

    def _save(self, name: str, state: SkillState) -> None:
        self.store.save_skill_state(name, state.model_dump(mode="json"), self.clock())
        self._installed = None

    def _discover(self) -> list[InstalledSkill]:
        saved = {
            name: SkillState.model_validate(doc) for name, doc in self.store.skill_states().items()
        }
        candidates = [Candidate(s.name, "builtin", s) for s in self.builtins]
        candidates += self.plugins()
        candidates += self._mcp_candidates(saved)
        result: list[InstalledSkill] = []
        taken: set[str] = set()
        for found in candidates:
            default = default_state(
                found.origin, found.skill is None or found.skill.enabled_by_default
            )
            state = saved.get(found.name) or default
            if state.origin != found.origin:  # a package now uses a name saved for another kind
                state = default
            installed = InstalledSkill(found.name, found.origin, found.skill, None, state)
            if found.name in taken:
                installed.error = f"another skill is already named {found.name}"
            elif found.error:
                installed.error = found.error
            elif found.skill is not None:
                try:
                    installed.manifest = manifest_of(found.skill)
                except SkillError as exc:
                    installed.error = str(exc)
            taken.add(found.name)
            result.append(installed)
        return result

    def _mcp_candidates(self, saved: dict[str, SkillState]) -> list[Candidate]:
        found = []
        for name, state in sorted(saved.items()):
            if state.origin != "mcp":
                continue
            if self.mcp_builder is None:
                found.append(Candidate(name, "mcp", None, "MCP support is not available"))
                continue
            try:
                found.append(Candidate(name, "mcp", self.mcp_builder(name, state)))
            except Exception as exc:  # third-party definitions: never take familiar down
                found.append(Candidate(name, "mcp", None, f"{type(exc).__name__}: {exc}"[:300]))
        return found
