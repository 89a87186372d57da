"""The dispatcher's policy: which tool calls run, which ask the user, which are refused.

Every verdict carries a reason, so the run record and the confirmation prompt can
say why.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from familiar.security.labels import Label


class Effect(StrEnum):
    """What a tool does to the world; the skills' manifests use this same set."""

    READ = "read"  # looks at data, changes nothing
    WRITE = "write"  # writes only to familiar's own stores (reminders, notes, memory)
    EXTERNAL = "external"  # sends, deletes, pays, controls a device: consequences outside


class Verdict(StrEnum):
    """The policy's answer."""

    ALLOW = "allow"
    ASK = "ask"
    DENY = "deny"


@dataclass(frozen=True)
class Decision:
    """A verdict and why."""

    verdict: Verdict
    reason: str


@dataclass(frozen=True)
class ConfirmationRequest:
    """What the user is shown before an external action: the exact call and its origins."""

    tool: str
    effect: Effect
    arguments: Mapping[str, Any]
    argument_labels: Mapping[str, Label]
    reason: str
    untrusted: tuple[str, ...] = field(default=())  # names of arguments from untrusted data


Confirmer = Callable[[ConfirmationRequest], bool]
"""Asks the user; returns True to run the call."""


def deny_without_terminal(request: ConfirmationRequest) -> bool:
    """The confirmer used when nobody can be asked: the answer is no."""
    return False


class Policy:
    """Read and own-store writes run; external effects ask unless allowed and all trusted."""

    def __init__(self, allow_tools: Collection[str] = ()) -> None:
        self.allow_tools = frozenset(allow_tools)

    def decide(self, tool: str, effect: Effect, argument_labels: Mapping[str, Label]) -> Decision:
        """The verdict for one call of `tool` with arguments labelled as given."""
        if effect is Effect.READ:
            return Decision(Verdict.ALLOW, "reads are allowed")
        if effect is Effect.WRITE:
            return Decision(Verdict.ALLOW, "writes to familiar's own stores are allowed")
        untrusted = sorted(n for n, label in argument_labels.items() if not label.trusted)
        if tool in self.allow_tools and not untrusted:
            return Decision(Verdict.ALLOW, f"{tool} is in allow_tools and no argument is untrusted")
        if untrusted:
            return Decision(
                Verdict.ASK,
                f"external action with arguments from untrusted data: {', '.join(untrusted)}",
            )
        return Decision(Verdict.ASK, "external action: needs your confirmation")
