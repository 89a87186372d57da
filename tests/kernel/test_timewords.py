"""The user's time words resolve in their zone against an injected clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from familiar.errors import ToolRetry
from familiar.timewords import resolve_when

LISBON = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 26, 14, 5, tzinfo=LISBON)  # a Thursday


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("tomorrow at 6pm", datetime(2026, 11, 27, 18, 0)),
        ("tomorrow 18:00", datetime(2026, 11, 27, 18, 0)),
        ("in 2 hours", datetime(2026, 11, 26, 16, 5)),
        ("next monday 9am", datetime(2026, 11, 30, 9, 0)),
        ("friday", datetime(2026, 11, 27, 9, 0)),
        ("at 7", datetime(2026, 11, 27, 7, 0)),
        ("6pm", datetime(2026, 11, 26, 18, 0)),
        ("noon tomorrow", datetime(2026, 11, 27, 12, 0)),
        ("the 5th", datetime(2026, 12, 5, 9, 0)),
        ("march 14 9:30", datetime(2027, 3, 14, 9, 30)),
    ],
)
def test_words_resolve_to_local_times(words: str, expected: datetime) -> None:
    assert resolve_when(words, NOW, LISBON) == expected.replace(tzinfo=LISBON)


def test_a_clock_time_already_past_today_means_tomorrow() -> None:
    evening = datetime(2026, 11, 26, 19, 0, tzinfo=LISBON)
    assert resolve_when("6pm", evening, LISBON) == datetime(2026, 11, 27, 18, 0, tzinfo=LISBON)


def test_the_zone_decides_the_instant() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    due = resolve_when("tomorrow at 6pm", NOW, tokyo)
    assert due.utcoffset() is not None and due.utcoffset().total_seconds() == 9 * 3600  # type: ignore[union-attr]
    assert (due.hour, due.day) == (18, 27)


def test_across_daylight_saving_the_wall_time_is_kept() -> None:
    before = datetime(2027, 3, 27, 10, 0, tzinfo=LISBON)  # DST starts 2027-03-28
    due = resolve_when("tomorrow at 6pm", before, LISBON)
    assert (due.day, due.hour) == (28, 18)
    assert due.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]


def test_nonsense_goes_back_to_the_model() -> None:
    with pytest.raises(ToolRetry, match="could not understand the time"):
        resolve_when("the colour blue", NOW, LISBON)
    with pytest.raises(ToolRetry, match="empty"):
        resolve_when("  ", NOW, LISBON)
