"""Broken files of every kind, mixed in among the good ones and listed in the manifest."""

from __future__ import annotations

from datetime import UTC, datetime, time

from familiar.testing.person.corpus import Corpus
from familiar.testing.person.notes import png_bytes
from familiar.testing.person.pdf import pdf_bytes
from familiar.testing.person.world import World

BIG_FILE = "documents/exports/chat-history-export.txt"
BIG_SIZE = 50 * 1024 * 1024


def big_text(world: World) -> bytes:
    """50 MiB of plain text, built from one repeated block so it costs little to make."""
    block = "".join(
        f"[{world.day(-1 - i % 300)}T{i % 24:02d}:{i % 60:02d}] sync: message {i} ok, "
        "queue length 0, retrying nothing\n"
        for i in range(1000)
    ).encode()
    data = block * (BIG_SIZE // len(block) + 1)
    return data[:BIG_SIZE]


def add_broken(world: World, corpus: Corpus) -> None:
    """A truncated calendar, an invalid card, an undecodable mail, a binary note, an empty
    file, a truncated PDF and a 50 MiB text file."""
    u = world.user
    corpus.file(
        "calendar/family-shared.ics",
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//familiar//synthetic person//EN\r\n"
            "X-WR-CALNAME:Family (shared)\r\nBEGIN:VEVENT\r\nUID:family-shared-1@familiar.test\r\n"
            f"DTSTART;VALUE=DATE:{world.day(-12):%Y%m%d}\r\nSUMMARY:Sunday lun"
        ).encode("ascii"),
        "icalendar",
        broken="truncated: the download stopped mid-event (no END lines)",
    )
    corpus.file(
        "contacts/import-from-old-phone.vcf",
        (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Old Phone Contact\r\n"
            "TEL;TYPE=CELL:+31 6 0000 0000\r\n"
            "this line is not a property\r\nEND:VCARD\r\n"
        ).encode("ascii"),
        "vcard-3.0",
        broken="invalid: a content line without a name and colon",
    )
    when = datetime.combine(world.day(-33), time(3, 14), tzinfo=UTC)
    raw = (
        f"From: Unknown Sender <noreply@garbled.example>\nTo: {u.email}\n"
        f"Subject: =?x-unknown-8?B?////?=\nDate: {when:%a, %d %b %Y %H:%M:%S +0000}\n"
        "Message-ID: <garbled-1@garbled.example>\nMIME-Version: 1.0\n"
        'Content-Type: text/plain; charset="x-unknown-8"\n'
        "Content-Transfer-Encoding: base64\n\n"
        "This is not base64 at all ***\n=?==\n"
    ).encode() + b"\xff\xfe\x00\x81\n"
    corpus.mail(
        "INBOX",
        raw,
        "garbled-1@garbled.example",
        when,
        broken_reason="undecodable: unknown charset and invalid base64 body",
    )
    corpus.file(
        "notes/Inbox/Pasted image 20260412.md",
        png_bytes(16, 16),
        "markdown",
        broken="binary: a PNG image saved with a .md name",
    )
    corpus.file(
        "documents/scans/scan-0001.pdf", b"", "pdf", broken="empty: zero bytes (a failed scan)"
    )
    statement = pdf_bytes("Kestrel Bank statement", ["Opening balance: EUR 2,310.44"] * 20)
    corpus.file(
        "documents/finance/statement-truncated.pdf",
        statement[: len(statement) // 2],
        "pdf",
        broken="truncated: PDF cut in half (no xref, no %%EOF)",
    )
    corpus.file(
        BIG_FILE,
        big_text(world),
        "text",
        broken="oversized: 50 MiB plain text, for size limits and streaming",
    )
