"""The labelled tool requests of the many-tools benchmark name real tools.

`benchmarks/toolsets_held2.py` and `benchmarks/toolsets_held3.py` are further held-out
sets, written blind to the selector; these checks only keep their labels valid and their
requests distinct.
"""

from __future__ import annotations

import pytest
from benchmarks.toolsets import REQUESTS, SET_300
from benchmarks.toolsets_held import HELD_REQUESTS
from benchmarks.toolsets_held2 import HELD2_REQUESTS
from benchmarks.toolsets_held3 import HELD3_REQUESTS

SETS = {
    "tune": REQUESTS,
    "held": HELD_REQUESTS,
    "held2": HELD2_REQUESTS,
    "held3": HELD3_REQUESTS,
}


@pytest.mark.parametrize("split", sorted(SETS))
def test_every_label_names_a_tool_of_the_300(split: str) -> None:
    tools = set(SET_300)
    unknown = [(text, a) for text, answers in SETS[split] for a in answers if a not in tools]
    assert unknown == []
    assert all(answers and len(set(answers)) == len(answers) for _, answers in SETS[split])


def test_held2_has_150_distinct_requests_over_120_tools() -> None:
    texts = [text.strip().lower() for text, _ in HELD2_REQUESTS]
    assert len(texts) >= 150
    assert len(set(texts)) == len(texts)
    assert len({a for _, answers in HELD2_REQUESTS for a in answers}) >= 120


def test_held2_repeats_no_request_of_the_tune_or_held_set() -> None:
    others = {text.strip().lower() for text, _ in REQUESTS + HELD_REQUESTS}
    repeated = [text for text, _ in HELD2_REQUESTS if text.strip().lower() in others]
    assert repeated == []


def test_held3_has_300_distinct_requests_over_200_tools() -> None:
    texts = [text.strip().lower() for text, _ in HELD3_REQUESTS]
    assert len(texts) >= 300
    assert len(set(texts)) == len(texts)
    assert len({a for _, answers in HELD3_REQUESTS for a in answers}) >= 200


def test_held3_repeats_no_request_of_the_tune_held_or_held2_set() -> None:
    others = {text.strip().lower() for text, _ in REQUESTS + HELD_REQUESTS + HELD2_REQUESTS}
    repeated = [text for text, _ in HELD3_REQUESTS if text.strip().lower() in others]
    assert repeated == []
