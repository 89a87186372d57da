"""iCalendar events and calendars (RFC 5545), written by hand so output is byte-stable."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from familiar.testing.person.textformat import escape, ical_date, ical_datetime, to_bytes
from familiar.testing.person.zones import ZONES

PRODID = "-//familiar//synthetic person//EN"
When = datetime | date  # naive datetime in `tzid`, or a date for all-day events


@dataclass
class Event:
    """One VEVENT: a single event, a recurring master, or one moved occurrence."""

    uid: str
    summary: str
    start: When
    end: When
    tzid: str | None = None
    end_tzid: str | None = None  # flights end in another zone
    location: str | None = None
    description: str | None = None
    rrule: str | None = None
    exdates: list[When] = field(default_factory=list)
    recurrence_id: When | None = None
    organizer: tuple[str, str] | None = None  # (name, address)
    attendees: list[tuple[str, str, str]] = field(default_factory=list)  # name, address, PARTSTAT
    sequence: int = 0
    status: str = "CONFIRMED"
    categories: list[str] = field(default_factory=list)
    stamp: datetime = field(default_factory=lambda: datetime(2025, 1, 1, tzinfo=UTC))
    alarm_minutes: int | None = None
    transparent: bool = False

    def when(self, value: When, tzid: str | None) -> str:
        """The parameter and value part of a DTSTART-like property."""
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                return ":" + ical_datetime(value.astimezone(UTC))
            return f";TZID={tzid}:{ical_datetime(value)}" if tzid else ":" + ical_datetime(value)
        return ";VALUE=DATE:" + ical_date(value)

    @property
    def recurrence_id_text(self) -> str | None:
        """RECURRENCE-ID value as written, which the manifest uses to name the occurrence."""
        if self.recurrence_id is None:
            return None
        return self.when(self.recurrence_id, self.tzid).rsplit(":", 1)[1]

    def lines(self) -> list[str]:
        """The VEVENT content lines."""
        out = ["BEGIN:VEVENT", f"UID:{self.uid}", f"DTSTAMP:{ical_datetime(self.stamp)}"]
        if self.recurrence_id is not None:
            out.append("RECURRENCE-ID" + self.when(self.recurrence_id, self.tzid))
        out.append("DTSTART" + self.when(self.start, self.tzid))
        out.append("DTEND" + self.when(self.end, self.end_tzid or self.tzid))
        if self.rrule:
            out.append(f"RRULE:{self.rrule}")
        for ex in self.exdates:
            out.append("EXDATE" + self.when(ex, self.tzid))
        out.append(f"SUMMARY:{escape(self.summary)}")
        if self.location:
            out.append(f"LOCATION:{escape(self.location)}")
        if self.description:
            out.append(f"DESCRIPTION:{escape(self.description)}")
        if self.categories:
            out.append("CATEGORIES:" + ",".join(escape(c) for c in self.categories))
        if self.organizer:
            out.append(f'ORGANIZER;CN="{self.organizer[0]}":mailto:{self.organizer[1]}')
        for name, address, partstat in self.attendees:
            out.append(
                f'ATTENDEE;CN="{name}";ROLE=REQ-PARTICIPANT;PARTSTAT={partstat}:mailto:{address}'
            )
        out.append(f"SEQUENCE:{self.sequence}")
        out.append(f"STATUS:{self.status}")
        all_day = isinstance(self.start, date) and not isinstance(self.start, datetime)
        if self.transparent or all_day:
            out.append("TRANSP:TRANSPARENT")
        if self.alarm_minutes is not None:
            out += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escape(self.summary)}",
                f"TRIGGER:-PT{self.alarm_minutes}M",
                "END:VALARM",
            ]
        out.append("END:VEVENT")
        return out


def calendar_bytes(name: str, events: list[Event], method: str | None = None) -> bytes:
    """A whole VCALENDAR with the VTIMEZONEs its events use."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    lines.append(f"X-WR-CALNAME:{escape(name)}")
    used = sorted({z for e in events for z in (e.tzid, e.end_tzid) if z})
    for tzid in used:
        lines += ZONES[tzid].vtimezone()
    for e in events:
        lines += e.lines()
    lines.append("END:VCALENDAR")
    return to_bytes(lines)
