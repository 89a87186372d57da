"""A selected tool's one-line offer: its name and the first words of its description."""

from __future__ import annotations

from familiar.models.base import ToolSpec
from familiar.models.chat_template import BRIEF_WORDS, brief_line

EMPTY = {"type": "object", "properties": {}}


def line(description: str) -> str:
    return brief_line(ToolSpec(name="t", description=description, parameters=EMPTY))


def test_a_short_first_sentence_is_kept_whole_and_later_ones_dropped() -> None:
    assert line("Merge an open GitHub pull request. Needs write access.") == (
        "- t: Merge an open GitHub pull request."
    )


def test_a_long_one_is_cut_and_does_not_end_on_a_word_like_of() -> None:
    cut = line("Turn off a light in the user's home, by its name.")
    assert cut == "- t: Turn off a light"
    assert len(line("one two three four five six seven eight").split()) == 2 + BRIEF_WORDS
    fan = line("Start or stop a ceiling fan, by its entity id.")
    assert fan == "- t: Start or stop a ceiling fan"


def test_whitespace_and_a_description_without_a_full_stop() -> None:
    assert line("  Read\n a   file ") == "- t: Read a file"
