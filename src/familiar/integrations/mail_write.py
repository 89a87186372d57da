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


def save_draft(maildir: Path, message: EmailMessage) -> Path:
    """Put a message into the Maildir's Drafts folder; returns its file."""
    try:
        box = mailbox.Maildir(maildir, create=False)
        try:
            drafts = box.get_folder("Drafts")
        except mailbox.NoSuchMailboxError:
            drafts = box.add_folder("Drafts")
        entry = mailbox.MaildirMessage(message)
        entry.set_subdir("cur")
        entry.set_flags("DS")
        key = drafts.add(entry)
    except OSError as exc:
        raise UserError(f"the draft could not be saved in {maildir}: {exc}") from None
    [path] = (maildir / ".Drafts" / "cur").glob(f"{key}*")
    return path
