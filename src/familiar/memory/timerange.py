"""Reading the ends of a time range: "2025-01-01", "2025-03-02T10:00", "last week"."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

import dateparser

from familiar.errors import UserError

_DATE_ONLY = 10  # len("2025-01-01")


def parse_moment(words: str, now: datetime, tz: tzinfo, *, end: bool = False) -> datetime:
    """The moment `words` mean, in the past by preference.

    A bare date means the start of that day, or with `end` the start of the next day,
    so "--until 2025-02-01" includes all of that day.
    """
    text = words.strip()
    try:
        parsed = datetime.fromisoformat(text)
        date_only = len(text) == _DATE_ONLY
    except ValueError:
        found = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "RELATIVE_BASE": now.astimezone(tz).replace(tzinfo=None),
                "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
        if found is None:
            raise UserError(
                f"cannot read the date {words!r}; use e.g. 2025-01-01 or 'last week'"
            ) from None
        parsed, date_only = found, found.time() == time(0, 0)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    if date_only:
        parsed = datetime.combine(parsed.date(), time(0, 0), tzinfo=parsed.tzinfo)
        if end:
            parsed += timedelta(days=1)
    return parsed
