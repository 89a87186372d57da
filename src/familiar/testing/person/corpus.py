"""Everything generated, collected in memory first so several storylines can share a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parseaddr
from pathlib import Path

from familiar.testing.person.ical import Event, calendar_bytes
from familiar.testing.person.manifest import Manifest

MAILDIR = "mail/Maildir"
MBOX = "mail/archive.mbox"
FOLDERS = {
    "INBOX": MAILDIR,
    "Sent": f"{MAILDIR}/.Sent",
    "Archive": f"{MAILDIR}/.Archive",
    "Newsletters": f"{MAILDIR}/.Newsletters",
}


@dataclass
class Mail:
    """One stored message and where it lives."""

    folder: str  # a Maildir folder name, or "mbox"
    raw: bytes
    message_id: str
    date: datetime  # aware
    path: str  # relative to the output directory
    broken_reason: str | None = None


@dataclass
class Corpus:
    """Calendars, mails and plain files, keyed by their path relative to the output."""

    seed: int
    calendars: dict[str, tuple[str, list[Event]]] = field(default_factory=dict)
    mails: list[Mail] = field(default_factory=list)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)  # path -> reason
    unread_after: datetime | None = None

    def event(self, path: str, name: str, event: Event) -> Event:
        """Add an event to a calendar file, creating the calendar on first use."""
        self.calendars.setdefault(path, (name, []))[1].append(event)
        return event

    def mail(
        self,
        folder: str,
        raw: bytes,
        message_id: str,
        date: datetime,
        broken_reason: str | None = None,
    ) -> str:
        """Store a message; returns its path (stable: from its date and arrival order)."""
        if folder == "mbox":
            path = MBOX
        else:
            utc = date.astimezone(UTC)
            unread = (
                folder == "INBOX" and self.unread_after is not None and utc >= self.unread_after
            )
            name = f"{int(utc.timestamp())}.M{len(self.mails):04d}P{self.seed}.familiar"
            sub = "new" if unread else "cur"
            flags = "" if unread else ":2,S"  # S: seen
            path = f"{FOLDERS[folder]}/{sub}/{name}{flags}"
        self.mails.append(Mail(folder, raw, message_id, date, path, broken_reason))
        return path

    def file(self, path: str, data: bytes, kind: str, broken: str | None = None) -> str:
        """Add a plain file (note, document, device payload)."""
        if path in self.files:
            raise ValueError(f"file written twice: {path}")
        self.files[path] = (data, kind)
        if broken:
            self.broken[path] = broken
        return path

    def write(self, out: Path, manifest: Manifest) -> None:
        """Write everything under `out` and record each file in the manifest."""
        for path, (name, events) in sorted(self.calendars.items()):
            self._put(out, path, calendar_bytes(name, events), "icalendar", manifest)
        for folder in sorted(FOLDERS):
            for sub in ("cur", "new", "tmp"):
                (out / FOLDERS[folder] / sub).mkdir(parents=True, exist_ok=True)
            if folder != "INBOX":
                # Maildir++ marks subfolders with this empty file.
                (out / FOLDERS[folder] / "maildirfolder").write_bytes(b"")
        mbox: list[bytes] = []
        for m in self.mails:
            if m.folder == "mbox":
                sender = parseaddr(_header(m.raw, "From"))[1] or "MAILER-DAEMON"
                stamp = m.date.astimezone(UTC).strftime("%a %b %d %H:%M:%S %Y")
                body = b"\n".join(
                    b">" + line if line.startswith((b"From ", b">From ")) else line
                    for line in m.raw.split(b"\n")
                )
                mbox.append(f"From {sender} {stamp}\n".encode() + body.rstrip(b"\n") + b"\n\n")
                continue
            kind = "mail" if m.broken_reason is None else "mail-broken"
            self._put(out, m.path, m.raw, kind, manifest, m.broken_reason)
        if mbox:
            self._put(out, MBOX, b"".join(mbox), "mbox", manifest)
        for path, (data, kind) in sorted(self.files.items()):
            self._put(out, path, data, kind, manifest, self.broken.get(path))

    @staticmethod
    def _put(
        out: Path, path: str, data: bytes, kind: str, manifest: Manifest, broken: str | None = None
    ) -> None:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        manifest.add_file(path, kind, broken=broken is not None, reason=broken)


def _header(raw: bytes, name: str) -> str:
    for line in raw.split(b"\n"):
        if not line:
            break
        if line.lower().startswith(name.lower().encode() + b":"):
            return line.split(b":", 1)[1].strip().decode("utf-8", "replace")
    return ""
