"""The calendar and contacts tools through the real dispatcher and agent loop (scripted model)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from srchelpers import invoke, scripted_asks

from familiar.app import build_app
from familiar.clock import fixed_clock
from familiar.config import Paths
from familiar.integrations.calendar import load, occurrences
from familiar.kernel.agent import Request
from familiar.models.scripted import ScriptedModel, Step, call
from familiar.testing.confirm import Answers

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=BRUSSELS)  # the person's anchor: a Monday


Ask = Callable[..., str]


@pytest.fixture
def calendar(copy_of: Callable[[str], Path], isolated_folders: Paths) -> Path:
    folder = copy_of("calendar")
    invoke("config", "set", "timezone", "Europe/Brussels")
    assert invoke("sources", "add", "calendar", str(folder))[0] == 0
    assert invoke("sources", "add", "contacts", str(copy_of("contacts")))[0] == 0
    code, out = invoke("sources", "sync", "--no-embed")
    assert code == 0, out
    return folder


@pytest.fixture
def ask(calendar: Path) -> Iterator[Ask]:
    with scripted_asks(NOW) as run:
        yield run


def _day(calendar: Path, name: str, day: datetime) -> list[tuple[str, str]]:
    cal = load((calendar / name).read_bytes())
    found = occurrences(cal, day, day.replace(hour=23, minute=59), BRUSSELS)
    return [(o.summary, f"{o.start.astimezone(BRUSSELS):%H:%M}") for o in found]


def test_whats_on_my_calendar_thursday(ask: Ask, calendar: Path) -> None:
    answer = ask("what's on my calendar Thursday?", [call("list_events", when="Thursday")])
    thursday = datetime(2026, 6, 4, tzinfo=BRUSSELS)
    expected = _day(calendar, "work.ics", thursday) + _day(calendar, "personal.ics", thursday)
    assert expected  # the person has a stand-up every weekday
    assert "Thu 2026-06-04" in answer
    for title, start in expected:
        assert f"{start}" in answer and title in answer


def test_add_event_writes_a_vevent_that_reads_back(ask: Ask, calendar: Path) -> None:
    before = (calendar / "personal.ics").read_bytes()
    answer = ask(
        "add dentist on Tuesday at 3pm",
        [call("add_event", title="Dentist", when="Tuesday at 3pm", duration_minutes=30)],
    )
    assert "Added to your personal calendar: Dentist, Tue 2026-06-02 15:00-15:30" in answer
    after = (calendar / "personal.ics").read_bytes()
    assert after.startswith(before[: before.rfind(b"END:VCALENDAR")])  # nothing else changed
    assert ("Dentist", "15:00") in _day(
        calendar, "personal.ics", datetime(2026, 6, 2, tzinfo=BRUSSELS)
    )
    listed = ask("what's on Tuesday", [call("list_events", when="Tuesday")])
    assert "15:00-15:30: Dentist" in listed
    _, out = invoke("sources", "list")  # synced at once: the next write is not refused
    assert re.search(
        r"calendar \(calendar, every 15 min\).*\n  last sync: 2026-06-01 08:00", out
    ), out


def test_moving_one_occurrence_writes_an_override_after_confirmation(
    ask: Ask, calendar: Path
) -> None:
    path = calendar / "personal.ics"
    series = re.search(rb"BEGIN:VEVENT\r\nUID:yoga-7@.*?END:VEVENT\r\n", path.read_bytes(), re.S)
    assert series
    steps: list[Step] = [call("move_event", event="yoga", when="Tuesday", to="Thursday same time")]
    said = ask("move my yoga on Tuesday to Thursday same time", [*steps, "Not moved."])
    assert said == "Not moved."  # the user said no (the default confirmer's answer)
    assert b"RECURRENCE-ID;TZID=Europe/Brussels:20260602T190000" not in path.read_bytes()

    confirmer = Answers(True)
    said = ask("move my yoga on Tuesday to Thursday same time", steps, confirmer)
    assert confirmer.asked and confirmer.asked[0].tool == "move_event"
    assert "only this occurrence" in said and "Thu 2026-06-04 19:00" in said
    data = path.read_bytes()
    assert series.group(0) in data  # the series is byte for byte what it was
    assert b"RECURRENCE-ID;TZID=Europe/Brussels:20260602T190000" in data
    tuesday = _day(calendar, "personal.ics", datetime(2026, 6, 2, tzinfo=BRUSSELS))
    thursday = _day(calendar, "personal.ics", datetime(2026, 6, 4, tzinfo=BRUSSELS))
    later = _day(calendar, "personal.ics", datetime(2026, 6, 9, tzinfo=BRUSSELS))
    yoga = "Yoga at Lotus Yoga Studio"
    assert (yoga, "19:00") not in tuesday and (yoga, "19:00") in thursday
    assert (yoga, "19:00") in later  # the next week is untouched


def test_a_write_is_refused_when_the_file_changed_since_the_last_sync(
    ask: Ask, calendar: Path
) -> None:
    path = calendar / "personal.ics"
    os.utime(path, (1_700_000_000, 1_700_000_000))  # another program saved it
    before = path.read_bytes()
    said = ask(
        "add dentist on Tuesday at 3pm",
        [call("add_event", title="Dentist", when="Tuesday at 3pm"), "I could not."],
    )
    assert path.read_bytes() == before
    assert said == "I could not."
    fam = build_app(clock=fixed_clock(NOW))
    steps = [s for run in fam.store.runs(1) for s in fam.store.steps(run.id) if s.tool]
    fam.close()
    assert "changed since the last sync" in (steps[0].error or "")
    assert "familiar sources sync calendar" in (steps[0].error or "")


def test_find_contact_by_name_nickname_phone_and_typo(ask: Ask) -> None:
    said = ask("what's Isabel's phone number?", [call("find_contact", who="Isabel")])
    assert "+351 970 043 429" in said
    assert "Isabel Gonçalves" in ask("who is Mãe?", [call("find_contact", who="Mae")])
    assert "Tomás Ribeiro" in ask(
        "Tomas Ribero's email", [call("find_contact", who="Tomas Ribero")]
    )
    assert "Isabel Gonçalves" in ask(
        "whose number is +351 970 043 429", [call("find_contact", who="970 043 429")]
    )
    assert "No contact matches" in ask("call Zyxw", [call("find_contact", who="Zyxw")])


def test_moving_a_one_off_event_changes_it_in_place(ask: Ask, calendar: Path) -> None:
    path = calendar / "personal.ics"
    steps: list[Step] = [
        call("move_event", event="tax advisor", when="June 22 at 6pm", to="June 24 same time")
    ]
    said = ask(
        "move the tax advisor meeting on June 22 at 6pm to June 24 same time", steps, Answers(True)
    )
    assert (
        "Moved Tax advisor meeting from Mon 2026-06-22 18:00-19:00 to Wed 2026-06-24 18:00" in said
    )
    assert "only this occurrence" not in said
    june = [
        (title, day.day)
        for day in (datetime(2026, 6, d, tzinfo=BRUSSELS) for d in (22, 24))
        for title, _ in _day(calendar, "personal.ics", day)
    ]
    assert ("Tax advisor meeting", 24) in june and ("Tax advisor meeting", 22) not in june
    block = re.search(
        rb"BEGIN:VEVENT\r\n(?:(?!END:VEVENT).)*?20260624T180000(?:(?!END:VEVENT).)*?END:VEVENT",
        path.read_bytes(),
        re.S,
    )
    assert block and b"SEQUENCE:1" in block.group(0) and b"RECURRENCE-ID" not in block.group(0)


def test_an_ambiguous_move_asks_the_model_to_ask_the_user(ask: Ask, calendar: Path) -> None:
    before = (calendar / "work.ics").read_bytes()
    said = ask(
        "move my thursday meeting to friday",
        [call("move_event", event="", when="Thursday", to="Friday"), "Which one?"],
        Answers(True),
    )
    assert said == "Which one?" and (calendar / "work.ics").read_bytes() == before
    fam = build_app(clock=fixed_clock(NOW))
    steps = [s for run in fam.store.runs(1) for s in fam.store.steps(run.id) if s.tool]
    fam.close()
    error = steps[0].error or ""
    assert "several events match; ask the user which" in error and "Insights stand-up" in error


def test_when_did_i_last_email_samir_about_the_lease(
    copy_of: Callable[[str], Path], isolated_folders: Paths
) -> None:
    mail = copy_of("mail")
    invoke("config", "set", "timezone", "Europe/Brussels")
    code, out = invoke("sources", "add", "mail", str(mail))
    assert code == 0 and "enabled the mail skill (read your mail" in out, out
    invoke("sources", "sync", "--no-embed")
    newest = None  # read straight from the files, with the stdlib, for the expected answer
    for path in (mail / "Maildir" / ".Sent" / "cur").iterdir():
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        text = str(message.get_body(preferencelist=("plain",)).get_content())  # type: ignore[union-attr]
        if "Samir" in str(message["to"]) and "lease" in (str(message["subject"]) + text).lower():
            sent = parsedate_to_datetime(str(message["date"]))
            newest = max(newest or sent, sent)
    assert newest is not None
    invoke("sources", "add", "contacts", str(copy_of("contacts")))
    invoke("sources", "sync", "contacts", "--no-embed")
    for who in ("Samir", "Sam", "landlord"):  # his name, his nickname, his title on the card
        script = [call("search_mail", about="lease", person=who, sent_by_me=True)]
        fam = build_app(model=ScriptedModel(script), clock=fixed_clock(NOW))
        said = fam.agent().run(Request(f"when did I last email {who} about the lease?")).answer
        fam.close()
        first = said.splitlines()[1]
        assert first.startswith(f"- {newest.astimezone(BRUSSELS):%a %Y-%m-%d %H:%M}: "), said
        assert "Lease" in first


def test_a_source_turns_its_skill_on_and_removing_the_last_turns_it_off(
    copy_of: Callable[[str], Path], isolated_folders: Paths
) -> None:
    def status() -> str:
        fam = build_app()
        try:
            return fam.skills.get("contacts").status
        finally:
            fam.close()

    assert status() == "disabled"
    folder = copy_of("contacts")
    code, out = invoke("sources", "add", "contacts", str(folder))
    assert "enabled the contacts skill (read your contacts)" in out and status() == "enabled"
    invoke("sources", "add", "contacts", str(folder / "isabel-goncalves.vcf"), "--name", "mum")
    code, out = invoke("sources", "remove", "contacts")
    assert code == 0 and "disabled" not in out and status() == "enabled"  # "mum" is left
    code, out = invoke("sources", "remove", "mum")
    assert "disabled the contacts skill: no contacts source is left" in out
    assert status() == "disabled"


def test_draft_a_reply_to_the_landlord_saves_a_threaded_draft_and_sends_nothing(
    copy_of: Callable[[str], Path], isolated_folders: Paths
) -> None:
    mail, contacts = copy_of("mail"), copy_of("contacts")
    invoke("config", "set", "timezone", "Europe/Brussels")
    invoke("sources", "add", "mail", str(mail))
    invoke("sources", "add", "contacts", str(contacts))
    invoke("sources", "sync", "--no-embed")
    maildir = mail / "Maildir"
    before = {p: p.read_bytes() for p in maildir.rglob("*") if p.is_file()}
    newest = None  # the last message of any conversation with Samir, read with the stdlib
    for path in before:
        message = BytesParser(policy=policy.default).parsebytes(before[path])
        people = f"{message['from']} {message['to']}"
        if "samir.haddadmeyer@rentals.example" in people:
            sent = parsedate_to_datetime(str(message["date"]))
            if newest is None or sent > newest[0]:
                newest = (sent, message)
    assert newest is not None
    script = [call("draft_reply", person="the landlord", text="I'll pay on the 5th.")]
    fam = build_app(model=ScriptedModel(script), clock=fixed_clock(NOW))
    said = (
        fam.agent().run(Request("draft a reply to the landlord saying I'll pay on the 5th")).answer
    )
    fam.close()
    assert said.startswith("Draft saved in Drafts, not sent: to ") and "samir" in said.lower()
    [draft_file] = (maildir / ".Drafts" / "cur").iterdir()
    assert draft_file.name.endswith(":2,DS")
    draft = BytesParser(policy=policy.default).parsebytes(draft_file.read_bytes())
    parent = newest[1]
    assert "samir.haddadmeyer@rentals.example" in str(draft["to"])
    assert str(draft["in-reply-to"]) == str(parent["message-id"])
    assert str(draft["references"]).split()[-1] == str(parent["message-id"])
    assert str(draft["subject"]).lower().startswith("re: ")
    assert "I'll pay on the 5th." in draft.get_body().get_content()  # type: ignore[union-attr]
    assert all(p.read_bytes() == data for p, data in before.items())  # nothing else touched
    _, listing = invoke("sources", "list")
    assert re.search(r"^mail \(.*\n  last sync: .*1043 files", listing, re.M), listing


def test_cancelling_one_occurrence_excludes_it_and_keeps_the_series(
    ask: Ask, calendar: Path
) -> None:
    path = calendar / "personal.ics"
    steps: list[Step] = [call("cancel_event", event="yoga", when="Tuesday")]
    before = path.read_bytes()
    assert ask("cancel my yoga on Tuesday", [*steps, "Not deleted."]) == "Not deleted."
    assert path.read_bytes() == before  # refused: nothing written

    confirmer = Answers(True)
    said = ask("cancel my yoga on Tuesday", steps, confirmer)
    assert confirmer.asked and confirmer.asked[0].tool == "cancel_event"
    assert said.startswith("Deleted Yoga at Lotus Yoga Studio on Tue 2026-06-02 19:00")
    assert "only this occurrence" in said
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", path.read_bytes(), re.S)
    [series] = [b for b in blocks if b"UID:yoga-7@" in b and b"RECURRENCE-ID" not in b]
    assert b"EXDATE;TZID=Europe/Brussels:20260602T190000" in series and b"RRULE:" in series
    yoga = "Yoga at Lotus Yoga Studio"
    tuesday = _day(calendar, "personal.ics", datetime(2026, 6, 2, tzinfo=BRUSSELS))
    later = _day(calendar, "personal.ics", datetime(2026, 6, 9, tzinfo=BRUSSELS))
    assert (yoga, "19:00") not in tuesday and (yoga, "19:00") in later


def test_cancelling_a_one_off_event_removes_it(ask: Ask, calendar: Path) -> None:
    path = calendar / "personal.ics"
    before = path.read_bytes()
    steps: list[Step] = [call("cancel_event", event="tax advisor", when="June 22 at 6pm")]
    said = ask("cancel the tax advisor meeting on June 22 at 6pm", steps, Answers(True))
    assert said == "Deleted Tax advisor meeting on Mon 2026-06-22 18:00-19:00."
    day = _day(calendar, "personal.ics", datetime(2026, 6, 22, tzinfo=BRUSSELS))
    assert "Tax advisor meeting" not in [title for title, _ in day]
    data = path.read_bytes()
    assert b"DTSTART;TZID=Europe/Brussels:20260622T180000" not in data
    assert (
        data.count(b"SUMMARY:Tax advisor meeting")
        == before.count(b"SUMMARY:Tax advisor meeting") - 1
    )
