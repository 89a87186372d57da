"""CalDAV/CardDAV sources against a real Radicale server: sync by ETag, writes, refusals."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from davserver import PASSWORD, USER, Radicale, serve_copy, template, uploaded
from srchelpers import found, invoke, scripted_asks
from test_calendar_skill import BRUSSELS, NOW

from backends import on_both_backends
from familiar.app import build_app
from familiar.clock import fixed_clock
from familiar.config import Paths, default_paths
from familiar.integrations.calendar import load, occurrences, parse
from familiar.integrations.contacts import read
from familiar.models.scripted import Step, call
from familiar.testing.confirm import Answers

YOGA = "yoga-7%40familiar.test.ics"
ICS = {"Content-Type": "text/calendar"}


@pytest.fixture(scope="session")
def storage(person_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return template(person_dir, tmp_path_factory.mktemp("radicale-template"))


@pytest.fixture
def server(storage: Path, tmp_path: Path) -> Iterator[Radicale]:
    running = serve_copy(storage, tmp_path / "radicale")
    yield running
    running.stop()


@pytest.fixture
def synced(
    cli_store: str, server: Radicale, isolated_folders: Paths, monkeypatch: pytest.MonkeyPatch
) -> Radicale:
    """Both sources added as a user types them and synced once, on the test's store backend."""
    monkeypatch.setenv("DAV_PASSWORD", PASSWORD)
    invoke("config", "set", "timezone", "Europe/Brussels")
    login = ("--username", USER, "--password-env", "DAV_PASSWORD")
    code, out = invoke("sources", "add", "caldav", server.home, "--name", "cal", *login)
    assert code == 0 and "enabled the calendar skill" in out, out
    code, out = invoke("sources", "add", "carddav", server.home, "--name", "cards", *login)
    assert code == 0 and "enabled the contacts skill" in out, out
    code, out = invoke("sources", "sync", "--no-embed")
    assert code == 0, out
    return server


def _sync(name: str) -> str:
    code, out = invoke("sources", "sync", name, "--no-embed")
    assert code == 0, out
    return out


def _items(name: str) -> int:
    _, out = invoke("sources", "list")
    match = re.search(rf"^{name} .*\n  last sync: .*, (\d+) items in memory", out, re.M)
    assert match, out
    return int(match.group(1))


@on_both_backends
def test_first_sync_imports_the_person_and_a_resync_fetches_nothing(
    synced: Radicale, person_dir: Path
) -> None:
    expected = sum(
        len(parse(p, p.read_bytes(), BRUSSELS).entries) for p in uploaded(person_dir, "calendar")
    )
    assert expected > 200 and _items("cal") == expected  # every VEVENT, overrides included
    cards = sum(len(read(p, p.read_bytes())[0]) for p in uploaded(person_dir, "contacts"))
    assert cards > 60 and _items("cards") == cards
    assert "Yoga at Lotus Yoga Studio" in found(default_paths(), "yoga", "cal")
    assert "Isabel Gonçalves" in found(default_paths(), "Isabel", "cards")

    before = len(synced.requests())
    out = _sync("cal") + _sync("cards")
    assert re.search(r"cal: (\d+) files \(0 new, 0 changed, \1 unchanged, 0 removed\)", out), out
    assert "0 items written" in out
    # one PROPFIND of the home per source: no ETag listing, no REPORT, no GET
    assert synced.requests()[before:] == [("PROPFIND", f"/{USER}/")] * 2


@on_both_backends
def test_a_change_and_a_deletion_on_the_server_are_picked_up(synced: Radicale) -> None:
    yoga = f"{synced.home}personal/{YOGA}"
    with synced.client() as http:  # another program edits the calendars
        body = http.get(yoga).content
        renamed = body.replace(b"SUMMARY:Yoga at Lotus Yoga Studio", b"SUMMARY:Pilates at Lotus")
        assert renamed != body
        assert http.put(yoga, content=renamed, headers=ICS).status_code in (201, 204)
        listing = http.request("PROPFIND", f"{synced.home}work/", headers={"Depth": "1"})
        victim = (
            f"http://127.0.0.1:{synced.port}"
            + re.findall(r"<href>(/[^<]*\.ics)</href>", listing.text)[0]
        )
        events = http.get(victim).content.count(b"BEGIN:VEVENT")
        assert http.delete(victim).status_code in (200, 204)
    items = _items("cal")
    before = len(synced.requests())
    out = _sync("cal")
    assert "(0 new, 1 changed," in out and ", 1 removed)" in out, out
    served = [m for m, _ in synced.requests()[before:]]
    assert served.count("REPORT") == 1 and "GET" not in served  # only the changed one fetched
    titles = found(default_paths(), "Lotus", "cal")
    assert "Pilates at Lotus" in titles and "Yoga at Lotus Yoga Studio" not in titles
    assert _items("cal") == items - events  # the deleted event left memory


@pytest.fixture
def ask(synced: Radicale) -> Iterator[Callable[..., str]]:
    with scripted_asks(NOW) as run:
        yield run


def _tool_error() -> str:
    fam = build_app(clock=fixed_clock(NOW))
    steps = [s for run in fam.store.runs(1) for s in fam.store.steps(run.id) if s.tool]
    fam.close()
    return steps[0].error or ""


def _day(body: bytes, day: int) -> list[tuple[str, str]]:
    start = datetime(2026, 6, day, tzinfo=BRUSSELS)
    found = occurrences(load(body), start, start.replace(hour=23, minute=59), BRUSSELS)
    return [(o.summary, f"{o.start.astimezone(BRUSSELS):%H:%M}") for o in found]


@on_both_backends
def test_add_event_puts_a_new_resource_on_the_server(
    synced: Radicale, ask: Callable[..., str]
) -> None:
    before = len(synced.requests())
    said = ask(
        "add dentist on Tuesday at 3pm",
        [call("add_event", title="Dentist", when="Tuesday at 3pm", duration_minutes=30)],
    )
    assert "Added to your Personal calendar: Dentist, Tue 2026-06-02 15:00-15:30" in said
    puts = [p for m, p in synced.requests()[before:] if m == "PUT"]
    assert len(puts) == 1 and puts[0].startswith(f"/{USER}/personal/")
    with synced.client() as http:  # fetched back from the server, parsed by the same code
        body = http.get(f"http://127.0.0.1:{synced.port}{puts[0]}").content
    assert ("Dentist", "15:00") in _day(body, 2)
    listed = ask("what's on Tuesday", [call("list_events", when="Tuesday")])
    assert "15:00-15:30: Dentist" in listed  # synced at once, read from the synced copy


def test_moving_one_occurrence_adds_an_override_and_keeps_the_series(
    synced: Radicale, ask: Callable[..., str]
) -> None:
    yoga = f"{synced.home}personal/{YOGA}"
    with synced.client() as http:
        original = http.get(yoga).content
    steps: list[Step] = [call("move_event", event="yoga", when="Tuesday", to="Thursday same time")]
    assert ask("move my yoga on Tuesday", [*steps, "Not moved."]) == "Not moved."  # it asks
    confirmer = Answers(True)
    said = ask("move my yoga on Tuesday to Thursday same time", steps, confirmer)
    assert confirmer.asked and confirmer.asked[0].tool == "move_event"
    assert "only this occurrence" in said and "Thu 2026-06-04 19:00" in said
    with synced.client() as http:
        body = http.get(yoga).content
    assert b"RECURRENCE-ID;TZID=Europe/Brussels:20260602T190000" in body
    rrule = re.findall(rb"^RRULE:.*$", original, re.M)
    assert rrule and re.findall(rb"^RRULE:.*$", body, re.M) == rrule  # the series is unchanged
    yoga_at = ("Yoga at Lotus Yoga Studio", "19:00")
    assert yoga_at not in _day(body, 2) and yoga_at in _day(body, 4) and yoga_at in _day(body, 9)


def test_a_move_is_refused_when_the_event_changed_on_the_server(
    synced: Radicale, ask: Callable[..., str]
) -> None:
    yoga = f"{synced.home}personal/{YOGA}"
    with synced.client() as http:  # the user's phone edits the event after the last sync
        theirs = http.get(yoga).content.replace(b"Lotus Yoga Studio", b"Lotus Studio")
        assert http.put(yoga, content=theirs, headers=ICS).status_code in (201, 204)
    steps: list[Step] = [call("move_event", event="yoga", when="Tuesday", to="Thursday same time")]
    said = ask("move my yoga on Tuesday to Thursday", [*steps, "I could not."], Answers(True))
    assert said == "I could not."
    error = _tool_error()
    assert "changed on the server since the last sync" in error, error
    assert "run familiar sources sync cal" in error
    with synced.client() as http:
        assert http.get(yoga).content == theirs  # nothing written


def test_server_down_is_one_clear_line_and_nothing_changes(
    synced: Radicale, ask: Callable[..., str]
) -> None:
    items = _items("cal")
    synced.stop()
    said = ask(
        "add dentist on Tuesday at 3pm",
        [call("add_event", title="Dentist", when="Tuesday at 3pm"), "I could not."],
    )
    assert said == "I could not."
    error = _tool_error()
    assert f"cannot reach {synced.home}" in error and "nothing was changed" in error, error
    code, out = invoke("sources", "sync", "cal", "--no-embed")
    assert code == 1 and "cannot reach" in out
    assert _items("cal") == items  # memory and the synced copy are as they were
    listed = ask("what's on Tuesday", [call("list_events", when="Tuesday")])
    assert "Yoga at Lotus Yoga Studio" in listed  # read from the last sync while it is away


def test_a_wrong_password_is_one_clear_line(
    synced: Radicale, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAV_PASSWORD", "wrong")
    code, out = invoke("sources", "sync", "cards", "--no-embed")
    assert code == 1
    assert "refused the login (HTTP 401); check the username and the password" in out, out
    assert "Traceback" not in out


def test_find_contact_reads_the_carddav_cards(ask: Callable[..., str]) -> None:
    said = ask("what's Isabel's phone number?", [call("find_contact", who="Isabel")])
    assert "+351 970 043 429" in said


def test_a_single_calendar_url_syncs_only_that_calendar(
    server: Radicale, isolated_folders: Paths, monkeypatch: pytest.MonkeyPatch, person_dir: Path
) -> None:
    monkeypatch.setenv("DAV_PASSWORD", PASSWORD)
    url = f"{server.home}work/"
    login = ("--username", USER, "--password-env", "DAV_PASSWORD")
    assert invoke("sources", "add", "caldav", url, "--name", "work", *login)[0] == 0
    _sync("work")
    work = person_dir / "calendar" / "work.ics"
    assert _items("work") == len(parse(work, work.read_bytes(), BRUSSELS).entries)


def test_a_password_in_the_url_is_refused(isolated_folders: Paths) -> None:
    code, out = invoke("sources", "add", "caldav", "https://me:hunter2@dav.example/me/")
    assert code != 0 and "a password in the url is not allowed" in out, out
    assert not isolated_folders.config_file.exists()  # nothing was saved


@on_both_backends
def test_removing_a_server_source_takes_its_items_out_and_leaves_the_server(
    synced: Radicale,
) -> None:
    code, out = invoke("sources", "remove", "cal")
    assert code == 0 and "disabled the calendar skill" in out, out
    _, listed = invoke("sources", "list")
    assert not re.search(r"^cal ", listed, re.M)
    assert not found(default_paths(), "yoga", "cal")
    with synced.client() as http:
        assert http.get(f"{synced.home}personal/{YOGA}").status_code == 200
    code, _ = invoke(
        "sources",
        "add",
        "caldav",
        synced.home,
        "--name",
        "cal",
        "--username",
        USER,
        "--password-env",
        "DAV_PASSWORD",
    )
    assert code == 0
    out = _sync("cal")  # nothing of the old sync is left: everything is fetched again
    assert re.search(r"cal: (\d+) files \(\1 new, 0 changed, 0 unchanged", out), out


def test_cancelling_on_the_server_excludes_an_occurrence_or_deletes_the_resource(
    synced: Radicale, ask: Callable[..., str], person_dir: Path
) -> None:
    yoga = f"{synced.home}personal/{YOGA}"
    confirmer = Answers(True)
    said = ask(
        "cancel my yoga on Tuesday", [call("cancel_event", event="yoga", when="Tuesday")], confirmer
    )
    assert confirmer.asked and "only this occurrence" in said
    with synced.client() as http:
        body = http.get(yoga).content
    assert b"EXDATE;TZID=Europe/Brussels:20260602T190000" in body and b"RRULE:" in body
    yoga_at = ("Yoga at Lotus Yoga Studio", "19:00")
    assert yoga_at not in _day(body, 2) and yoga_at in _day(body, 9)

    blocks = re.findall(
        rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n",
        (person_dir / "calendar" / "personal.ics").read_bytes(),
        re.S,
    )
    [tax] = [b for b in blocks if b"DTSTART;TZID=Europe/Brussels:20260622T180000" in b]
    uid = re.search(rb"^UID:(.*?)\r$", tax, re.M)
    assert uid
    one_off = f"{synced.home}personal/{uid.group(1).decode().replace('@', '%40')}.ics"
    with synced.client() as http:
        assert http.get(one_off).status_code == 200
    said = ask(
        "cancel the tax advisor meeting on June 22 at 6pm",
        [call("cancel_event", event="tax advisor", when="June 22 at 6pm")],
        Answers(True),
    )
    assert said.startswith("Deleted Tax advisor meeting on Mon 2026-06-22"), said
    with synced.client() as http:
        assert http.get(one_off).status_code == 404
