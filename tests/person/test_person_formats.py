"""Every file not marked broken parses with the usual libraries; every broken one fails."""

from __future__ import annotations

import csv
import email
import io
import json
import mailbox
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
import yaml
from pypdf import PdfReader

from familiar.testing.person.lookup import GeneratedPerson, message_text
from familiar.testing.person.zones import ZONES

TEXT_LIMIT = 10 * 1024 * 1024  # what a sane text reader accepts in one go


def parse_ics(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def parse_vcf(path: Path) -> list[vobject.base.Component]:
    return list(vobject.readComponents(path.read_text(encoding="utf-8")))


def parse_mail(data: bytes) -> EmailMessage:
    """Parse strictly: no defects anywhere, every text part decodes in its charset."""
    msg = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    for part in msg.walk():
        if part.defects:
            raise ValueError(f"defects: {part.defects}")
    message_text(msg)
    return msg


def parse_pdf(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path, strict=True).pages)


def parse_markdown(path: Path) -> dict[str, object]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("---\n"), path
    front = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(front, dict)
    return front


def read_text(path: Path) -> str:
    if path.stat().st_size > TEXT_LIMIT:
        raise ValueError(f"{path} is larger than {TEXT_LIMIT} bytes")
    return path.read_text(encoding="utf-8")


def test_every_file_is_listed_and_exists(person: GeneratedPerson) -> None:
    listed = {f["path"] for f in person.manifest["files"]}
    on_disk = {
        p.relative_to(person.root).as_posix() for p in person.root.rglob("*") if p.is_file()
    } - {"manifest.json"}
    # Maildir++ folder markers are structure, not content.
    on_disk = {p for p in on_disk if not p.endswith("/maildirfolder")}
    assert listed == on_disk


def test_calendars_parse(person: GeneratedPerson) -> None:
    events = 0
    for path in person.files("icalendar"):
        cal = parse_ics(path)
        for ev in cal.walk("VEVENT"):
            assert ev.get("UID") and ev.get("DTSTART"), path
            events += 1
    assert events >= 250
    personal = parse_ics(person.root / "calendar/personal.ics")
    rules = [ev for ev in personal.walk("VEVENT") if ev.get("RRULE")]
    assert rules and any(ev.get("EXDATE") for ev in rules)
    assert any(ev.get("RECURRENCE-ID") for ev in personal.walk("VEVENT"))


def test_vtimezone_rules_match_tzdata(person: GeneratedPerson) -> None:
    """The written DST rules agree with the system tz database over the whole period."""
    start = datetime.fromisoformat(person.manifest["period"]["start"]).replace(tzinfo=UTC)
    for zone in ZONES.values():
        real = ZoneInfo(zone.name)
        for hours in range(0, 24 * 460, 5):
            instant = start + timedelta(hours=hours)
            local = instant.astimezone(real).replace(tzinfo=None)
            assert zone.from_utc(instant) == local, (zone.name, instant)


def test_trip_crosses_a_dst_change(person: GeneratedPerson) -> None:
    cal = parse_ics(person.root / "calendar/personal.ics")
    flights = [ev for ev in cal.walk("VEVENT") if str(ev["SUMMARY"]).startswith("Flight")]
    assert len(flights) == 2
    out, back = sorted(flights, key=lambda ev: ev.decoded("DTSTART"))
    ny = ZoneInfo("America/New_York")
    assert out.decoded("DTEND").utcoffset() != back.decoded("DTSTART").utcoffset()
    offsets = {
        out.decoded("DTEND").astimezone(ny).utcoffset(),
        back.decoded("DTSTART").astimezone(ny).utcoffset(),
    }
    assert offsets == {timedelta(hours=-5), timedelta(hours=-4)}


def test_vcards_parse(person: GeneratedPerson) -> None:
    cards = []
    for kind in ("vcard-3.0", "vcard-4.0"):
        for path in person.files(kind):
            for card in parse_vcf(path):
                assert card.fn.value
                assert card.version.value == kind.split("-")[1]
                cards.append(card)
    assert 95 <= len(cards) <= 110
    names = [c.fn.value for c in cards]
    assert any(not n.isascii() and any(ch >= "\u0370" for ch in n) for n in names)


def test_mail_parses(person: GeneratedPerson) -> None:
    files = person.files("mail")
    assert len(files) >= 1000
    charsets: set[str] = set()
    kinds: set[str] = set()
    for path in files:
        msg = parse_mail(path.read_bytes())
        assert msg["Message-ID"] and msg["Date"], path
        for part in msg.walk():
            kinds.add(part.get_content_type())
            if part.get_content_charset():
                charsets.add(part.get_content_charset() or "")
    assert {"iso-8859-1", "shift_jis", "utf-8"} <= charsets
    assert {"text/html", "application/pdf", "text/calendar", "application/ics"} <= kinds


def test_maildir_and_mbox_open_with_mailbox(person: GeneratedPerson) -> None:
    md = mailbox.Maildir(person.root / "mail/Maildir", factory=None, create=False)
    total = len(md) + sum(len(md.get_folder(f)) for f in md.list_folders())
    assert total == len(person.files("mail")) + len(person.files("mail-broken", broken=True))
    assert sorted(md.list_folders()) == ["Archive", "Newsletters", "Sent"]
    mbox = mailbox.mbox(person.root / "mail/archive.mbox", factory=None, create=False)
    messages = list(mbox)
    mbox.close()
    assert len(messages) >= 50
    for msg in messages:
        parse_mail(msg.as_bytes())


def test_threads_link_up(person: GeneratedPerson) -> None:
    ids: set[str] = set()
    replies: list[tuple[str, str]] = []
    for path in person.files("mail"):
        msg = parse_mail(path.read_bytes())
        ids.add(str(msg["Message-ID"]))
        if msg["In-Reply-To"]:
            replies.append((str(msg["In-Reply-To"]), str(msg["References"])))
    assert len(replies) > 100
    for parent, refs in replies:
        assert parent in ids and parent in refs.split()


def test_mail_dates_fall_inside_the_history(person: GeneratedPerson) -> None:
    start = datetime.fromisoformat(person.manifest["period"]["start"])
    anchor = datetime.fromisoformat(person.manifest["anchor"])
    for path in person.files("mail"):
        msg = parse_mail(path.read_bytes())
        when = msg["Date"].datetime.replace(tzinfo=None)
        assert start - timedelta(days=1) < when < anchor + timedelta(hours=8), path


def test_pdfs_parse(person: GeneratedPerson) -> None:
    pdfs = person.files("pdf")
    assert len(pdfs) >= 5
    for path in pdfs:
        assert parse_pdf(path).strip()


def test_notes_parse(person: GeneratedPerson) -> None:
    notes = person.files("markdown")
    assert len(notes) >= 60
    tagged = 0
    for path in notes:
        front = parse_markdown(path)
        text = path.read_text(encoding="utf-8")
        tagged += (bool(front.get("tags")) and "[[" in text) or "#" in text
    assert tagged > 30
    embeds = [p for p in notes if "![[balcony-herbs.png]]" in p.read_text(encoding="utf-8")]
    assert embeds and (person.root / "notes/attachments/balcony-herbs.png").is_file()


def test_json_html_csv_text_parse(person: GeneratedPerson) -> None:
    for path in person.files("json") + person.files("profile"):
        json.loads(path.read_text(encoding="utf-8"))
    lines = (person.root / "devices/states.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 50 and all(json.loads(line)["topic"] for line in lines)
    for path in person.files("html") + person.files("text"):
        assert read_text(path)
    for path in person.files("csv"):
        rows = list(csv.DictReader(io.StringIO(read_text(path))))
        assert rows and set(rows[0]) == {"date", "description", "amount", "currency"}


def test_discovery_payloads(person: GeneratedPerson) -> None:
    components = set()
    for path in person.files("json"):
        rel = (
            path.relative_to(person.root / "devices/discovery").as_posix()
            if ("devices/discovery" in path.as_posix())
            else None
        )
        if rel is None:
            continue
        component, _node, _object_id, last = rel.split("/")[1:]
        assert last == "config.json"
        payload = json.loads(path.read_text(encoding="utf-8"))
        assert payload["unique_id"] and payload["device"]["identifiers"]
        components.add(component)
    assert components == {"light", "lock", "climate", "sensor"}


BREAKERS: dict[str, Callable[[Path], object]] = {
    "icalendar": lambda p: parse_ics(p),
    "vcard-3.0": lambda p: parse_vcf(p),
    "mail-broken": lambda p: parse_mail(p.read_bytes()),
    "markdown": lambda p: parse_markdown(p),
    "pdf": lambda p: parse_pdf(p),
    "text": lambda p: read_text(p),
}


def test_broken_files_fail(person: GeneratedPerson) -> None:
    broken = [f for f in person.manifest["files"] if f["broken"]]
    assert {f["kind"] for f in broken} >= set(BREAKERS)
    assert all(f["reason"] for f in broken)
    for f in broken:
        with pytest.raises(Exception):  # noqa: B017 - any parse error will do
            BREAKERS[f["kind"]](person.root / f["path"])
    sizes = {f["path"]: (person.root / f["path"]).stat().st_size for f in broken}
    assert 0 in sizes.values()
    assert max(sizes.values()) >= 50 * 1024 * 1024
