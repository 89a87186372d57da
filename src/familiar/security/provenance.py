"""Which argument of a proposed call came from where.

The model's output is only as trustworthy as what it read. An argument whose value
the user typed is the user's; anything else is labelled with everything untrusted
the model has seen in this run (assume the model follows injected instructions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from familiar.security.labels import Label, join_all, system_label, user_label

_MIN_MATCH = 3  # shorter values ("1", "on") occur everywhere and prove nothing


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _leaves(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list | tuple):
        return [leaf for item in value for leaf in _leaves(item)]
    return [] if value is None else [str(value)]


@dataclass
class Ledger:
    """Everything that entered the model's context in one run, with its label."""

    entries: list[tuple[str, Label]] = field(default_factory=list)

    def add(self, text: str, label: Label) -> None:
        """Record text shown to the model."""
        self.entries.append((_norm(text), label))

    @property
    def untrusted(self) -> list[Label]:
        """Labels of the untrusted items in context."""
        return [label for _, label in self.entries if not label.trusted]

    def label_of(self, value: Any) -> Label:
        """The label of one argument value proposed by the model."""
        leaves = [_norm(leaf) for leaf in _leaves(value)]
        if not leaves:
            return system_label()
        labels: list[Label] = []
        for leaf in leaves:
            labels.append(self._leaf_label(leaf))
        return join_all(labels)

    def _leaf_label(self, leaf: str) -> Label:
        if any(leaf in text for text, label in self.entries if label.sources == {"user"}):
            return user_label()
        if len(leaf) >= _MIN_MATCH:
            found = [label for text, label in self.entries if not label.trusted and leaf in text]
            if found:
                return join_all(found)
        # Not copied from anywhere: the model wrote it after reading all of the context.
        return join_all(self.untrusted) if self.untrusted else user_label()

    def label_arguments(self, arguments: Mapping[str, Any]) -> dict[str, Label]:
        """Labels of every argument of a call."""
        return {name: self.label_of(value) for name, value in arguments.items()}
