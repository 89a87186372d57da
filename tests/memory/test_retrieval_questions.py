"""The retrieval question set (benchmarks/data): big enough, answerable, paraphrases honest."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from familiar.testing.retrieval import answer_chunks, load_questions, shared_words


def test_shared_words_sees_through_case_suffixes_and_prefixes() -> None:
    answer = "Your electricity invoice for June 2025 is attached."
    assert shared_words("How much were my Invoices?", answer) == {"invoices"}
    assert shared_words("my electric bill", answer) == {"electric"}
    assert shared_words("what did the power company charge me in 2025", answer) == {"2025"}
    assert shared_words("what did the power company charge me", answer) == set()


def test_the_set_has_60_questions_half_of_them_paraphrased_in_two_halves() -> None:
    questions = load_questions()
    assert len(questions) >= 60
    assert len({q.id for q in questions}) == len(questions)
    kinds = Counter(q.kind for q in questions)
    assert kinds["paraphrase"] >= len(questions) / 2 and set(kinds) == {"literal", "paraphrase"}
    splits = Counter(q.split for q in questions)
    assert set(splits) == {"tune", "held"} and abs(splits["tune"] - splits["held"]) <= 2
    for fact in {q.fact for q in questions}:  # both questions of a fact on one side
        assert len({q.split for q in questions if q.fact == fact}) == 1, fact


@pytest.fixture(scope="module")
def person(tmp_path_factory: pytest.TempPathFactory) -> Path:
    generator = pytest.importorskip("familiar.testing.person")
    out = tmp_path_factory.mktemp("person")
    generator.generate(out, seed=7)
    return out


def test_every_question_has_an_answer_and_no_paraphrase_shares_a_word_with_it(
    person: Path,
) -> None:
    facts = {f["id"]: f for f in json.loads((person / "manifest.json").read_text())["facts"]}
    overlaps = {}
    for q in load_questions():
        assert q.fact in facts, f"{q.id}: no such fact in the manifest"
        chunks = answer_chunks(person, facts[q.fact])
        assert chunks, f"{q.id}: no chunk holds the fact's strings"
        if q.kind == "paraphrase":
            shared = set().union(*(shared_words(q.text, c) for c in chunks))
            if shared:
                overlaps[q.id] = sorted(shared)
    assert overlaps == {}
