"""Writing events back into an .ics file: a new VEVENT, or a moved event or occurrence.

The file is edited as text: the new or changed VEVENT block is spliced in and every
other byte stays as it was, then the whole file is replaced atomically (temporary file
and rename) after the result has been parsed back. Moving one occurrence of a recurring
event adds an override (same UID, RECURRENCE-ID = the occurrence's original start) and
never touches the series. A file that changed since the last sync is not written.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import icalendar

from familiar.errors import UserError
from familiar.fileio import atomic_write_bytes
from familiar.integrations.calendar import Occurrence, load, to_aware
from familiar.integrations.state import SyncState
from familiar.memory.parsers import SkipFile

_BLOCK = re.compile(rb"^BEGIN:VEVENT\r?\n.*?^END:VEVENT\r?\n", re.MULTILINE | re.DOTALL)
_TZIDS = re.compile(rb"^TZID:(.+?)\r?$", re.MULTILINE)


def check_unchanged(state: SyncState, source: str, path: Path) -> None:
    """Refuse to write a file that changed (size or mtime) since familiar last synced it."""
    known = state.file(source, str(path))
    if known is None:
        raise UserError(f"{path.name} is not synced yet; run `familiar sources sync {source}`")
    try:
        st = path.stat()
    except OSError as exc:
        raise UserError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if (st.st_size, st.st_mtime_ns) != (known.size, known.mtime_ns):
        raise UserError(
            f"{path.name} changed since the last sync, so it was not written; "
            f"run `familiar sources sync {source}` and try again"
        )


def _zone_key(moment: datetime) -> str | None:
    return getattr(moment.tzinfo, "key", None)


def _vtimezone(data: bytes, moment: datetime) -> bytes:
    """A VTIMEZONE for the moment's zone when the file lacks one (RFC 5545 needs it)."""
    key = _zone_key(moment)
    if key is None or key == "UTC":
        return b""
    have = {m.decode("utf-8", "replace").strip() for m in _TZIDS.findall(data)}
    if key in have:
        return b""
    first = date(moment.year - 1, 1, 1)
    zone = icalendar.Timezone.from_tzinfo(moment.tzinfo, first_date=first)  # type: ignore[arg-type]
    return bytes(zone.to_ical())


def _crlf(block: bytes, data: bytes) -> bytes:
    """The block with the file's own line endings."""
    return block if b"\r\n" in data else block.replace(b"\r\n", b"\n")


def _readable(path: Path, data: bytes) -> None:
    try:
        load(data)
    except SkipFile as exc:
        raise UserError(f"{path.name} cannot be read as a calendar ({exc}); not written") from None


def _splice_end(data: bytes, block: bytes) -> bytes:
    end = data.rfind(b"END:VCALENDAR")
    if end < 0:
        raise UserError("the calendar has no END:VCALENDAR line; it was not written")
    return data[:end] + _crlf(block, data) + data[end:]


def _as_utc_if_no_key(moment: datetime) -> datetime:
    return moment if _zone_key(moment) else moment.astimezone(UTC)


def add_event(
    path: Path, summary: str, start: datetime, end: datetime, location: str, now: datetime
) -> str:
    """Add a one-off event; returns its UID."""
    data, uid = added(path.read_bytes(), path, summary, start, end, location, now)
    atomic_write_bytes(path, data)
    return uid


def added(
    data: bytes,
    path: Path,
    summary: str,
    start: datetime,
    end: datetime,
    location: str,
    now: datetime,
) -> tuple[bytes, str]:
    """The calendar with a new one-off event spliced in, and the event's UID."""
    _readable(path, data)
    event = icalendar.Event()
    uid = f"{uuid.uuid4()}@familiar"
    event.add("UID", uid)
    event.add("DTSTAMP", now.astimezone(UTC))
    event.add("DTSTART", _as_utc_if_no_key(start))
    event.add("DTEND", _as_utc_if_no_key(end))
    event.add("SUMMARY", summary)
    if location:
        event.add("LOCATION", location)
    new = _splice_end(data, _vtimezone(data, start) + event.to_ical())
    _readable(path, new)  # what is written must read back
    return new, uid


def _blocks(data: bytes) -> list[tuple[re.Match[bytes], Any]]:
    return [(m, icalendar.Event.from_ical(m.group(0))) for m in _BLOCK.finditer(data)]


def _like(original: date | datetime, moment: datetime, tz: tzinfo) -> date | datetime:
    """`moment` in the form of `original`: a date, a floating time, or a time in its zone."""
    if not isinstance(original, datetime):
        return moment.astimezone(tz).date()
    if original.tzinfo is None:
        return moment.astimezone(tz).replace(tzinfo=None)
    return moment.astimezone(original.tzinfo)


def _reschedule(
    event: Any, start: datetime, duration: timedelta, tz: tzinfo, now: datetime
) -> None:
    original = event.decoded("DTSTART")
    new_start = _like(original, start, tz)
    del event["DTSTART"]
    event.add("DTSTART", new_start)
    if event.get("DTEND") is not None:
        del event["DTEND"]
        event.add("DTEND", _like(original, start + duration, tz))
    _touch(event, now)


def _touch(event: Any, now: datetime) -> None:
    """A new revision of an event: SEQUENCE up by one, DTSTAMP now."""
    sequence = int(event.get("SEQUENCE", 0)) + 1
    for name in ("SEQUENCE", "DTSTAMP"):
        if event.get(name) is not None:
            del event[name]
    event.add("SEQUENCE", sequence)
    event.add("DTSTAMP", now.astimezone(UTC))


def move(path: Path, occurrence: Occurrence, start: datetime, tz: tzinfo, now: datetime) -> str:
    """Move an event, or one occurrence of a recurring one (as an override); says which."""
    data, how = moved(path.read_bytes(), path, occurrence, start, tz, now)
    atomic_write_bytes(path, data)
    return how


def moved(
    data: bytes, path: Path, occurrence: Occurrence, start: datetime, tz: tzinfo, now: datetime
) -> tuple[bytes, str]:
    """The calendar with the event or occurrence moved, and how ("event", "override"...)."""
    duration = occurrence.end - occurrence.start
    master = None
    for match, event in _blocks(data):
        if str(event.get("UID", "")).strip() != occurrence.uid:
            continue
        rid = event.get("RECURRENCE-ID")
        if rid is None:
            master = (match, event)
            if occurrence.recurrence_id is not None:
                continue
        elif to_aware(event.decoded("RECURRENCE-ID"), tz) != occurrence.recurrence_id:
            continue
        _reschedule(event, start, duration, tz, now)
        new = data[: match.start()] + _crlf(event.to_ical(), data) + data[match.end() :]
        _readable(path, new)
        return new, "override" if rid is not None else "event"
    if master is None or occurrence.recurrence_id is None:
        raise UserError(f"the event {occurrence.summary!r} is no longer in {path.name}")
    override = icalendar.Event.from_ical(master[0].group(0))
    for name in ("RRULE", "RDATE", "EXDATE"):
        if override.get(name) is not None:
            del override[name]
    override.add("RECURRENCE-ID", _like(master[1].decoded("DTSTART"), occurrence.recurrence_id, tz))
    _reschedule(override, start, duration, tz, now)
    new = _splice_end(data, override.to_ical())
    _readable(path, new)
    return new, "new override"


def cancel(path: Path, occurrence: Occurrence, tz: tzinfo, now: datetime) -> str:
    """Delete an event, or one occurrence of a recurring one (an EXDATE); says which."""
    data, how = cancelled(path.read_bytes(), path, occurrence, tz, now)
    atomic_write_bytes(path, data)
    return how


def cancelled(
    data: bytes, path: Path, occurrence: Occurrence, tz: tzinfo, now: datetime
) -> tuple[bytes, str]:
    """The calendar without the event ("event") or without one occurrence ("occurrence").

    One occurrence of a series is excluded with an EXDATE on the series (its override,
    if it was moved, goes too); the rest of the series stays as it was.
    """
    mine = [(m, e) for m, e in _blocks(data) if str(e.get("UID", "")).strip() == occurrence.uid]
    if not mine:
        raise UserError(f"the event {occurrence.summary!r} is no longer in {path.name}")
    edits: list[tuple[int, int, bytes]] = []
    if occurrence.recurrence_id is None:
        edits = [(m.start(), m.end(), b"") for m, _ in mine]
        how = "event"
    else:
        master = next(((m, e) for m, e in mine if e.get("RECURRENCE-ID") is None), None)
        if master is None:
            raise UserError(f"the series of {occurrence.summary!r} is no longer in {path.name}")
        match, event = master
        event.add("EXDATE", _like(event.decoded("DTSTART"), occurrence.recurrence_id, tz))
        _touch(event, now)
        edits.append((match.start(), match.end(), _crlf(event.to_ical(), data)))
        for m, e in mine:
            rid = e.get("RECURRENCE-ID")
            if rid is not None and to_aware(e.decoded("RECURRENCE-ID"), tz) == (
                occurrence.recurrence_id
            ):
                edits.append((m.start(), m.end(), b""))
        how = "occurrence"
    new = data
    for start, end, text in sorted(edits, reverse=True):
        new = new[:start] + text + new[end:]
    _readable(path, new)
    return new, how
