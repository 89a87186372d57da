"""Line-level helpers shared by the vCard and iCalendar writers (RFC 6350, RFC 5545)."""

from __future__ import annotations

from datetime import date, datetime


def escape(value: str) -> str:
    """Escape a TEXT value: backslash, comma, semicolon and newlines."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75  # continuation lines start with one space
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def to_bytes(lines: list[str]) -> bytes:
    """Fold every line and join them with CRLF, as both formats require."""
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")


def ical_date(d: date) -> str:
    """A DATE value (20260314)."""
    return d.strftime("%Y%m%d")


def ical_datetime(dt: datetime) -> str:
    """A DATE-TIME value; aware datetimes are written in UTC with a Z."""
    if dt.tzinfo is not None:
        return dt.strftime("%Y%m%dT%H%M%SZ")
    return dt.strftime("%Y%m%dT%H%M%S")


def unfold(text: str) -> str:
    """Undo line folding (used when reading items back)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "")


def unescape(value: str) -> str:
    """Undo `escape`."""
    out: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)
