"""Information-flow labels carried by every value that enters a model's context.

A label says where a value came from (`sources`), whether it can be trusted to carry
instructions (`integrity`) and how sensitive it is and who may see it
(`confidentiality`, `readers`). Combining values joins their labels: the result is
as untrusted as the least trusted input and as confidential as the most confidential.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

USER = "user"
SYSTEM = "system"
EVERYONE = "*"


class Integrity(StrEnum):
    """Whether a value may steer actions: only the user and familiar itself are trusted."""

    TRUSTED = "trusted"
    UNTRUSTED = "untrusted"


class Confidentiality(IntEnum):
    """How sensitive a value is; higher is more sensitive."""

    PUBLIC = 0
    PERSONAL = 1  # the user's own data: fine locally, masked before any remote model
    SENSITIVE = 2  # health, money, credentials-adjacent: local only unless allowed
    SECRET = 3  # never leaves the device, never shown to any model


class Label(BaseModel):
    """Provenance and sensitivity of one value."""

    model_config = ConfigDict(frozen=True)

    sources: frozenset[str] = Field(default_factory=lambda: frozenset({SYSTEM}))
    integrity: Integrity = Integrity.TRUSTED
    confidentiality: Confidentiality = Confidentiality.PERSONAL
    readers: frozenset[str] = Field(default_factory=lambda: frozenset({EVERYONE}))

    @property
    def trusted(self) -> bool:
        """True when the value may carry instructions (it came from the user or familiar)."""
        return self.integrity is Integrity.TRUSTED

    def join(self, other: Label) -> Label:
        """The label of a value derived from both `self` and `other`."""
        return Label(
            sources=self.sources | other.sources,
            integrity=(
                Integrity.TRUSTED if self.trusted and other.trusted else Integrity.UNTRUSTED
            ),
            confidentiality=max(self.confidentiality, other.confidentiality),
            readers=_meet_readers(self.readers, other.readers),
        )

    def may_read(self, reader: str) -> bool:
        """Whether `reader` (e.g. 'local_model', 'remote_model', 'mcp_client') may see it."""
        return EVERYONE in self.readers or reader in self.readers

    def describe(self) -> str:
        """A short human-readable form, e.g. 'untrusted from mail'."""
        origin = ", ".join(sorted(self.sources))
        return f"{self.integrity.value} from {origin}"


def _meet_readers(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    if EVERYONE in a:
        return b
    if EVERYONE in b:
        return a
    return a & b


def user_label() -> Label:
    """What the user typed: trusted, personal."""
    return Label(sources=frozenset({USER}))


def system_label() -> Label:
    """Text familiar wrote itself (system prompt, tool schemas)."""
    return Label(sources=frozenset({SYSTEM}), confidentiality=Confidentiality.PUBLIC)


def tool_label(
    tool: str,
    *,
    trusted: bool,
    confidentiality: Confidentiality = Confidentiality.PERSONAL,
) -> Label:
    """The label of a tool's result; third-party content is untrusted."""
    return Label(
        sources=frozenset({f"tool:{tool}"}),
        integrity=Integrity.TRUSTED if trusted else Integrity.UNTRUSTED,
        confidentiality=confidentiality,
    )


def join_all(labels: list[Label]) -> Label:
    """Join a list of labels; the empty join is the system label."""
    result = system_label()
    for label in labels:
        result = result.join(label)
    return result


class Labeled(BaseModel, Generic[T]):
    """A value together with its label."""

    model_config = ConfigDict(frozen=True)

    value: T
    label: Label
