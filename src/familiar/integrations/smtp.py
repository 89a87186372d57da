"""Sending one message through a mail source's SMTP server, with the stdlib's smtplib.

Either the server accepted the message for every recipient, or this raises with one line
saying what the server said and that nothing was sent; the caller keeps its copy in Sent
only after a send that returned.
"""

from __future__ import annotations

import smtplib
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid

from familiar.errors import ExternalError, UserError
from familiar.integrations.servers import parse_server, reason, tls_context
from familiar.integrations.sources import SmtpSettings, SourceEntry, password

TIMEOUT = 30.0


def settings(name: str, entry: SourceEntry) -> SmtpSettings:
    """The source's SMTP settings, or a one-line error saying how to add them."""
    if entry.smtp is None:
        raise UserError(
            f"mail source {name} cannot send: add its server with `familiar sources add ... "
            "--smtp URL --address ADDRESS` or an [sources.NAME.smtp] table in config.toml"
        )
    return entry.smtp


def sender(smtp: SmtpSettings) -> Address:
    """The account's own address (the From of what it sends)."""
    found = getaddresses([smtp.address])
    try:
        [(name, addr)] = found
        if "@" not in addr:
            raise ValueError(addr)
        return Address(name, addr_spec=addr)
    except (ValueError, IndexError):
        raise UserError(f"smtp address {smtp.address!r} is not one mail address") from None


def stamp(message: EmailMessage, smtp: SmtpSettings, now: datetime) -> None:
    """Give a message its final From (if it has none), Date and Message-ID before sending."""
    me = sender(smtp)
    if message.get("from") is None:
        message["From"] = me
    for name in ("Date", "Message-ID"):
        del message[name]
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=me.domain or None)


def send(name: str, entry: SourceEntry, message: EmailMessage) -> list[str]:
    """Hand the message to the source's SMTP server; the recipients it refused, if any.

    Raises, with nothing sent, when the server cannot be reached or takes no recipient.
    """
    smtp = settings(name, entry)
    server = parse_server(smtp.url, "smtp")
    user = smtp.username or entry.username
    secret = password(entry) if user else ""
    where = server.describe()
    try:
        if server.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=TIMEOUT, context=tls_context()
            )
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
    except OSError as exc:
        raise ExternalError(
            f"cannot reach the SMTP server {where} ({reason(exc, TIMEOUT)}); nothing was sent"
        ) from None
    try:
        with client:
            if server.security == "starttls":
                client.starttls(context=tls_context())
            if user:
                client.login(user, secret)
            refused = client.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise UserError(
            f"the SMTP server {where} refused the login for {user} ({_said(exc)});"
            " nothing was sent; check the source's password reference"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        who = ", ".join(f"{r} ({_said(e)})" for r, e in exc.recipients.items())
        raise ExternalError(f"the SMTP server refused {who}; nothing was sent") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise ExternalError(f"the SMTP server {where}: {exc}; nothing was sent") from None
    except smtplib.SMTPResponseException as exc:
        hint = "; it wants a login: set the source's username" if exc.smtp_code == 530 else ""
        raise ExternalError(
            f"the SMTP server {where} refused the message ({_said(exc)}){hint}; nothing was sent"
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise ExternalError(
            f"the SMTP server {where} failed ({reason(exc, TIMEOUT)}); nothing was sent"
        ) from None
    # some recipients took it, so it was sent: the caller says who did not
    return [f"{r} ({_said(e)})" for r, e in refused.items()]


def _said(exc: object) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        code, text = exc.smtp_code, exc.smtp_error
    elif isinstance(exc, tuple) and len(exc) == 2:
        code, text = exc
    else:
        return str(exc)
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}"
