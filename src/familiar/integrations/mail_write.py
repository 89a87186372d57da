"""Drafting replies into the user's Maildir: nothing is sent, the user's mail client shows it.

A draft is written into the Maildir++ folder `.Drafts` (created if missing) with the
Draft flag, through the stdlib's `mailbox`, which writes into tmp/ and renames into
cur/, so a crash never leaves half a message where a mail client looks.
"""

from __future__ import annotations

import mailbox
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid
from pathlib import Path

from familiar.errors import UserError
from familiar.integrations.mail import body_text

_PARSER = BytesParser(policy=policy.default)


def original(path: Path, message_id: str) -> EmailMessage:
    """A message by its file (Maildir) or by its Message-ID inside an mbox."""
    try:
        if path.parent.name in ("cur", "new"):
            found = _PARSER.parsebytes(path.read_bytes())
            assert isinstance(found, EmailMessage)
            return found
        box = mailbox.mbox(path, create=False)
        try:
            for key in box.iterkeys():
                message = _PARSER.parsebytes(box.get_bytes(key))
                if str(message.get("message-id") or "").strip() == message_id:
                    assert isinstance(message, EmailMessage)
                    return message
        finally:
            box.close()
    except OSError as exc:
        raise UserError(f"the message cannot be read: {exc.strerror or exc}") from None
    raise UserError(f"the message {message_id} is no longer in {path.name}")


def maildir_of(path: Path) -> Path:
    """The top Maildir a message file belongs to (its INBOX, above any .Folder)."""
    folder = path.parent.parent
    return folder.parent if folder.name.startswith(".") else folder


def reply(to_message: EmailMessage, text: str, sent_by_me: bool, now: datetime) -> EmailMessage:
    """A reply to a message: addressed, threaded (In-Reply-To, References) and quoted."""
    message = EmailMessage()
    if sent_by_me:  # following up on one's own message: same people, same direction
        message["From"], message["To"] = str(to_message["from"]), str(to_message["to"])
    else:
        me = to_message.get("to")
        if me is not None:
            message["From"] = str(me.addresses[0]) if me.addresses else str(me)
        message["To"] = str(to_message.get("reply-to") or to_message["from"])
    subject = " ".join(str(to_message.get("subject") or "").split())
    message["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain="familiar.draft")
    parent = str(to_message.get("message-id") or "").strip()
    if parent:
        chain = str(to_message.get("references") or "").split()
        message["In-Reply-To"] = parent
        message["References"] = " ".join([*chain, parent])
    try:
        quoted = "\n".join(f"> {line}" for line in body_text(to_message).strip().splitlines())
    except (LookupError, ValueError):
        quoted = ""
    when = str(to_message.get("date") or "")
    who = str(to_message.get("from") or "")
    message.set_content(f"{text.strip()}\n\nOn {when}, {who} wrote:\n{quoted}\n")
    return message


def _save(maildir: Path, folder: str, message: EmailMessage, flags: str) -> Path:
    """Put a message into a Maildir++ folder (created if missing); returns its file."""
    try:
        box = mailbox.Maildir(maildir, create=False)
        try:
            into = box.get_folder(folder)
        except mailbox.NoSuchMailboxError:
            into = box.add_folder(folder)
        entry = mailbox.MaildirMessage(message)
        entry.set_subdir("cur")
        entry.set_flags(flags)
        key = into.add(entry)  # written in tmp/, then renamed into cur/
    except OSError as exc:
        raise UserError(f"the message could not be saved in {maildir}/.{folder}: {exc}") from None
    [path] = (maildir / f".{folder}" / "cur").glob(f"{key}*")
    return path


def save_draft(maildir: Path, message: EmailMessage) -> Path:
    """Put a message into the Maildir's Drafts folder; returns its file."""
    return _save(maildir, "Drafts", message, "DS")


def save_sent(maildir: Path, message: EmailMessage) -> Path:
    """Keep a sent message in the Maildir's Sent folder, marked seen; returns its file."""
    return _save(maildir, "Sent", message, "S")


def drafts(maildir: Path) -> list[tuple[Path, EmailMessage]]:
    """The messages in a Maildir's Drafts folder, newest file first."""
    folder = maildir / ".Drafts"
    found = [p for sub in ("cur", "new") for p in (folder / sub).glob("*") if p.is_file()]
    found.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    parsed = []
    for path in found:
        message = _PARSER.parsebytes(path.read_bytes())
        assert isinstance(message, EmailMessage)
        parsed.append((path, message))
    return parsed


def discard_draft(path: Path) -> None:
    """Remove a draft that was sent (by its Maildir key, as a mail client would)."""
    drafts = mailbox.Maildir(path.parent.parent, factory=None, create=False)
    drafts.discard(path.name.split(mailbox.Maildir.colon, 1)[0])


def find_maildir(root: Path) -> Path | None:
    """The Maildir a mail source holds: its root, or the first Maildir below it."""
    if (root / "cur").is_dir():
        return root
    for sub in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else ():
        if not sub.name.startswith(".") and (sub / "cur").is_dir():
            return sub
    return None
