"""Resolving the user's time words ("tomorrow at 6pm") to an exact moment.

The model never does date arithmetic: tools take the user's words and this code
resolves them against an injected clock in the user's time zone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

import dateparser
from dateparser.search import search_dates

from familiar.errors import AskUser, ToolRetry

DEFAULT_TIME = time(9, 0)  # a date without a time means the morning of that day

# Words dateparser reads differently from people: "at 7" is an hour, not July.
_BARE_HOUR = re.compile(r"\bat (\d{1,2})(?::(\d{2}))?\s*$", re.IGNORECASE)
_HAS_TIME = re.compile(
    r"\d{1,2}(:\d{2})|\d\s*(am|pm)\b|\b(noon|midnight|morning|evening|tonight|afternoon|"
    r"night|hour|hours|minute|minutes|min|mins)\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\bin\s+\d+|\bin an?\b", re.IGNORECASE)
_CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}|\d\s*(am|pm)\b|\b(noon|midnight)\b", re.IGNORECASE)
_DAY_OF_MONTH = re.compile(r"(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)?", re.IGNORECASE)


def resolve_when(words: str, now: datetime, tz: tzinfo) -> datetime:
    """The aware moment that `words` mean, seen from `now` in zone `tz`.

    Raises ToolRetry (for the model) when the words are not a time.
    """
    text = words.strip()
    if not text:
        raise ToolRetry("the time is empty; pass the user's own words, e.g. 'tomorrow at 6pm'")
    local_now = now.astimezone(tz)
    text = _BARE_HOUR.sub(lambda m: f"at {m.group(1)}:{m.group(2) or '00'}", text)
    settings = {
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
    }
    ordinal = _DAY_OF_MONTH.fullmatch(text)
    if ordinal:
        return _localize(
            datetime.combine(_next_day_of_month(local_now, int(ordinal[1])), DEFAULT_TIME), tz
        )
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        raise ToolRetry(
            f"could not understand the time {words!r}; pass the user's words, "
            "e.g. 'tomorrow at 6pm' or 'in 2 hours'"
        )
    relative = bool(_RELATIVE.search(text))
    if not relative and not _HAS_TIME.search(text):
        parsed = datetime.combine(parsed.date(), DEFAULT_TIME)
    moment = _localize(parsed, tz)
    if moment <= local_now and not relative and _CLOCK_TIME.search(text):
        # "6pm" said at 7pm means tomorrow at 6pm, not an hour ago
        moment = _localize(parsed + timedelta(days=1), tz)
    return moment


def _next_day_of_month(now: datetime, day: int) -> date:
    """The next date (today included) whose day of the month is `day`."""
    if not 1 <= day <= 31:
        raise ToolRetry(f"there is no day {day} in a month")
    year, month = now.year, now.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= now.date():
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise ToolRetry(f"no month has a day {day}")


def _localize(naive: datetime, tz: tzinfo) -> datetime:
    """Attach `tz`, resolving a time skipped by a DST change to the later offset."""
    aware = naive.replace(tzinfo=tz)
    roundtrip = aware.astimezone(tz)
    if roundtrip.replace(tzinfo=None) != naive:  # in a gap: shift forward
        aware = naive.replace(tzinfo=tz, fold=1)
    return aware


# Beside _HAS_TIME's: digits and words that say when, which the parser may not read.
_SOME_DAY = re.compile(
    r"\d|\b(?:lunch|dinner|breakfast|today|tomorrow|weekend|week|month|year|later|soon"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|one|two|three|four|five"
    r"|six|seven|eight|nine|ten|eleven|twelve)\b",
    re.IGNORECASE,
)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def time_phrases(text: str, now: datetime) -> list[str]:
    """The time expressions in a sentence, in the words used ("on friday", "in 2 hours")."""
    found = search_dates(
        text,
        languages=["en"],
        settings={"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "future"},
    )
    return [phrase for phrase, _ in found or []]


def users_time_words(proposed: str, request: str, now: datetime) -> str:
    """The user's own time words for a slot the model filled with `proposed`.

    A small model paraphrases ("friday" becomes "tomorrow at 6pm"): what the user said
    wins. The model's words stand when the user said them, or when the request has no
    single time phrase to take instead.
    """
    if not request or _norm(proposed) in _norm(request):
        return proposed
    phrases = time_phrases(request, now)
    if len(phrases) == 1:
        return phrases[0]
    if not phrases:
        # a time the parser missed ("at 6", "after lunch"): the model may retry with it
        raise AskUser(
            "the user did not say when; ask them when, instead of choosing a time yourself",
            "When?",
            retry_first=bool(_HAS_TIME.search(request) or _SOME_DAY.search(request)),
        )
    return proposed


def users_words_in(text: str, request: str) -> str | None:
    """`text` as the user wrote it in `request`, or None if they did not (so a question
    built from a model's argument cannot say what the user never said)."""
    text = " ".join(text.split())
    return text if text and len(text) <= 80 and text.lower() in _norm(request) else None
