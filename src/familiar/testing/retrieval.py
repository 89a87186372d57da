"""Retrieval questions on the synthetic person: loading, answer items, the no-shared-word check.

Each question names a fact of the person's manifest, and the fact names the files (and
within them the event UID, card UID or message id) that hold it. What answers it is
what a user's sources make of those: the timeline entry of that calendar event, card or
message, and for notes and documents the chunks of the file (split by familiar's own
parser and chunker) holding the most of the fact's strings. A paraphrased question must
share no content word with them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from familiar.integrations import calendar, contacts
from familiar.memory.chunking import chunk_sections
from familiar.memory.parsers import parse

QUESTIONS_FILE = Path(__file__).parents[3] / "benchmarks" / "data" / "retrieval_questions.jsonl"

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Function words only; every other word, number included, is a content word.
_STOP_TEXT = """a about above after again against all am an and any are as at be been before being
    below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself
    yourselves s t d ll m re ve don didn doesn isn wasn weren won"""
_STOP = frozenset(_STOP_TEXT.split())
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s")


@dataclass(frozen=True)
class Question:
    """One question, the manifest fact that answers it, its kind and its split."""

    id: str
    fact: str
    text: str
    kind: str  # "literal" or "paraphrase"
    split: str  # "tune" or "held"


def load_questions(path: Path = QUESTIONS_FILE) -> list[Question]:
    """The question set, one JSON object a line."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [Question(r["id"], r["fact"], r["question"], r["kind"], r["split"]) for r in rows]


def content_words(text: str) -> set[str]:
    """Lower-case words of `text` that are not function words."""
    return {w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP}


def stem(word: str) -> str:
    """A crude stem: the word without one common English suffix (kept at 3+ letters)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def shared_words(question: str, answer: str) -> set[str]:
    """Content words of `question` that `answer` also has, as is, stemmed or as a prefix."""
    theirs = content_words(answer)
    stems = {stem(w) for w in theirs}
    shared: set[str] = set()
    for word in content_words(question):
        s = stem(word)
        if word in theirs or s in stems or _prefix_of_either(s, stems):
            shared.add(word)
    return shared


def file_chunks(path: Path) -> list[str]:
    """A file's chunks as familiar's ingestion makes them, each as title and text."""
    parsed = parse(path, path.read_bytes(), ZoneInfo("UTC"))
    return [f"{c.title}\n{c.text}" for c in chunk_sections(parsed.sections, parsed.title)]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def held(chunk: str, strings: Iterable[str]) -> int:
    """How many of a fact's strings a chunk holds (case and spacing ignored)."""
    text = _norm(chunk)
    return sum(1 for s in strings if s.strip() and _norm(s) in text)


def fact_files(fact: dict[str, Any]) -> list[str]:
    """The manifest paths of the files that hold a fact."""
    return list(dict.fromkeys(item["path"] for item in fact["items"]))


def best_chunks(chunks: Sequence[str], strings: Sequence[str]) -> list[int]:
    """Indexes of the chunks holding the most of a fact's strings (none if none holds one)."""
    counts = [held(c, strings) for c in chunks]
    top = max(counts, default=0)
    return [n for n, count in enumerate(counts) if top and count == top]


def answer_chunks(person: Path, fact: dict[str, Any]) -> list[str]:
    """The chunks of a fact's files that hold the most of its strings."""
    chunks = [c for p in fact_files(fact) for c in file_chunks(person / p)]
    return [chunks[n] for n in best_chunks(chunks, fact["strings"])]


def entry_texts(person: Path, ref: dict[str, Any]) -> list[str] | None:
    """The texts of the entries sync makes for a manifest item; None when it is not an entry.

    A calendar item names its event by UID (and an occurrence moved by an override, by
    RECURRENCE-ID: the override's entry, else the series'), a card by UID; a message
    file is one entry. Notes, documents and other files are chunked instead: None.
    """
    path = person / ref["path"]
    top = Path(ref["path"]).parts[0]
    if top == "mail":
        return []  # one message a file: every item the file made
    if top == "contacts":
        cards, _ = contacts.read(path, path.read_bytes())
        made = contacts.parse(path, path.read_bytes(), ZoneInfo("UTC")).entries
        return [e.text for c, e in zip(cards, made, strict=True) if c.uid == ref.get("uid", c.uid)]
    if top == "calendar":
        return [calendar.entry(e, ZoneInfo("UTC"), _calname(path)).text for e in _events(path, ref)]
    return None


def _calname(path: Path) -> str:
    cal = calendar.load(path.read_bytes())
    return str(cal.get("X-WR-CALNAME") or "").strip() or path.stem


def _events(path: Path, ref: dict[str, Any]) -> list[Any]:
    """The VEVENTs of an .ics file that a manifest item names."""
    found = calendar.load(path.read_bytes()).walk("VEVENT")
    events = [e for e in found if str(e.get("UID")) == ref["uid"]]
    wanted = ref.get("recurrence_id")
    moved = [e for e in events if wanted and _rid(e).startswith(wanted)]
    return moved or [e for e in events if e.get("RECURRENCE-ID") is None]


def _rid(event: Any) -> str:
    value = event.get("RECURRENCE-ID")
    return value.to_ical().decode() if value is not None else ""


def same_text(a: str, b: str) -> bool:
    """True when two texts differ at most in spacing."""
    return " ".join(a.split()) == " ".join(b.split())


def _prefix_of_either(s: str, stems: set[str]) -> bool:
    """True when the stem and one of `stems` start the other ("electric", "electricity")."""
    return len(s) >= 4 and any(t.startswith(s) or (len(t) >= 4 and s.startswith(t)) for t in stems)
