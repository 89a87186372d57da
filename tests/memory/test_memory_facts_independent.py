"""Fact learning on a labelled set written apart from the rules (tests/memory/data).

The set was written and committed before the rules were read, so it measures how the
rules generalise; the only later edits renamed expected keys to the profile's own
names ("home city", "allergic to X" = "yes") and added a fact a sentence does state.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from memhelpers import Expected, score_facts

DATA = Path(__file__).parent / "data" / "facts_independent.jsonl"


def _load() -> list[tuple[str, str, Expected]]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    return [
        (r["kind"], r["text"], [(e["key"], e["value"], e["retract"]) for e in r["expect"]])
        for r in rows
    ]


def test_the_independent_set_covers_facts_updates_retractions_and_non_facts() -> None:
    rows = _load()
    kinds = Counter(kind for kind, _, _ in rows)
    assert len(rows) >= 40
    assert kinds["fact"] >= 10 and kinds["update"] >= 3 and kinds["retraction"] >= 3, kinds
    assert sum(1 for _, _, facts in rows if not facts) >= 20
    for kind in ("question", "hypothetical", "reported", "other_person"):
        assert kinds[kind] >= 3, kind


def test_independent_fact_learning_precision() -> None:
    rows = _load()
    precision, recall, wrong, missed = score_facts([(text, facts) for _, text, facts in rows])
    print(f"\nindependent fact set, {len(rows)} utterances:", end=" ")
    print(f"precision {precision:.3f}, recall {recall:.3f}")
    for line in wrong:
        print(f"  wrong: {line}")
    for line in missed:
        print(f"  missed: {line}")
    assert precision >= 0.9, wrong
