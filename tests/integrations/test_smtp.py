"""Sending mail through a real SMTP server (aiosmtpd on loopback), via the agent and dispatcher."""

from __future__ import annotations

import imaplib
from collections.abc import Callable, Iterator
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from mailservers import Inbox, dovecot, free_port, smtp_server
from srchelpers import found, invoke

from familiar.app import build_app
from familiar.clock import fixed_clock
from familiar.config import Paths
from familiar.kernel.agent import Request
from familiar.models.scripted import ScriptedModel, Step, call
from familiar.security.policy import Effect
from familiar.testing.confirm import Answers

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=BRUSSELS)
ME = "Miguel Gonçalves <miguel.goncalves@correio.example>"
MARTA = "Marta Gonçalves <marta.goncalves@post.example>"
SUBJECT = "Almoço no sábado — às 13h?"
TEXT = "Olá Marta,\nSim, vou! Levo o bolo de laranja. Até sábado 🙂\nMiguel"
_PARSER = BytesParser(policy=policy.default)


def _run(text: str, steps: list[Step], confirmer: Answers) -> tuple[str, str]:
    """One request through the agent; its answer, and what the last tool said to the model."""
    model = ScriptedModel(steps)
    fam = build_app(model=model, clock=fixed_clock(NOW), confirmer=confirmer)
    try:
        answer = fam.agent().run(Request(text)).answer
    finally:
        fam.close()
    tool_said = [m.content for m in model.requests[-1].messages if m.role == "tool"]
    return answer, tool_said[-1] if tool_said else ""


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def account(copy_of: Callable[[str], Path], isolated_folders: Paths) -> Callable[..., Path]:
    """The person's mail as a source that sends through the given SMTP URL; its Maildir."""

    def add(url: str, *options: str) -> Path:
        mail = copy_of("mail")
        invoke("config", "set", "timezone", "Europe/Brussels")
        code, out = invoke(
            "sources", "add", "mail", str(mail), "--smtp", url, "--address", ME, *options
        )
        assert code == 0, out
        assert invoke("sources", "add", "contacts", str(copy_of("contacts")))[0] == 0
        code, out = invoke("sources", "sync", "--no-embed")
        assert code == 0, out
        return mail / "Maildir"

    return add


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    with smtp_server() as running:
        yield running


def _received(inbox: Inbox, n: int) -> EmailMessage:
    message = _PARSER.parsebytes(inbox.received[n].original_content or b"")
    assert isinstance(message, EmailMessage)
    return message


def test_send_mail_asks_then_the_server_gets_it_encoded_and_sent_keeps_it(
    account: Callable[..., Path], smtp: tuple[int, Inbox], isolated_folders: Paths
) -> None:
    port, inbox = smtp
    maildir = account(f"smtp://127.0.0.1:{port}")
    sent_before = set((maildir / ".Sent" / "cur").iterdir())
    assert SUBJECT not in found(isolated_folders, "bolo laranja", "mail")
    confirmer = Answers(True)
    steps: list[Step] = [call("send_mail", to=MARTA, subject=SUBJECT, text=TEXT)]
    answer, _ = _run("tell Marta I'll come on Saturday", steps, confirmer)
    assert answer == f"Sent to {MARTA}: {SUBJECT}."
    [asked] = confirmer.asked
    assert asked.tool == "send_mail" and asked.effect is Effect.EXTERNAL
    assert dict(asked.arguments) == {"to": MARTA, "subject": SUBJECT, "text": TEXT, "account": ""}

    [envelope] = inbox.received
    assert envelope.mail_from == "miguel.goncalves@correio.example"
    assert envelope.rcpt_tos == ["marta.goncalves@post.example"]
    raw = envelope.original_content or b""
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # non-ASCII names and subject travel as RFC 2047 encoded words
    got = _received(inbox, 0)
    assert str(got["subject"]) == SUBJECT
    assert str(got["from"]) == ME and str(got["to"]) == MARTA
    assert parsedate_to_datetime(str(got["date"])) == NOW
    assert str(got["message-id"]).endswith("@correio.example>")
    body = got.get_body()
    assert body is not None and body.get_content().replace("\r\n", "\n") == TEXT + "\n"
    assert body.get_content_charset() == "utf-8"

    [kept] = set((maildir / ".Sent" / "cur").iterdir()) - sent_before
    assert kept.name.endswith(":2,S")
    copy = _PARSER.parsebytes(kept.read_bytes())
    assert str(copy["message-id"]) == str(got["message-id"])
    assert SUBJECT in found(isolated_folders, "bolo laranja", "mail")  # synced into memory


def test_a_refused_confirmation_sends_nothing_and_keeps_nothing(
    account: Callable[..., Path], smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    maildir = account(f"smtp://127.0.0.1:{port}")
    before = _files(maildir)
    steps: list[Step] = [call("send_mail", to=MARTA, subject=SUBJECT, text=TEXT), "Not sent."]
    answer, tool_said = _run("tell Marta I'll come", steps, Answers(False))
    assert answer == "Not sent." and "the user did not approve send_mail" in tool_said
    assert inbox.received == []
    assert _files(maildir) == before


def _draft(maildir: Path) -> tuple[Path, EmailMessage]:
    steps: list[Step] = [call("draft_reply", person="the landlord", text="I'll pay on the 5th.")]
    answer, _ = _run("draft a reply to the landlord saying I'll pay on the 5th", steps, Answers())
    assert answer.startswith("Draft saved in Drafts, not sent")
    [path] = (maildir / ".Drafts" / "cur").iterdir()
    draft = _PARSER.parsebytes(path.read_bytes())
    assert isinstance(draft, EmailMessage)
    return path, draft


def test_send_draft_sends_the_threaded_reply_and_moves_it_from_drafts_to_sent(
    account: Callable[..., Path], smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    maildir = account(f"smtp://127.0.0.1:{port}")
    _, draft = _draft(maildir)
    sent_before = set((maildir / ".Sent" / "cur").iterdir())
    subject = str(draft["subject"])
    confirmer = Answers(True)
    answer, _ = _run(
        "send it", [call("send_draft", to="samir", subject=subject.upper())], confirmer
    )
    assert answer == f"Sent the draft to {draft['to']}: {subject}."
    assert [a.tool for a in confirmer.asked] == ["send_draft"]
    got = _received(inbox, 0)
    assert str(got["in-reply-to"]) == str(draft["in-reply-to"])
    assert str(got["references"]) == str(draft["references"])
    assert str(got["subject"]) == subject and str(got["to"]) == str(draft["to"])
    assert "I'll pay on the 5th." in got.get_body().get_content()  # type: ignore[union-attr]
    assert not list((maildir / ".Drafts" / "cur").iterdir())  # no longer a draft
    [kept] = set((maildir / ".Sent" / "cur").iterdir()) - sent_before
    assert _PARSER.parsebytes(kept.read_bytes())["message-id"] == got["message-id"]


def test_a_server_that_is_down_sends_nothing_keeps_the_draft_and_says_so(
    account: Callable[..., Path],
) -> None:
    port = free_port()  # nobody listens there
    maildir = account(f"smtp://127.0.0.1:{port}")
    path, draft = _draft(maildir)
    before = _files(maildir)
    steps: list[Step] = [call("send_draft", to="samir", subject=str(draft["subject"])), "Failed."]
    _, tool_said = _run("send it", steps, Answers(True))
    assert tool_said == (
        f"send_draft failed: cannot reach the SMTP server 127.0.0.1:{port}"
        " (Connection refused); nothing was sent"
    )
    assert _files(maildir) == before and path.exists()  # the draft stays, Sent has no copy


# AUTH over plain SMTP is what this loopback server offers; aiosmtpd warns about it
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_a_login_uses_the_password_reference_and_a_wrong_one_is_refused_clearly(
    account: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAMILIAR_TEST_SMTP", "s3cret")
    with smtp_server(login=("miguel", "s3cret")) as (port, inbox):
        maildir = account(
            f"smtp://127.0.0.1:{port}",
            "--username",
            "miguel",
            "--password-env",
            "FAMILIAR_TEST_SMTP",
        )
        steps: list[Step] = [call("send_mail", to=MARTA, subject=SUBJECT, text=TEXT)]
        answer, _ = _run("tell Marta", steps, Answers(True))
        assert answer.startswith("Sent to ") and len(inbox.received) == 1
        before = _files(maildir)

        monkeypatch.setenv("FAMILIAR_TEST_SMTP", "wrong")
        _, tool_said = _run("tell Marta", [*steps, "Failed."], Answers(True))
        assert tool_said.startswith(
            f"send_mail failed: the SMTP server 127.0.0.1:{port} refused the login for miguel (535"
        ), tool_said
        assert tool_said.endswith("nothing was sent; check the source's password reference")
        assert len(inbox.received) == 1 and _files(maildir) == before


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_an_imap_account_sends_with_its_login_and_keeps_the_copy_in_its_sent_folder(
    isolated_folders: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAMILIAR_TEST_IMAP", "pw")
    with dovecot() as server, smtp_server(login=("eve", "pw")) as (port, inbox):
        server.add_user("eve", "pw")
        code, out = invoke(
            "sources", "add", "imap", f"imap://127.0.0.1:{server.port}", "--username", "eve",
            "--password-env", "FAMILIAR_TEST_IMAP",
            "--smtp", f"smtp://127.0.0.1:{port}", "--address", ME,
        )  # fmt: skip
        assert code == 0, out
        assert invoke("sources", "sync", "--no-embed")[0] == 0
        steps: list[Step] = [call("send_mail", to=MARTA, subject=SUBJECT, text=TEXT)]
        answer, _ = _run("tell Marta", steps, Answers(True))
        assert answer == f"Sent to {MARTA}: {SUBJECT}."
        sent_id = str(_received(inbox, 0)["message-id"])
        conn = imaplib.IMAP4("127.0.0.1", server.port)
        conn.login("eve", "pw")
        conn.select("Sent", readonly=True)
        _, data = conn.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        conn.logout()
        [(head, header)] = [part for part in data if isinstance(part, tuple)]
        assert b"\\Seen" in head and sent_id.encode() in header
        assert found(isolated_folders, "bolo laranja", "imap") == [SUBJECT]  # resynced
        _, listing = invoke("sources", "list")
        assert f"  sends through smtp://127.0.0.1:{port} as {ME}\n" in listing


def test_a_sending_source_is_checked_when_added_with_one_line_errors(
    isolated_folders: Paths, tmp_path: Path
) -> None:
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for options, said in [
        (["--smtp", "smtps://mail.example.org"], "give --smtp and --address together"),
        (["--smtp", "smtp://mail.example.org", "--address", ME], "would send your password in"),
        (["--smtp", "smtps://mail.example.org", "--address", "a@x.org, b@x.org"], "not one mail"),
    ]:
        code, out = invoke("sources", "add", "mail", str(maildir), *options)
        assert code == 1 and out.startswith("error: ") and said in out, out
        assert len(out.strip().splitlines()) == 1, out
    assert not isolated_folders.config_file.exists()  # nothing was added
    code, out = invoke(
        "sources",
        "add",
        "mail",
        str(maildir),
        "--smtp",
        "smtps://mail.example.org",
        "--address",
        ME,
    )
    assert code == 0, out
    _, listing = invoke("sources", "list")
    assert f"  sends through smtps://mail.example.org as {ME}\n" in listing
