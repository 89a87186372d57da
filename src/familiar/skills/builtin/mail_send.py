"""Sending mail through a mail source's SMTP server: a new message, or a draft reply.

Both are external actions, so the dispatcher shows the exact call and asks first. A
message is kept in the source's Sent folder only after the server took it; when the
server is down or refuses, nothing is kept, a draft stays in Drafts, and the tool says
why in one line.
"""

from __future__ import annotations

from email.message import EmailMessage

from familiar.errors import FamiliarError, ToolRetry
from familiar.integrations.base import fold
from familiar.integrations.sources import SourceEntry
from familiar.kernel.tools import Reply, ToolContext, tool
from familiar.security.policy import Effect
from familiar.skills.builtin.sourcefiles import resync


def _accounts(ctx: ToolContext, account: str) -> list[tuple[str, SourceEntry]]:
    """The mail sources that can send (those with smtp settings), or the one named."""
    sources = sorted(ctx.settings.sources.items())
    able = [(n, e) for n, e in sources if e.smtp and e.kind in ("mail", "imap")]
    if not able:
        raise ToolRetry(
            "no mail source can send; tell the user: familiar sources add mail PATH"
            " --smtp smtps://HOST --address ADDRESS"
        )
    if account:
        chosen = [(n, e) for n, e in able if n == account.strip().lower()]
        if not chosen:
            names = ", ".join(n for n, _ in able)
            raise ToolRetry(f"no sending account {account!r}; accounts: {names}")
        return chosen
    return able


def _one(ctx: ToolContext, account: str) -> tuple[str, SourceEntry]:
    able = _accounts(ctx, account)
    if len(able) > 1:
        raise ToolRetry(f"say which account sends it: {', '.join(n for n, _ in able)}")
    return able[0]


def _send(ctx: ToolContext, name: str, entry: SourceEntry, message: EmailMessage) -> str:
    """Send, then keep the copy in Sent; what to tell the user about the copy and refusals."""
    from familiar.integrations.smtp import send, settings, stamp

    stamp(message, settings(name, entry), ctx.clock())
    refused = send(name, entry, message)
    note = f" The server refused {', '.join(refused)}." if refused else ""
    try:  # it is sent: a failure now must not read as "not sent" (a retry would send twice)
        return note + _keep(ctx, name, entry, message)
    except FamiliarError as exc:
        return f"{note} It was sent, but no copy is kept in Sent: {exc}"


def _keep(ctx: ToolContext, name: str, entry: SourceEntry, message: EmailMessage) -> str:
    """Put the sent message in the source's Sent folder (Maildir or IMAP)."""
    from familiar.integrations.imap import ImapReader
    from familiar.integrations.mail_write import find_maildir, save_sent

    if entry.kind == "imap":
        with ImapReader(name, entry, ctx.tz) as reader:
            reader.append_sent(bytes(message), ctx.clock())
        return ""
    maildir = find_maildir(entry.root())
    if maildir is None:
        return " No copy kept: this source has no Maildir Sent folder."
    save_sent(maildir, message)
    return ""


@tool(effect=Effect.EXTERNAL, permissions=("mail.send", "contacts.read"))
def send_mail(ctx: ToolContext, to: str, subject: str, text: str, account: str = "") -> Reply:
    """Send a new mail now, as in "email <person> that I'm running late", "tell her".

    Args:
        to: the recipients: names from the user's contacts or addresses, comma-separated
        subject: the subject line
        text: the message itself
        account: which mail source sends it, if the user has several, else ""
    """
    from familiar.integrations.smtp import sender, settings
    from familiar.skills.builtin.contacts import mail_addresses

    to = mail_addresses(ctx, to)  # "Dana" -> "Dana Reyes <dana@...>" when there is one
    if not text.strip():
        raise ToolRetry("say what the mail says")
    name, entry = _one(ctx, account)
    message = EmailMessage()
    message["From"] = sender(settings(name, entry))
    message["To"] = to
    message["Subject"] = " ".join(subject.split())
    message.set_content(text.strip() + "\n")
    note = _send(ctx, name, entry, message)
    resync(ctx, name)
    shown = {"to": str(message["to"]), "subject": str(message["subject"])}
    return Reply(
        {"sent": True, **shown, "message_id": str(message["message-id"])},
        f"Sent to {shown['to']}: {shown['subject']}.{note}",
    )


@tool(effect=Effect.EXTERNAL, permissions=("mail.read", "mail.send"))
def send_draft(ctx: ToolContext, to: str, subject: str, account: str = "") -> Reply:
    """Send a draft from Drafts (as draft_reply saved it), then keep it in Sent.

    Args:
        to: whom the draft is to, a name or address in its To line
        subject: the draft's subject, e.g. "Re: rent"
        account: which mail source holds it, if the user has several, else ""
    """
    from familiar.integrations.mail_write import discard_draft, drafts, find_maildir

    seen: list[str] = []
    for name, entry in _accounts(ctx, account):
        maildir = find_maildir(entry.root()) if entry.kind == "mail" else None
        if maildir is None:
            continue
        for path, draft in drafts(maildir):
            said = " ".join(str(draft.get("subject") or "").split())
            seen.append(f"to {draft.get('to')}: {said}")
            if fold(to) in fold(str(draft.get("to") or "")) and _same(said, subject):
                note = _send(ctx, name, entry, draft)
                discard_draft(path)
                resync(ctx, name)
                return Reply(
                    {"sent": True, "to": str(draft["to"]), "subject": said},
                    f"Sent the draft to {draft['to']}: {said}.{note}",
                )
    shown = "; ".join(seen[:5]) or "Drafts is empty"
    raise ToolRetry(f"no draft to {to!r} about {subject!r}; drafts: {shown}")


def _same(subject: str, wanted: str) -> bool:
    return fold(" ".join(subject.split())) == fold(" ".join(wanted.split()))
