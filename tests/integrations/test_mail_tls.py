"""IMAPS, IMAP STARTTLS, SMTPS and SMTP STARTTLS with a certificate the client must check."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from mailservers import dovecot, self_signed, smtp_server

from familiar.config import Paths, Settings
from familiar.errors import ExternalError
from familiar.integrations.smtp import send
from familiar.integrations.sources import SourceEntry
from familiar.integrations.sync import Syncer
from familiar.memory import open_memory
from familiar.store import Store


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def trusted(cert: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(cert[0]))  # as a user adds their own CA


def _sync(paths: Paths, entry: SourceEntry) -> int:
    store = Store(paths.db_file)
    memory = open_memory(store, paths, Settings(), lambda: datetime.now(UTC), UTC)
    try:
        return Syncer(memory, store.sync_state(), UTC).sync("imap", entry).items
    finally:
        memory.close()
        store.close()


@pytest.fixture
def imap_tls(
    cert: tuple[Path, Path], person_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[int, int]]:
    monkeypatch.setenv("FAMILIAR_TEST_IMAP", "pw")
    with dovecot(cert) as server:
        server.add_user("ana", "pw", person_dir / "mail" / "Maildir" / ".Newsletters")
        yield server.port, server.tls_port


def _imap(url: str) -> SourceEntry:
    return SourceEntry(kind="imap", url=url, username="ana", password_env="FAMILIAR_TEST_IMAP")


def test_imaps_and_starttls_sync_when_the_certificate_is_trusted(
    imap_tls: tuple[int, int], trusted: None, person_dir: Path, isolated_folders: Paths
) -> None:
    port, tls_port = imap_tls
    messages = len(list((person_dir / "mail/Maildir/.Newsletters/cur").iterdir()))
    assert _sync(isolated_folders, _imap(f"imaps://127.0.0.1:{tls_port}")) == messages
    starttls = _imap(f"imap+starttls://127.0.0.1:{port}")
    assert _sync(isolated_folders, starttls) == messages  # another server URL: all anew


def test_an_untrusted_certificate_is_refused_clearly(
    imap_tls: tuple[int, int], isolated_folders: Paths
) -> None:
    with pytest.raises(ExternalError, match="certificate verify failed") as caught:
        _sync(isolated_folders, _imap(f"imaps://127.0.0.1:{imap_tls[1]}"))
    assert str(caught.value).startswith(
        f"source imap: cannot reach the IMAP server 127.0.0.1:{imap_tls[1]} ("
    )


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "hi"
    message.set_content("over TLS")
    return message


@pytest.mark.parametrize("starttls", [False, True], ids=["smtps", "starttls"])
def test_smtp_over_tls_sends_when_the_certificate_is_trusted(
    cert: tuple[Path, Path], trusted: None, starttls: bool
) -> None:
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(*cert)
    with smtp_server(tls=server_tls, starttls=starttls) as (port, inbox):
        scheme = "smtp+starttls" if starttls else "smtps"
        entry = SourceEntry.model_validate(
            {"kind": "mail", "path": "/mail", "smtp": {"url": f"{scheme}://127.0.0.1:{port}",
             "address": "a@example.org"}}
        )  # fmt: skip
        assert send("mail", entry, _message()) == []
        assert [e.rcpt_tos for e in inbox.received] == [["b@example.org"]]
