"""The manifest: every file written and every fact the data holds, as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Item:
    """One place that holds a fact: a file, narrowed by UID, Message-ID or line."""

    path: str
    strings: tuple[str, ...]
    uid: str | None = None
    recurrence_id: str | None = None
    message_id: str | None = None
    line: int | None = None  # 1-based, for line-oriented files (states.jsonl, CSV)

    def to_json(self) -> dict[str, Any]:
        """The item as a JSON object, without unset narrowing keys."""
        out: dict[str, Any] = {"path": self.path}
        for key in ("uid", "recurrence_id", "message_id", "line"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        out["strings"] = list(self.strings)
        return out


@dataclass
class Fact:
    """Something a question could ask about, with the items that answer it."""

    id: str
    text: str
    category: str
    question: str
    answer: str
    items: list[Item]
    supersedes: str | None = None
    superseded_by: str | None = None
    distractors: list[Item] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The fact as a JSON object; `strings` is the union over its items."""
        strings: list[str] = []
        for item in self.items:
            strings.extend(s for s in item.strings if s not in strings)
        return {
            "id": self.id,
            "text": self.text,
            "category": self.category,
            "question": self.question,
            "answer": self.answer,
            "items": [i.to_json() for i in self.items],
            "strings": strings,
            "supersedes": self.supersedes,
            "superseded_by": self.superseded_by,
            "distractors": [d.to_json() for d in self.distractors],
        }


@dataclass(frozen=True)
class FileEntry:
    """One file written, with its kind and whether it is deliberately broken."""

    path: str
    kind: str
    broken: bool = False
    reason: str | None = None


@dataclass
class Manifest:
    """What was generated: files, people and facts, all paths relative to the output."""

    seed: int
    anchor: str
    period: dict[str, str]
    user: dict[str, Any] = field(default_factory=dict)
    files: dict[str, FileEntry] = field(default_factory=dict)
    people: list[dict[str, Any]] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def add_file(
        self, path: str, kind: str, *, broken: bool = False, reason: str | None = None
    ) -> None:
        """Record a file; a path may be recorded once only."""
        if path in self.files:
            raise ValueError(f"file recorded twice: {path}")
        self.files[path] = FileEntry(path, kind, broken, reason)

    def add_fact(self, fact: Fact) -> Fact:
        """Record a fact, linking it to the fact it supersedes."""
        if any(f.id == fact.id for f in self.facts):
            raise ValueError(f"fact id used twice: {fact.id}")
        if not fact.items:
            raise ValueError(f"fact {fact.id} has no items")
        if fact.supersedes is not None:
            self.fact(fact.supersedes).superseded_by = fact.id
        self.facts.append(fact)
        return fact

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id."""
        for f in self.facts:
            if f.id == fact_id:
                return f
        raise KeyError(fact_id)

    def to_json(self) -> dict[str, Any]:
        """The whole manifest as JSON-ready data, in a stable order."""
        return {
            "schema": SCHEMA_VERSION,
            "generator": "familiar.testing.person",
            "seed": self.seed,
            "anchor": self.anchor,
            "period": self.period,
            "user": self.user,
            "files": [asdict(self.files[p]) for p in sorted(self.files)],
            "people": self.people,
            "facts": [f.to_json() for f in sorted(self.facts, key=lambda f: f.id)],
        }

    def write(self, out: Path) -> None:
        """Write manifest.json into `out`."""
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=1, sort_keys=False)
        (out / "manifest.json").write_text(text + "\n", encoding="utf-8")


def load(path: Path) -> dict[str, Any]:
    """Read a manifest.json written by `Manifest.write`."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
