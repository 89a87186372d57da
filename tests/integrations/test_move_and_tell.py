"""One request across three sources: "move my 3pm with Dana to Friday same time and tell her"."""

from __future__ import annotations

import mailbox
from datetime import datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

from mailservers import smtp_server
from srchelpers import invoke

from familiar.app import build_app
from familiar.clock import fixed_clock
from familiar.config import Paths
from familiar.integrations.calendar import load, occurrences
from familiar.kernel.agent import Request
from familiar.models.scripted import ScriptedModel, Step, call
from familiar.testing.confirm import Answers

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=BRUSSELS)  # a Monday
ME = "Miguel <miguel@example.org>"

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:dana-1@example.org\r\nDTSTAMP:20260520T100000Z\r\n"
    "DTSTART;TZID=Europe/Brussels:20260601T150000\r\n"
    "DTEND;TZID=Europe/Brussels:20260601T160000\r\n"
    "SUMMARY:Coffee with Dana\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Reyes\r\nN:Reyes;Dana;;;\r\n"
    "EMAIL;TYPE=INTERNET:dana.reyes@example.net\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Samir Haddad\r\nN:Haddad;Samir;;;\r\n"
    "EMAIL;TYPE=INTERNET:samir@example.net\r\nEND:VCARD\r\n"
)


def add_sources(folder: Path, smtp_port: int) -> Path:
    """The test's calendar, contacts and a mail account that sends, added and synced."""
    (folder / "cal").mkdir()
    (folder / "cal" / "personal.ics").write_bytes(CALENDAR.encode())
    (folder / "cards").mkdir()
    (folder / "cards" / "people.vcf").write_bytes(CARDS.encode())
    (folder / "mail").mkdir()
    mailbox.Maildir(folder / "mail" / "Maildir", create=True).add_folder("Sent")
    invoke("config", "set", "timezone", "Europe/Brussels")
    smtp = ("--smtp", f"smtp://127.0.0.1:{smtp_port}", "--address", ME)
    for args in (
        ("calendar", str(folder / "cal")),
        ("contacts", str(folder / "cards")),
        ("mail", str(folder / "mail"), *smtp),
    ):
        code, out = invoke("sources", "add", *args)
        assert code == 0, out
    code, out = invoke("sources", "sync", "--no-embed")
    assert code == 0, out
    return folder / "cal" / "personal.ics"


def test_move_my_3pm_with_dana_to_friday_and_tell_her(
    tmp_path: Path, isolated_folders: Paths
) -> None:
    with smtp_server() as (port, inbox):
        ics = add_sources(tmp_path, port)

        text = "move my 3pm with Dana to Friday same time and tell her"
        steps: list[Step] = [
            [
                call("move_event", event="Dana", when="3pm", to="Friday same time"),
                call(
                    "send_mail",
                    to="Dana",
                    subject="Our coffee moves to Friday",
                    text="Hi Dana, can we move our coffee to Friday at 3pm? Miguel",
                ),
            ]
        ]
        answers = Answers(True, True)
        fam = build_app(model=ScriptedModel(steps), clock=fixed_clock(NOW), confirmer=answers)
        try:
            answer = fam.agent().run(Request(text)).answer
        finally:
            fam.close()

        assert [a.tool for a in answers.asked] == ["move_event", "send_mail"]  # both asked
        assert "Moved Coffee with Dana from Mon 2026-06-01 15:00" in answer
        assert "Fri 2026-06-05 15:00" in answer
        assert "Sent to Dana Reyes <dana.reyes@example.net>" in answer
        friday = datetime(2026, 6, 5, tzinfo=BRUSSELS)
        moved = occurrences(load(ics.read_bytes()), friday, friday.replace(hour=23), BRUSSELS)
        assert [(o.summary, o.start.hour) for o in moved] == [("Coffee with Dana", 15)]
        [envelope] = inbox.received
        assert envelope.rcpt_tos == ["dana.reyes@example.net"]
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content or b"")
        assert str(message["subject"]) == "Our coffee moves to Friday"


def test_a_name_that_is_not_one_contact_goes_back_to_the_model(
    tmp_path: Path, isolated_folders: Paths
) -> None:
    with smtp_server() as (port, inbox):
        add_sources(tmp_path, port)
        model = ScriptedModel(
            [call("send_mail", to="Ana", subject="hi", text="hello"), "Who is Ana?"]
        )
        fam = build_app(model=model, clock=fixed_clock(NOW), confirmer=Answers(True))
        try:
            answer = fam.agent().run(Request("email Ana hello")).answer
        finally:
            fam.close()
        assert answer == "Who is Ana?" and inbox.received == []
        told = [m.content for m in model.requests[1].messages if m.role == "tool"][-1]
        assert "no contact called 'Ana' has an email address; ask the user for it" in told
