"""A skill groups tools under one name the user can switch on and off."""

from __future__ import annotations

from dataclasses import dataclass

from familiar import __version__
from familiar.kernel.tools import Tool


@dataclass(frozen=True)
class Skill:
    """A named bundle of tools; third-party packages export one under `familiar.skills`."""

    name: str
    description: str
    tools: tuple[Tool, ...]
    version: str = __version__
    enabled_by_default: bool = True  # built-in skills only; third-party ones start disabled


def builtin_skills() -> list[Skill]:
    """The skills that ship with familiar, in a fixed order (it is the prompt's order)."""
    from familiar.skills.builtin import (
        calendar,
        clock,
        contacts,
        home,
        mail,
        memory,
        notes,
        reminders,
        system,
    )

    return [
        reminders.SKILL,
        notes.SKILL,
        clock.SKILL,
        memory.SKILL,
        system.SKILL,
        home.SKILL,
        calendar.SKILL,
        contacts.SKILL,
        mail.SKILL,
    ]


def default_tools() -> list[Tool]:
    """The tools a fresh install offers: those of the built-in skills that start enabled."""
    return [t for s in builtin_skills() if s.enabled_by_default for t in s.tools]
