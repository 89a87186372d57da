"""Line-oriented files (CSV/TSV tables, JSON lines, logs) as sections of whole lines.

A bank export or a device log is hundreds of short records. Read as prose, its lines
were packed into 800-character chunks: one row's facts ("2026-04-01,Rent ...,-1350.00")
shared a chunk with thirty others, so neither BM25 (length-normalised) nor the
embedder (one vector for all of them) could single it out, and a chunk after the
first lost the header that says what the columns mean. Here lines are never cut,
groups of about `ROWS_TARGET_CHARS` characters become sections of their own, and a
table's header line is repeated at the top of every group. The section's heading
("rows 2-9") says where in the file the group is, and ends up in the chunk's title
with the dates its lines hold written out ("rows 2-11, 1-9 April 2026").

Measured on the synthetic person (`python -m benchmarks.retrieval`, written questions,
all / tune / held): the device log's thermostat rows are found for both questions
about them (vector 0.706 -> 0.735, hybrid 0.706 -> 0.721, held 0.794 -> 0.853), one
"tune" question lost (hybrid 0.618 -> 0.588); the dates in the titles (measured after
the change to contacts' entries) find the bank export's rent row by BM25 (hybrid tune
0.618 -> 0.647, held 0.882 -> 0.853).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

TABLE_SUFFIXES = frozenset({".csv", ".tsv"})
LINE_SUFFIXES = frozenset({".jsonl", ".ndjson", ".log"})
ROWS_TARGET_CHARS = 400
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def row_format(path: Path) -> str | None:
    """By suffix: "table" (a header line, then rows), "lines" (records alike) or None."""
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return "table"
    if suffix in LINE_SUFFIXES:
        return "lines"
    return None


def _dates(lines: list[str]) -> list[date]:
    found = []
    for line in lines:
        for y, m, d in _ISO_DATE.findall(line):
            try:
                found.append(date(int(y), int(m), int(d)))
            except ValueError:
                continue
    return found


def _day(day: date, year: bool = True, month: bool = True) -> str:
    text = str(day.day)
    if month:
        text += f" {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def date_span(lines: list[str]) -> str:
    """The dates the lines hold, written out: '1-9 April 2026', '30 March - 2 April 2026'.

    ISO dates in a bank export or a log ("2026-04-01") say nothing of a month's name;
    written out in the chunk's title, "rent paid in April" finds the rows by either leg.
    """
    days = _dates(lines)
    if not days:
        return ""
    lo, hi = min(days), max(days)
    if lo == hi:
        return _day(lo)
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo.day}-{_day(hi)}"
    return f"{_day(lo, year=lo.year != hi.year)} - {_day(hi)}"


def row_sections(text: str, kind: str) -> list[tuple[str, str]]:
    """(heading, text) groups of whole lines, each about ROWS_TARGET_CHARS long.

    A "table" repeats its first line (the header) at the top of every group.
    """
    numbered = [(n, line.rstrip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    header = ""
    if kind == "table" and numbered:
        header = numbered[0][1]
        numbered = numbered[1:]
    sections: list[tuple[str, str]] = []
    group: list[tuple[int, str]] = []
    size = len(header)

    def flush() -> None:
        if group:
            first, last = group[0][0], group[-1][0]
            span = f"{'rows' if header else 'lines'} {first}-{last}" if last > first else ""
            rows = [line for _, line in group]
            when = date_span(rows)
            heading = (span or f"line {first}") + (f", {when}" if when else "")
            sections.append((heading, "\n".join([header, *rows] if header else rows)))

    for number, line in numbered:
        if group and size + len(line) + 1 > ROWS_TARGET_CHARS:
            flush()
            group, size = [], len(header)
        group.append((number, line))
        size += len(line) + 1
    flush()
    if not sections and header:  # a header and nothing else
        sections.append(("", header))
    return sections
