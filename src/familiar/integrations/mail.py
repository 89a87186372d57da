"""Mail from Maildir (Maildir++ folders too) and mbox files, read with the stdlib.

Each message becomes a timeline entry: sender, recipients, subject, date, folder, thread
and attachment names and types, then its text (the plain part, or the HTML part's
visible text), decoded from its declared charset. A message that cannot be decoded is
skipped with its reason; the others in the same mbox still count.
"""

from __future__ import annotations

import mailbox
import os
from datetime import UTC, datetime, tzinfo
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from familiar.integrations.base import Driver, Entry, Parsed, clip, entry_lines
from familiar.memory.parsers import SkipFile, parse_html

BODY_CHARS = 3000  # of a message's text kept on the timeline; the search unit is the message
_PARSER = BytesParser(policy=policy.default)


def files(root: Path) -> list[Path]:
    """Message files of Maildirs (with their .Folder subfolders) and mbox files under root."""
    if not root.is_dir():
        return [root]
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        if here.name in ("cur", "new") and (here.parent / "cur").is_dir():
            found.extend(here / n for n in sorted(names) if not n.startswith("."))
            dirs[:] = []
            continue
        maildir = (here / "cur").is_dir()
        # Maildir++ keeps folders as hidden subfolders (.Sent); elsewhere hidden means skip.
        dirs[:] = sorted(d for d in dirs if d != "tmp" and (not d.startswith(".") or maildir))
        found.extend(here / n for n in sorted(names) if n.endswith(".mbox") or n == "mbox")
    return found


def _folder(path: Path) -> str:
    if path.parent.name in ("cur", "new"):
        name = path.parent.parent.name
        return name.lstrip(".") if name.startswith(".") else "INBOX"
    return path.stem


def _addresses(message: EmailMessage, name: str) -> str:
    header = message.get(name)
    if header is None:
        return ""
    try:
        found = header.addresses
    except AttributeError:
        return str(header)
    return ", ".join(
        f"{a.display_name} <{a.addr_spec}>" if a.display_name else a.addr_spec for a in found
    )


def _date(message: EmailMessage, fallback: datetime) -> datetime:
    raw = message.get("date")
    if raw is None:
        return fallback
    try:
        moment = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError):
        return fallback
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _ids(value: object) -> list[str]:
    return [part for part in str(value or "").split() if part.startswith("<")]


def thread_id(message: EmailMessage) -> str:
    """The thread's root message id: the first of References, else In-Reply-To, else its own."""
    chain = _ids(message.get("references")) or _ids(message.get("in-reply-to"))
    own = str(message.get("message-id") or "").strip()
    return (chain[0] if chain else own).strip("<>")


def body_text(message: EmailMessage) -> str:
    """The message's readable text; LookupError/ValueError when it cannot be decoded."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if isinstance(content, bytes):
        return ""
    if part.get_content_subtype() == "html":
        try:
            page = parse_html(Path("mail.html"), content.encode("utf-8"))
        except SkipFile:
            return ""
        return "\n\n".join(s.text for s in page.sections)
    return str(content)


def attachments(message: EmailMessage) -> list[str]:
    """'name (type)' for each attachment, nested messages included."""
    found = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() != "attachment":
            continue
        name = part.get_filename() or "unnamed"
        found.append(f"{name} ({part.get_content_type()})")
    return found


def entry(message: EmailMessage, folder: str, fallback: datetime, tz: tzinfo) -> Entry:
    """One message as a timeline entry."""
    subject = " ".join(str(message.get("subject") or "").split()) or "(no subject)"
    text = body_text(message)
    at = _date(message, fallback)
    head = entry_lines(
        [
            ("From", _addresses(message, "from")),
            ("To", _addresses(message, "to")),
            ("Cc", _addresses(message, "cc")),
            ("Date", at.strftime("%a %Y-%m-%d %H:%M %z")),  # as sent; the item's time is exact
            ("Folder", folder),
            ("Message-ID", str(message.get("message-id") or "").strip()),
            ("Thread", thread_id(message)),
            ("Attachments", ", ".join(attachments(message))),
        ]
    )
    body = clip(text, BODY_CHARS)
    return Entry(
        title=subject,
        text=f"Mail: {subject}\n{head}\n\n{body}".rstrip(),
        at=at,
        tags=("mail", f"folder:{folder.lower()}"),
    )


def _one(data: bytes, folder: str, fallback: datetime, tz: tzinfo) -> Entry:
    message = _PARSER.parsebytes(data)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise ValueError("no mail headers")
    try:
        return entry(message, folder, fallback, tz)
    except LookupError as exc:  # an unknown charset
        raise ValueError(f"undecodable: {exc}") from None


def message(data: bytes, folder: str, fallback: datetime, tz: tzinfo) -> Parsed:
    """One message (a Maildir file, an IMAP message) as an entry, or skipped with the reason."""
    try:
        return Parsed(entries=[_one(data, folder, fallback, tz)])
    except (ValueError, TypeError, AttributeError) as exc:
        return Parsed(skips=[("", f"unreadable message: {exc}")])


def parse(path: Path, data: bytes, tz: tzinfo) -> Parsed:
    """A message file, or every message of an mbox, as timeline entries."""
    fallback = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    folder = _folder(path)
    if path.parent.name in ("cur", "new"):
        parsed = message(data, folder, fallback, tz)
        if parsed.skips:
            raise SkipFile(parsed.skips[0][1])
        return parsed
    if not data.startswith(b"From "):
        raise SkipFile("not an mbox file (it does not start with a 'From ' line)")
    parsed = Parsed()
    box = mailbox.mbox(path, create=False)
    try:
        for n, key in enumerate(box.iterkeys(), 1):
            raw = box.get_bytes(key)
            try:
                parsed.entries.append(_one(raw, folder, fallback, tz))
            except (ValueError, TypeError, AttributeError) as exc:
                ident = _PARSER.parsebytes(raw, headersonly=True).get("message-id")
                parsed.skips.append((str(ident or f"message {n}"), str(exc)))
    finally:
        box.close()
    return parsed


DRIVER = Driver(kind="mail", files=files, parse=parse)
