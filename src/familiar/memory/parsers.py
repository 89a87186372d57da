"""Files to text: Markdown (front matter, tags), plain text, tables and logs, HTML and PDF.

A parser gets the file's bytes and returns its title, tags, date and text sections,
or raises `SkipFile` with a reason the user can act on (binary, empty, badly
encoded, damaged, encrypted, no text layer).
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from familiar.memory.rows import row_format, row_sections

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mdx"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
_SNIFF_BYTES = 8192
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
HEADING_SEPARATOR = " \u203a "  # between the headings of a path, e.g. "Trips > Porto"
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_TAG = re.compile(r"(?<![\w#&/=])#([A-Za-z][\w/-]{0,40})")
_CHARSET = re.compile(rb"charset=[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


class SkipFile(Exception):
    """The file is not indexed; the message says why."""


@dataclass(frozen=True)
class Section:
    """Text under one heading ("" for text before any heading)."""

    heading: str
    text: str


@dataclass(frozen=True)
class Parsed:
    """What a parser found in a file."""

    format: str
    title: str
    sections: tuple[Section, ...]
    tags: tuple[str, ...] = ()
    created_at: datetime | None = None


def file_format(path: Path) -> str:
    """The parser a file goes to, by its suffix; anything else is tried as plain text."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    return "text"


def parse(path: Path, data: bytes, tz: tzinfo) -> Parsed:
    """Parse a file's bytes; raises SkipFile when it cannot or should not be indexed."""
    kind = file_format(path)
    if kind == "pdf" or data.startswith(b"%PDF-"):
        return parse_pdf(path, data, tz)
    if kind == "html":
        return parse_html(path, data)
    text = decode_text(data)
    if kind == "markdown":
        return parse_markdown(path, text, tz)
    rows = row_format(path)
    if rows is not None:
        sections = tuple(Section(h, t) for h, t in row_sections(text, rows))
        return Parsed(rows, path.stem, sections)
    return Parsed("text", path.stem, (Section("", text),))


def decode_text(data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without BOM) or UTF-16 with a BOM; else SkipFile."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise SkipFile("badly encoded: invalid UTF-16") from None
    else:
        if b"\x00" in data[:_SNIFF_BYTES]:
            raise SkipFile("binary file (not text, Markdown, HTML or PDF)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SkipFile(
                f"badly encoded: not UTF-8 (invalid byte at offset {exc.start});"
                " convert it to UTF-8"
            ) from None
    sample = text[:_SNIFF_BYTES]
    if sample and len(_CONTROL.findall(sample)) > len(sample) * 0.01:
        raise SkipFile("binary file (control characters in the text)")
    if not text.strip():
        raise SkipFile("empty (only white space)")
    return text


# Markdown ---------------------------------------------------------------------


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter between --- lines, and the body after it."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for n, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            import yaml

            try:
                data = yaml.safe_load("\n".join(lines[1:n]))
            except yaml.YAMLError:
                return {}, "\n".join(lines[n + 1 :])
            return (data if isinstance(data, dict) else {}), "\n".join(lines[n + 1 :])
    return {}, text


def normalise_tag(tag: str) -> str:
    """Tags compare lower-case, without a leading '#'."""
    return tag.strip().lstrip("#").strip().lower()


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[,\s]+", value)
    if isinstance(value, list | tuple):
        return [normalise_tag(str(v)) for v in value if str(v).strip()]
    return []


def _as_datetime(value: Any, tz: tzinfo) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=tz)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    return None


def parse_markdown(path: Path, text: str, tz: tzinfo) -> Parsed:
    """Markdown with optional YAML front matter (title, tags, date) and #inline tags."""
    front, body = _front_matter(text)
    tags = _tags(front.get("tags", front.get("tag")))
    sections: list[Section] = []
    heading, in_code = "", False
    buffer: list[str] = []
    path_stack: list[tuple[int, str]] = []
    first_h1 = ""
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
        match = None if in_code else _HEADING.match(line)
        if match:
            if any(b.strip() for b in buffer):
                sections.append(Section(heading, "\n".join(buffer).strip()))
            buffer = []
            level, title = len(match.group(1)), match.group(2).strip()
            if level == 1 and not first_h1:
                first_h1 = title
            path_stack = [(lv, t) for lv, t in path_stack if lv < level] + [(level, title)]
            heading = HEADING_SEPARATOR.join(t for _, t in path_stack)
            continue
        if not in_code:
            tags.extend(normalise_tag(t) for t in _INLINE_TAG.findall(line))
        buffer.append(line)
    if any(b.strip() for b in buffer):
        sections.append(Section(heading, "\n".join(buffer).strip()))
    title = str(front.get("title") or first_h1 or path.stem).strip()
    if not sections and title:
        raise SkipFile("empty (no text besides the front matter)")
    created = _as_datetime(front.get("date") or front.get("created"), tz)
    return Parsed("markdown", title, tuple(sections), tuple(dict.fromkeys(tags)), created)


# HTML -------------------------------------------------------------------------

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "tr", "table", "section", "article", "blockquote", "pre", "hr"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BREAK = "\u2029"  # a block boundary; newlines in the source are only white space


class _TextExtractor(HTMLParser):
    """Visible text of a page, split into sections at headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.sections: list[Section] = []
        self._heading = ""
        self._buffer: list[str] = []
        self._skip = 0
        self._in_title = False
        self._in_heading = False
        self._heading_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _HEADINGS:
            self._flush()
            self._in_heading, self._heading_text = True, []
        elif tag in _BLOCK_TAGS:
            self._buffer.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _HEADINGS and self._in_heading:
            self._in_heading = False
            self._heading = " ".join("".join(self._heading_text).split())
        elif tag in _BLOCK_TAGS:
            self._buffer.append(_BREAK)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._skip:
            return
        elif self._in_heading:
            self._heading_text.append(data)
        else:
            self._buffer.append(data)

    def _flush(self) -> None:
        raw = "".join(self._buffer)
        paragraphs = [" ".join(p.split()) for p in raw.split(_BREAK)]
        text = "\n\n".join(p for p in paragraphs if p)
        if text:
            self.sections.append(Section(self._heading, text))
        self._buffer = []

    def close(self) -> None:
        super().close()
        self._flush()


def parse_html(path: Path, data: bytes) -> Parsed:
    """The visible text of an HTML page, by heading."""
    declared = _CHARSET.search(data[:4096])
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        try:
            text = data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = decode_text(data)
    else:
        text = decode_text(data)
    extractor = _TextExtractor()
    extractor.feed(text)
    extractor.close()
    if not extractor.sections:
        raise SkipFile("empty (the page has no visible text)")
    title = " ".join(extractor.title.split()) or path.stem
    return Parsed("html", title, tuple(extractor.sections))


# PDF ----------------------------------------------------------------------------


def _pdf_date(value: Any, tz: tzinfo) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    return None


def parse_pdf(path: Path, data: bytes, tz: tzinfo) -> Parsed:
    """The text layer of a PDF, one section per page."""
    if not data.startswith(b"%PDF-"):
        raise SkipFile("not a PDF (no %PDF header)")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf warns (and logs) about defects it repairs; a damaged file is reported by
    # the skip reason instead.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise SkipFile("encrypted PDF (needs a password)")
            pages = [page.extract_text() or "" for page in reader.pages]
            meta = reader.metadata
        except SkipFile:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
            raise SkipFile(f"damaged PDF ({type(exc).__name__}: {exc})") from None
        finally:
            pypdf_log.setLevel(level)
    sections = tuple(
        Section(f"page {n}", text.strip()) for n, text in enumerate(pages, 1) if text.strip()
    )
    if not sections:
        raise SkipFile("PDF without a text layer (scanned?); run OCR on it first")
    title = str(getattr(meta, "title", None) or "").strip() or path.stem
    created = _pdf_date(getattr(meta, "creation_date", None), tz) if meta else None
    return Parsed("pdf", title, sections, (), created)
