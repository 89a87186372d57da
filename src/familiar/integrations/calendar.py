"""iCalendar files: events, their recurrences and time zones, read with icalendar + dateutil.

Times follow RFC 5545: a TZID time stays at its wall-clock time across DST changes
(a weekly 19:00 yoga class is at 19:00 in summer and winter), a UTC time is a moment,
a floating time (no zone) is in the user's zone, and an all-day event is a date.
Recurrences: RRULE and RDATE minus EXDATE, and an override VEVENT (same UID with a
RECURRENCE-ID) replaces the occurrence it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

import icalendar
from dateutil.rrule import rruleset, rrulestr

from familiar.integrations.base import Driver, Entry, Parsed, clip, entry_lines, walk
from familiar.memory.parsers import SkipFile

MAX_OCCURRENCES = 5000  # per series and query: a runaway rule must not hang a request


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an event, resolved to aware times (all-day: local midnights)."""

    uid: str
    summary: str
    start: datetime
    end: datetime
    all_day: bool
    location: str
    recurring: bool
    recurrence_id: datetime | None  # the occurrence's original start, for a recurring event
    calendar: str
    path: str


def load(data: bytes) -> icalendar.Calendar:
    """The calendar in an .ics file's bytes; SkipFile with the reason if it cannot be read."""
    if not data.strip():
        raise SkipFile("empty file")
    try:
        return icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        first = str(exc).split(":", 1)[0]
        raise SkipFile(f"not a complete iCalendar file ({first})") from None


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def to_aware(value: date | datetime, tz: tzinfo) -> datetime:
    """A DTSTART-like value as an aware datetime: dates at local midnight, floating in `tz`."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), tz)
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def _key(value: date | datetime) -> datetime:
    """A comparable key for RECURRENCE-ID / EXDATE matching."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0))
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _dates(component: Any, name: str) -> list[date | datetime]:
    values = component.get(name)
    if values is None:
        return []
    found: list[date | datetime] = []
    for group in values if isinstance(values, list) else [values]:
        found.extend(item.dt for item in group.dts)
    return found


def _span(component: Any) -> tuple[date | datetime, timedelta, bool]:
    """DTSTART, the duration, and whether the event is all-day."""
    if component.get("DTSTART") is None:
        raise ValueError("no DTSTART")
    start = component.decoded("DTSTART")
    all_day = not isinstance(start, datetime)
    if component.get("DTEND") is not None:
        duration = component.decoded("DTEND") - start
    elif component.get("DURATION") is not None:
        duration = component.decoded("DURATION")
    else:
        duration = timedelta(days=1) if all_day else timedelta(0)
    return start, duration, all_day


def _starts(component: Any, start: date | datetime, lo: datetime, hi: datetime) -> list[datetime]:
    """The series' occurrence starts (naive for dates and floating times) within [lo, hi]."""
    base = start if isinstance(start, datetime) else datetime.combine(start, time(0))
    naive = base.tzinfo is None
    rules = rruleset()
    rule = component.get("RRULE")
    if rule is not None:
        text = rule.to_ical().decode()
        rules.rrule(rrulestr(text, dtstart=base, ignoretz=naive))  # type: ignore[arg-type]
    for extra in _dates(component, "RDATE"):
        rules.rdate(_as_base(extra, naive))
    for gone in _dates(component, "EXDATE"):
        rules.exdate(_as_base(gone, naive))
    if naive:
        lo, hi = lo.replace(tzinfo=None), hi.replace(tzinfo=None)
    found = []
    for moment in rules.xafter(lo, count=MAX_OCCURRENCES, inc=True):
        if moment > hi:
            break
        found.append(moment)
    return found


def _as_base(value: date | datetime, naive: bool) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.combine(value, time(0))
    if naive:
        return moment.replace(tzinfo=None)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def occurrences(
    cal: icalendar.Calendar,
    lo: datetime,
    hi: datetime,
    tz: tzinfo,
    path: str = "",
    calendar: str = "",
) -> list[Occurrence]:
    """Occurrences overlapping [lo, hi), sorted by start; broken events are left out."""
    name = calendar or _text(cal, "X-WR-CALNAME") or Path(path).stem
    events = list(cal.walk("VEVENT"))
    overrides = {
        (_text(e, "UID"), _key(e.decoded("RECURRENCE-ID"))): e
        for e in events
        if e.get("RECURRENCE-ID") is not None
    }
    found: list[Occurrence] = []
    for event in events:
        try:
            start, duration, all_day = _span(event)
        except (ValueError, TypeError, KeyError):
            continue
        uid = _text(event, "UID")
        rid = event.get("RECURRENCE-ID")
        firsts: list[tuple[datetime, datetime | None]]
        if rid is not None:
            firsts = [(_as_start(start), to_aware(event.decoded("RECURRENCE-ID"), tz))]
        elif event.get("RRULE") is None and event.get("RDATE") is None:
            firsts = [(_as_start(start), None)]
        else:
            firsts = [
                (first, to_aware(first, tz))
                for first in _starts(event, start, lo - duration, hi)
                if (uid, _key(first)) not in overrides  # the override stands for this one
            ]
        for first, original in firsts:
            begin = to_aware(first.date() if all_day else first, tz)
            finish = to_aware((first + duration).date() if all_day else first + duration, tz)
            if not (finish > lo and begin < hi) and not (begin == finish and lo <= begin < hi):
                continue
            found.append(
                Occurrence(
                    uid=uid,
                    summary=_text(event, "SUMMARY") or "(no title)",
                    start=begin,
                    end=finish,
                    all_day=all_day,
                    location=_text(event, "LOCATION"),
                    recurring=original is not None,
                    recurrence_id=original,
                    calendar=name,
                    path=path,
                )
            )
    found.sort(key=lambda o: (o.start, o.summary))
    return found


def _as_start(start: date | datetime) -> datetime:
    return start if isinstance(start, datetime) else datetime.combine(start, time(0))


def _people(component: Any) -> str:
    values = component.get("ATTENDEE")
    attendees = values if isinstance(values, list) else [values] if values is not None else []
    names = []
    for person in attendees:
        label = person.params.get("CN") or str(person).removeprefix("mailto:")
        names.append(str(label))
    return ", ".join(names)


def _when(start: date | datetime, duration: timedelta, all_day: bool) -> str:
    if all_day:
        days = max(1, duration.days)
        span = "" if days == 1 else f" for {days} days"
        return f"{start:%a %Y-%m-%d}, all day{span}"
    assert isinstance(start, datetime)
    zone = str(getattr(start.tzinfo, "key", start.tzname() or "")) if start.tzinfo else "local"
    end = start + duration
    return f"{start:%a %Y-%m-%d %H:%M}-{end:%H:%M} ({zone})"


def entry(event: Any, tz: tzinfo, calendar: str) -> Entry:
    """One VEVENT (a series, a one-off or an override) as a timeline entry."""
    start, duration, all_day = _span(event)
    summary = _text(event, "SUMMARY") or "(no title)"
    rule = event.get("RRULE")
    organizer = event.get("ORGANIZER")
    lines = [
        ("When", _when(start, duration, all_day)),
        ("Repeats", rule.to_ical().decode() if rule is not None else ""),
        (
            "Moved occurrence of",
            str(event.decoded("RECURRENCE-ID")) if event.get("RECURRENCE-ID") is not None else "",
        ),
        ("Where", _text(event, "LOCATION")),
        ("Organizer", str(organizer.params.get("CN") or organizer) if organizer else ""),
        ("With", _people(event)),
        ("Status", _text(event, "STATUS").lower()),
        ("Calendar", calendar),
        ("Notes", clip(_text(event, "DESCRIPTION"), 1000)),
    ]
    text = f"Calendar event: {summary}\n" + entry_lines(lines)
    return Entry(title=summary, text=text, at=to_aware(start, tz), tags=("calendar",))


def parse(path: Path, data: bytes, tz: tzinfo, calendar: str = "") -> Parsed:
    """An .ics file's events as timeline entries; an event without a start is skipped."""
    cal = load(data)
    name = calendar or _text(cal, "X-WR-CALNAME") or path.stem
    parsed = Parsed()
    for n, event in enumerate(cal.walk("VEVENT"), 1):
        try:
            parsed.entries.append(entry(event, tz, name))
        except (ValueError, TypeError, KeyError) as exc:
            parsed.skips.append((_text(event, "UID") or f"event {n}", f"unreadable event: {exc}"))
    if not parsed.entries and not parsed.skips:
        parsed.skips.append(("", "no events"))
    return parsed


def files(root: Path) -> list[Path]:
    """The .ics files of a calendar source."""
    return walk(root, (".ics", ".ical", ".ifb"))


def read_all(paths: Iterable[Path]) -> list[tuple[Path, icalendar.Calendar]]:
    """The calendars that can be read, each with its path (broken files are left out)."""
    found = []
    for path in paths:
        try:
            found.append((path, load(path.read_bytes())))
        except (OSError, SkipFile):
            continue
    return found


DRIVER = Driver(kind="calendar", files=files, parse=parse)
