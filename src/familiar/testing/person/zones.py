"""Time zones by their daylight-saving rule, so VTIMEZONE text and offsets always agree.

The rules are written out rather than read from the system tz database: the output
must not change when the machine's tzdata is updated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone


def _nth_sunday(year: int, month: int, n: int) -> date:
    """The n-th Sunday of a month; n=-1 is the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def _fmt_offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


@dataclass(frozen=True)
class Zone:
    """An IANA zone described by its standard offset and its DST rule ("eu", "us", "none")."""

    name: str
    std: int  # minutes east of UTC
    rule: str
    std_abbr: str
    dst_abbr: str

    def dst_window(self, year: int) -> tuple[datetime, datetime] | None:
        """The UTC instants where DST starts and ends in `year`."""
        if self.rule == "eu":
            start = _nth_sunday(year, 3, -1)
            end = _nth_sunday(year, 10, -1)
            return (
                datetime(start.year, start.month, start.day, 1, tzinfo=UTC),
                datetime(end.year, end.month, end.day, 1, tzinfo=UTC),
            )
        if self.rule == "us":
            start = _nth_sunday(year, 3, 2)
            end = _nth_sunday(year, 11, 1)
            return (
                datetime(start.year, start.month, start.day, 2, tzinfo=UTC)
                - timedelta(minutes=self.std),
                datetime(end.year, end.month, end.day, 2, tzinfo=UTC)
                - timedelta(minutes=self.std + 60),
            )
        return None

    def offset(self, local: datetime) -> int:
        """Minutes east of UTC in force at this naive local time."""
        window = self.dst_window(local.year)
        if window is None:
            return self.std
        as_dst = local.replace(tzinfo=UTC) - timedelta(minutes=self.std + 60)
        return self.std + 60 if window[0] <= as_dst < window[1] else self.std

    def aware(self, local: datetime) -> datetime:
        """The naive local time with its fixed UTC offset attached."""
        return local.replace(tzinfo=timezone(timedelta(minutes=self.offset(local))))

    def to_utc(self, local: datetime) -> datetime:
        """The naive local time as an aware UTC datetime."""
        return self.aware(local).astimezone(UTC)

    def from_utc(self, utc: datetime) -> datetime:
        """The naive local time at this UTC instant."""
        window = self.dst_window(utc.year)
        dst = window is not None and window[0] <= utc < window[1]
        return (utc + timedelta(minutes=self.std + (60 if dst else 0))).replace(tzinfo=None)

    def vtimezone(self) -> list[str]:
        """VTIMEZONE lines (RFC 5545) for this zone's rule."""
        lines = ["BEGIN:VTIMEZONE", f"TZID:{self.name}"]
        std, dst = _fmt_offset(self.std), _fmt_offset(self.std + 60)
        if self.rule == "none":
            lines += [
                "BEGIN:STANDARD",
                f"TZOFFSETFROM:{std}",
                f"TZOFFSETTO:{std}",
                f"TZNAME:{self.std_abbr}",
                "DTSTART:19700101T000000",
                "END:STANDARD",
            ]
        else:
            if self.rule == "eu":
                # EU clocks change at 01:00 UTC, whatever the zone's offset.
                on = f"19700329T{1 + self.std // 60:02d}0000"
                off = f"19701025T{2 + self.std // 60:02d}0000"
                on_rule, off_rule = "BYMONTH=3;BYDAY=-1SU", "BYMONTH=10;BYDAY=-1SU"
            else:
                on, off = "19700308T020000", "19701101T020000"
                on_rule, off_rule = "BYMONTH=3;BYDAY=2SU", "BYMONTH=11;BYDAY=1SU"
            lines += [
                "BEGIN:DAYLIGHT",
                f"TZOFFSETFROM:{std}",
                f"TZOFFSETTO:{dst}",
                f"TZNAME:{self.dst_abbr}",
                f"DTSTART:{on}",
                f"RRULE:FREQ=YEARLY;{on_rule}",
                "END:DAYLIGHT",
                "BEGIN:STANDARD",
                f"TZOFFSETFROM:{dst}",
                f"TZOFFSETTO:{std}",
                f"TZNAME:{self.std_abbr}",
                f"DTSTART:{off}",
                f"RRULE:FREQ=YEARLY;{off_rule}",
                "END:STANDARD",
            ]
        lines.append("END:VTIMEZONE")
        return lines


ZONES: dict[str, Zone] = {
    z.name: z
    for z in (
        Zone("Europe/Lisbon", 0, "eu", "WET", "WEST"),
        Zone("Europe/Amsterdam", 60, "eu", "CET", "CEST"),
        Zone("Europe/Berlin", 60, "eu", "CET", "CEST"),
        Zone("Europe/Brussels", 60, "eu", "CET", "CEST"),
        Zone("Europe/Vienna", 60, "eu", "CET", "CEST"),
        Zone("America/New_York", -300, "us", "EST", "EDT"),
        Zone("Asia/Tokyo", 540, "none", "JST", "JST"),
    )
}
