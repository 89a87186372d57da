"""Mail from an IMAP server, read with the stdlib's imaplib, message by message.

Each message is known by an RFC 5092 URL holding its folder's UIDVALIDITY and its UID
(`imap://ana@host:993/INBOX;UIDVALIDITY=7/;UID=42`). A UID is never reused while the
UIDVALIDITY stays the same, so a resync lists the UIDs (a few bytes each) and fetches
only those it has not seen; when the server changes a folder's UIDVALIDITY, every
known URL of that folder is gone and every message in it is new: a full resync of
that folder. Folders are only examined (read-only) and bodies fetched with PEEK, so
syncing marks nothing as read. Messages are parsed exactly like Maildir files.
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, tzinfo
from types import TracebackType

from familiar.errors import ExternalError, UserError
from familiar.integrations.base import Parsed
from familiar.integrations.mail import message
from familiar.integrations.servers import Server, parse_server, reason, tls_context
from familiar.integrations.sources import SourceEntry, password

FETCH_CHUNK = 100  # messages per UID FETCH: one round trip each, bounded memory
TIMEOUT = 30.0
_WHAT = "(UID INTERNALDATE RFC822.SIZE BODY.PEEK[])"  # PEEK: syncing marks nothing read
_LIST = re.compile(rb'^\((?P<flags>[^)]*)\) (?P<sep>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)$')
_FIELD = re.compile(rb"(UID|RFC822\.SIZE) (\d+)|INTERNALDATE \"([^\"]+)\"")


def _unquote(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = re.sub(r"\\(.)", r"\1", text[1:-1])
    return text


def folder_name(raw: str) -> str:
    """A folder name as people read it: IMAP sends non-ASCII in modified UTF-7 (RFC 3501)."""

    def decode(match: re.Match[str]) -> str:
        if not match[1]:
            return "&"  # "&-" is a literal ampersand
        data = match[1].replace(",", "/")
        return base64.b64decode(data + "=" * (-len(data) % 4)).decode("utf-16-be", "replace")

    try:
        return re.sub(r"&([A-Za-z0-9+,]*)-", decode, raw)
    except ValueError:  # not valid modified UTF-7: show it as the server sent it
        return raw


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _internaldate(raw: bytes, fallback: datetime) -> datetime:
    try:
        return datetime.strptime(raw.decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return fallback


class ImapReader:
    """One logged-in connection to a source's IMAP server (a context manager)."""

    def __init__(self, name: str, entry: SourceEntry, tz: tzinfo) -> None:
        self.name = name
        self.entry = entry
        self.tz = tz
        self.server: Server = parse_server(entry.url or "", "imap")
        self.user = entry.username or ""
        self.base = f"imap://{self.user}@{self.server.describe()}/"
        self._conn: imaplib.IMAP4 | None = None

    def __enter__(self) -> ImapReader:
        if not self.user:
            raise UserError(f"source {self.name}: set its username for the IMAP login")
        secret = password(self.entry)
        server = self.server
        try:
            if server.security == "tls":
                conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    server.host, server.port, ssl_context=tls_context(), timeout=TIMEOUT
                )
            else:
                conn = imaplib.IMAP4(server.host, server.port, timeout=TIMEOUT)
                if server.security == "starttls":
                    conn.starttls(tls_context())
        except (OSError, imaplib.IMAP4.error) as exc:
            raise ExternalError(
                f"source {self.name}: cannot reach the IMAP server {server.describe()}"
                f" ({reason(exc, TIMEOUT)}); nothing was changed"
            ) from None
        self._conn = conn
        try:
            conn.login(self.user, secret)
        except imaplib.IMAP4.error as exc:
            self._close()
            raise UserError(
                f"source {self.name}: the IMAP server refused the login for {self.user}"
                f" ({reason(exc, TIMEOUT)}); check its password reference"
            ) from None
        except OSError as exc:
            self._close()
            raise self._lost(exc) from None
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._close()

    def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                self._conn.logout()
            self._conn = None

    def _lost(self, exc: BaseException) -> ExternalError:
        return ExternalError(
            f"source {self.name}: the IMAP server {self.server.describe()} failed"
            f" ({reason(exc, TIMEOUT)}); what was synced before is kept"
        )

    def _run(self, command: str, *args: str | bytes) -> list[object]:
        """One IMAP command (imaplib's method of that name); its data, or an ExternalError."""
        assert self._conn is not None, "use ImapReader as a context manager"
        try:
            status, data = getattr(self._conn, command.lower())(*args)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise self._lost(exc) from None
        if status != "OK":
            first = args[0] if args and isinstance(args[0], str) else ""
            raise self._lost(RuntimeError(f"{command} {first}: {data!r}"))
        return list(data)

    def folders(self) -> list[str]:
        """Every folder that holds messages, as the server names them."""
        return sorted(self._listing(), key=lambda f: (f.upper() != "INBOX", f))

    def _listing(self) -> dict[str, bytes]:
        """Selectable folders and their LIST attributes (lowercased)."""
        found = {}
        for line in self._run("LIST", '""', "*"):
            if isinstance(line, tuple):  # a name sent as a literal: "{5}" then the bytes
                head, name = line
                line = re.sub(rb"\{\d+\}$", b"", head) + _quote(name.decode()).encode()
            match = _LIST.match(line) if isinstance(line, bytes) else None
            if match is None or b"\\noselect" in match["flags"].lower():
                continue
            found[_unquote(match["name"])] = match["flags"].lower()
        return found

    def append_sent(self, data: bytes, at: datetime) -> str:
        """Keep a sent message in the account's Sent folder (made if missing), seen; its name."""
        listing = self._listing()
        marked = [f for f, flags in listing.items() if b"\\sent" in flags]
        named = [f for f in listing if f.rsplit(".", 1)[-1].rsplit("/", 1)[-1].lower() == "sent"]
        folder = (marked or named or ["Sent"])[0]
        if folder not in listing:
            self._run("CREATE", _quote(folder))
        self._run("APPEND", _quote(folder), "(\\Seen)", imaplib.Time2Internaldate(at), data)
        return folder

    def _select(self, folder: str) -> int:
        """Examine a folder (read-only); its UIDVALIDITY."""
        assert self._conn is not None
        try:
            status, data = self._conn.select(_quote(folder), readonly=True)
            validity = self._conn.response("UIDVALIDITY")[1]
        except (OSError, imaplib.IMAP4.error) as exc:
            raise self._lost(exc) from None
        if status != "OK" or not validity or validity[0] is None:
            raise self._lost(RuntimeError(f"cannot open folder {folder}: {data}"))
        return int(validity[-1])

    def url(self, folder: str, validity: int, uid: int) -> str:
        """The RFC 5092 URL of one message."""
        return f"{self.base}{folder};UIDVALIDITY={validity}/;UID={uid}"

    def present(self) -> dict[str, tuple[str, int]]:
        """Every message on the server now: URL -> (folder, UID)."""
        found: dict[str, tuple[str, int]] = {}
        for folder in self.folders():
            validity = self._select(folder)
            uids = b" ".join(u for u in self._run("UID", "SEARCH", "ALL") if isinstance(u, bytes))
            for uid in (int(u) for u in uids.split()):
                found[self.url(folder, validity, uid)] = (folder, uid)
        return found

    def fetch(self, wanted: Iterable[tuple[str, int]]) -> Iterator[tuple[str, int, Parsed]]:
        """(URL, size, parsed message) for each (folder, UID), read folder by folder."""
        by_folder: dict[str, list[int]] = {}
        for folder, uid in wanted:
            by_folder.setdefault(folder, []).append(uid)
        for folder, uids in by_folder.items():
            validity = self._select(folder)
            uids.sort()
            for start in range(0, len(uids), FETCH_CHUNK):
                chunk = ",".join(str(u) for u in uids[start : start + FETCH_CHUNK])
                data = self._run("UID", "FETCH", chunk, _WHAT)
                for part in data:
                    if not isinstance(part, tuple):
                        continue  # the closing ")" of each message
                    head, body = part
                    uid, size, at = self._fields(head)
                    # IMAP sends CRLF; as a Maildir file (LF) the text reads the same
                    text = body.replace(b"\r\n", b"\n")
                    parsed = message(text, folder_name(folder), at, self.tz)
                    yield self.url(folder, validity, uid), size, parsed

    @staticmethod
    def _fields(head: bytes) -> tuple[int, int, datetime]:
        uid, size, at = 0, 0, datetime.now(UTC)
        for match in _FIELD.finditer(head):
            if match[1] == b"UID":
                uid = int(match[2])
            elif match[1] == b"RFC822.SIZE":
                size = int(match[2])
            else:
                at = _internaldate(match[3], at)
        return uid, size, at
