"""Reading a manifest item back: the decoded text of the file, card, event or message it names.

Checks and question sets use this to confirm that an item holds a fact's strings. Mail
is decoded with the standard library; PDFs need pypdf (a test dependency).
"""

from __future__ import annotations

import email
import json
import mailbox
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from familiar.testing.person.textformat import unescape, unfold


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    """Visible text of an HTML document (tags dropped, entities decoded)."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def message_text(msg: EmailMessage) -> str:
    """Headers a reader sees plus every text part, decoded strictly."""
    out = [f"{k}: {msg[k]}" for k in ("From", "To", "Cc", "Subject", "Date") if msg[k]]
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype.startswith("text/"):
            text = part.get_content(errors="strict")
            out.append(html_text(text) if ctype == "text/html" else text)
        elif ctype == "application/ics":
            data = part.get_payload(decode=True)
            assert isinstance(data, bytes)
            out.append(data.decode("utf-8"))
    return "\n".join(out)


def _component(text: str, begin: str, uid: str, recurrence_id: str | None) -> str:
    """The unfolded, unescaped block of one VEVENT/VCARD with this UID."""
    blocks = unfold(text).split(f"BEGIN:{begin}")[1:]
    for block in blocks:
        block = block.split(f"END:{begin}")[0]
        lines = block.splitlines()
        if f"UID:{uid}" not in lines:
            continue
        rid = [line for line in lines if line.startswith("RECURRENCE-ID")]
        if recurrence_id is None and rid:
            continue
        if recurrence_id is not None and not (rid and rid[0].endswith(":" + recurrence_id)):
            continue
        return unescape(block)
    raise LookupError(f"no {begin} with UID {uid} (recurrence {recurrence_id})")


def item_text(root: Path, item: dict[str, Any]) -> str:
    """The decoded text of one manifest item (a JSON object from manifest.json)."""
    path = root / str(item["path"])
    if item.get("message_id"):
        if path.name.endswith(".mbox"):
            box = mailbox.mbox(path, factory=None, create=False)
            try:
                for msg in box:
                    if msg["Message-ID"] == f"<{item['message_id']}>":
                        parsed = email.message_from_bytes(msg.as_bytes(), policy=policy.default)
                        assert isinstance(parsed, EmailMessage)
                        return message_text(parsed)
            finally:
                box.close()
            raise LookupError(f"no message {item['message_id']} in {path}")
        parsed = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        if parsed["Message-ID"] != f"<{item['message_id']}>":
            raise LookupError(f"{path} does not hold {item['message_id']}")
        return message_text(parsed)
    if item.get("uid"):
        text = path.read_text(encoding="utf-8")
        begin = "VCARD" if path.suffix == ".vcf" else "VEVENT"
        return _component(text, begin, item["uid"], item.get("recurrence_id"))
    if path.suffix == ".pdf":
        from pypdf import PdfReader  # a test dependency: only checks read PDFs back

        pages = PdfReader(path, strict=True).pages
        return "\n".join(str(page.extract_text()) for page in pages)
    text = path.read_text(encoding="utf-8")
    if item.get("line"):
        return text.splitlines()[int(item["line"]) - 1]
    if path.suffix == ".html":
        return html_text(text)
    return text


@dataclass(frozen=True)
class GeneratedPerson:
    """A generated person on disk: its folder and its parsed manifest."""

    root: Path
    manifest: dict[str, Any]

    @classmethod
    def load(cls, root: Path) -> GeneratedPerson:
        """Read the manifest of a folder written by `generate`."""
        return cls(root, json.loads((root / "manifest.json").read_text(encoding="utf-8")))

    def files(self, kind: str | None = None, *, broken: bool | None = False) -> list[Path]:
        """Paths of files of one kind; by default only those not marked broken."""
        return [
            self.root / f["path"]
            for f in self.manifest["files"]
            if (kind is None or f["kind"] == kind) and (broken is None or f["broken"] == broken)
        ]

    def fact(self, fact_id: str) -> dict[str, Any]:
        """One fact by id."""
        for f in self.manifest["facts"]:
            if f["id"] == fact_id:
                return dict(f)
        raise KeyError(fact_id)

    def text(self, item: dict[str, Any]) -> str:
        """The decoded text of one item of a fact."""
        return item_text(self.root, item)
