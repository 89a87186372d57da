"""Calendar: recurrences and zones read right from the person's .ics files (icalendar + rrule)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from familiar.errors import UserError
from familiar.integrations.calendar import Occurrence, load, occurrences
from familiar.integrations.calendar_write import add_event

BRUSSELS = ZoneInfo("Europe/Brussels")


def _read(person: Path, name: str) -> list[Occurrence]:
    cal = load((person / "calendar" / name).read_bytes())
    lo = datetime(2025, 1, 1, tzinfo=UTC)
    return occurrences(cal, lo, lo + timedelta(days=800), BRUSSELS, name)


def _fact(person: Path, fact_id: str) -> dict[str, object]:
    manifest = json.loads((person / "manifest.json").read_text(encoding="utf-8"))
    return next(f for f in manifest["facts"] if f["id"] == fact_id)


def test_a_weekly_event_keeps_its_wall_clock_time_across_dst_and_skips_its_exdate(
    person_dir: Path,
) -> None:
    yoga = [o for o in _read(person_dir, "personal.ics") if o.uid == "yoga-7@familiar.test"]
    days = {o.start.date() for o in yoga}
    assert date(2026, 4, 7) in days and date(2026, 4, 21) in days
    assert date(2026, 4, 14) not in days  # EXDATE
    assert all(o.start.astimezone(BRUSSELS).hour == 19 and o.start.weekday() == 1 for o in yoga)
    winter = next(o for o in yoga if o.start.date() == date(2026, 3, 24))
    summer = next(o for o in yoga if o.start.date() == date(2026, 3, 31))
    assert winter.start.astimezone(UTC).hour == 18 and summer.start.astimezone(UTC).hour == 17
    assert summer.end - summer.start == timedelta(minutes=75)


def test_override_vevents_replace_the_occurrence_they_name(person_dir: Path) -> None:
    for fact_id, calendar in (
        ("trip.team-sync-moved", "work.ics"),
        ("work.one-on-one.moved", "work.ics"),
        ("bookclub.moved", "personal.ics"),
    ):
        items = _fact(person_dir, fact_id)["items"]
        item = next(i for i in items if i.get("recurrence_id"))  # type: ignore[attr-defined]
        original = datetime.strptime(item["recurrence_id"], "%Y%m%dT%H%M%S")
        moved_to = next(  # the manifest's string that is a DTSTART
            datetime.strptime(s, "%Y%m%dT%H%M%S") for s in item["strings"] if s[:2] == "20"
        )
        series = [o for o in _read(person_dir, calendar) if o.uid == item["uid"]]
        starts = [o.start.astimezone(BRUSSELS).replace(tzinfo=None) for o in series]
        assert moved_to in starts, fact_id
        assert original not in starts, fact_id  # the series' own occurrence is gone
        moved = series[starts.index(moved_to)]
        assert moved.recurrence_id is not None
        assert moved.recurrence_id.astimezone(BRUSSELS).replace(tzinfo=None) == original


def test_new_york_times_follow_the_us_clock_change(person_dir: Path) -> None:
    trip = {o.start.astimezone(UTC): o for o in _read(person_dir, "personal.ics")}
    # 7 March 19:30 EST (UTC-5); 12 March 18:15 EDT (UTC-4), after the US change on 8 March
    assert datetime(2026, 3, 8, 0, 30, tzinfo=UTC) in trip
    assert datetime(2026, 3, 12, 22, 15, tzinfo=UTC) in trip


def test_all_day_and_floating_events_are_in_the_users_zone(
    person_dir: Path, tmp_path: Path
) -> None:
    birthdays = _read(person_dir, "birthdays.ics")
    mother = [o for o in birthdays if o.all_day and o.start.date() == date(2026, 9, 1)]
    assert mother and mother[0].start == datetime(2026, 9, 1, tzinfo=BRUSSELS)
    assert mother[0].end - mother[0].start == timedelta(days=1)
    floating = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:f1\r\n"
        b"DTSTAMP:20260101T000000Z\r\nDTSTART:20260602T090000\r\nDTEND:20260602T100000\r\n"
        b"RRULE:FREQ=DAILY;UNTIL=20260604T235959Z\r\nSUMMARY:Floating\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    lisbon = ZoneInfo("Europe/Lisbon")
    lo = datetime(2026, 6, 1, tzinfo=UTC)
    found = occurrences(load(floating), lo, lo + timedelta(days=30), lisbon)
    assert [o.start for o in found] == [datetime(2026, 6, d, 9, tzinfo=lisbon) for d in (2, 3, 4)]


def test_an_added_event_brings_its_zone_and_leaves_the_file_otherwise_as_it_was(
    person_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "holidays.ics"
    path.write_bytes((person_dir / "calendar" / "holidays.ics").read_bytes())
    before = path.read_bytes()
    assert b"BEGIN:VTIMEZONE" not in before
    tokyo = ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 7, 1, 9, 30, tzinfo=tokyo)
    uid = add_event(path, "Call Yuki", start, start + timedelta(hours=1), "", datetime.now(UTC))
    after = path.read_bytes()
    assert after.startswith(before[: before.rfind(b"END:VCALENDAR")])
    assert b"TZID:Asia/Tokyo" in after and b"DTSTART;TZID=Asia/Tokyo:20260701T093000" in after
    lo = datetime(2026, 7, 1, tzinfo=UTC)
    [added] = [
        o for o in occurrences(load(after), lo, lo + timedelta(days=1), BRUSSELS) if o.uid == uid
    ]
    assert added.start == start and added.start.astimezone(UTC).hour == 0


def test_a_broken_calendar_is_not_written(person_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "family-shared.ics"  # the manifest's truncated download
    path.write_bytes((person_dir / "calendar" / "family-shared.ics").read_bytes())
    before = path.read_bytes()
    start = datetime(2026, 7, 1, 9, 30, tzinfo=BRUSSELS)
    with pytest.raises(UserError, match=r"family-shared.ics cannot be read as a calendar"):
        add_event(path, "Lunch", start, start + timedelta(hours=1), "", datetime.now(UTC))
    assert path.read_bytes() == before
