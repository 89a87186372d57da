"""A small MIME writer: exact control over charsets, transfer encodings and boundaries.

The standard library's generator draws MIME boundaries from the global random
generator and re-encodes some charsets, so messages are assembled here instead.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header
from email.utils import format_datetime, formataddr


@dataclass
class Part:
    """A MIME entity: its headers and its already-encoded body."""

    headers: list[tuple[str, str]]
    body: bytes
    children: list[Part] = field(default_factory=list)
    boundary: str = ""


def _encode_body(data: bytes, cte: str) -> bytes:
    if cte == "base64":
        return base64.encodebytes(data)
    if cte == "quoted-printable":
        return binascii.b2a_qp(data.replace(b"\r\n", b"\n"), istext=True)
    return data  # 7bit / 8bit: as is


def text(
    body: str, subtype: str = "plain", charset: str = "utf-8", cte: str = "quoted-printable"
) -> Part:
    """A text part in the given charset and transfer encoding."""
    data = body.encode(charset)
    if cte == "7bit" and not data.isascii():
        cte = "quoted-printable"
    return Part(
        [
            ("Content-Type", f'text/{subtype}; charset="{charset}"'),
            ("Content-Transfer-Encoding", cte),
        ],
        _encode_body(data, cte),
    )


def attachment(data: bytes, ctype: str, filename: str, inline: bool = False) -> Part:
    """A base64 attachment."""
    disposition = "inline" if inline else "attachment"
    return Part(
        [
            ("Content-Type", f'{ctype}; name="{filename}"'),
            ("Content-Disposition", f'{disposition}; filename="{filename}"'),
            ("Content-Transfer-Encoding", "base64"),
        ],
        base64.encodebytes(data),
    )


def calendar(ics: bytes, method: str = "REQUEST") -> Part:
    """A text/calendar part as mail clients send invitations."""
    return Part(
        [
            ("Content-Type", f'text/calendar; charset="utf-8"; method={method}'),
            ("Content-Transfer-Encoding", "base64"),
        ],
        base64.encodebytes(ics),
    )


def multipart(subtype: str, *children: Part) -> Part:
    """A multipart container; its boundary is set when the message is assembled."""
    return Part([], b"", list(children), subtype)


def address(name: str, addr: str) -> str:
    """A From/To value, RFC 2047-encoding a non-ASCII display name."""
    return formataddr((name, addr), charset="utf-8")


def header_value(value: str) -> str:
    """A header value, RFC 2047-encoded only when it is not ASCII."""
    return value if value.isascii() else Header(value, "utf-8").encode()


def _render(part: Part, seed: str, counter: list[int]) -> bytes:
    if not part.children:
        head = "".join(f"{k}: {v}\n" for k, v in part.headers)
        return head.encode("ascii") + b"\n" + part.body
    counter[0] += 1
    boundary = f"=_familiar_{seed}_{counter[0]}"
    head = f'Content-Type: multipart/{part.boundary}; boundary="{boundary}"\n' + "".join(
        f"{k}: {v}\n" for k, v in part.headers
    )
    out = head.encode("ascii") + b"\nThis is a multi-part message in MIME format.\n"
    for child in part.children:
        body = _render(child, seed, counter)
        out += f"\n--{boundary}\n".encode() + body.rstrip(b"\n") + b"\n"
    return out + f"\n--{boundary}--\n".encode()


def message(
    *,
    sender: str,
    to: list[str],
    subject: str,
    date: datetime,
    message_id: str,
    body: Part,
    cc: list[str] | None = None,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    extra: list[tuple[str, str]] | None = None,
) -> bytes:
    """A whole RFC 5322 message with LF line endings, as Maildir files are stored."""
    headers = [
        ("Return-Path", f"<{sender.rsplit('<', 1)[-1].rstrip('>')}>"),
        ("From", sender),
        ("To", ", ".join(to)),
    ]
    if cc:
        headers.append(("Cc", ", ".join(cc)))
    headers += [
        ("Subject", header_value(subject)),
        ("Date", format_datetime(date)),
        ("Message-ID", f"<{message_id}>"),
    ]
    if in_reply_to:
        headers.append(("In-Reply-To", f"<{in_reply_to}>"))
    if references:
        headers.append(("References", " ".join(f"<{r}>" for r in references)))
    headers += extra or []
    headers.append(("MIME-Version", "1.0"))
    seed = message_id.split("@", 1)[0].replace(".", "_")[-24:]
    rendered = _render(body, seed, [0])
    head = "".join(f"{k}: {v}\n" for k, v in headers).encode("utf-8")
    return head + rendered
