"""Tables and logs are chunked by whole lines, a table's header repeated in every chunk."""

from __future__ import annotations

from pathlib import Path

from memhelpers import LISBON, write

from familiar.memory import Memory
from familiar.memory.chunking import chunk_sections
from familiar.memory.ingest import Ingestor
from familiar.memory.parsers import HEADING_SEPARATOR, parse
from familiar.memory.rows import ROWS_TARGET_CHARS, date_span


def _bank_export(rows: int) -> str:
    lines = ["date,description,amount,currency"]
    for n in range(rows):
        payee = "Rent Harbour Lettings" if n == 47 else f"Corner Grocer {n}"
        lines.append(f"2026-04-{1 + n % 28:02d},{payee},-{20 + n}.50,EUR")
    return "\n".join(lines) + "\n"


def test_a_table_is_cut_between_rows_with_its_header_in_every_chunk(tmp_path: Path) -> None:
    path = write(tmp_path / "bank-export.csv", _bank_export(60))
    parsed = parse(path, path.read_bytes(), LISBON)
    chunks = chunk_sections(parsed.sections, parsed.title)

    assert parsed.format == "table"
    assert len(chunks) > 3
    rows = []
    for chunk in chunks:
        lines = chunk.text.split("\n")
        assert lines[0] == "date,description,amount,currency"
        assert len(chunk.text) <= ROWS_TARGET_CHARS + 60  # one row past the target at most
        rows += lines[1:]
    assert rows == _bank_export(60).split("\n")[1:-1]  # every row once, whole, in order
    assert chunks[0].title.startswith(f"bank-export{HEADING_SEPARATOR}rows 2-")
    assert "April 2026" in chunks[0].title


def test_json_lines_are_grouped_whole_without_a_header(tmp_path: Path) -> None:
    lines = [
        f'{{"time": "2026-05-31T{h:02d}:00:00+02:00", "topic": "casa/sensor/{h}", "v": {h}}}'
        for h in range(24)
    ]
    path = write(tmp_path / "states.jsonl", "\n".join(lines))
    parsed = parse(path, path.read_bytes(), LISBON)
    chunks = chunk_sections(parsed.sections, parsed.title)

    assert parsed.format == "lines"
    assert [x for c in chunks for x in c.text.split("\n")] == lines
    assert (
        chunks[0].title
        == f"states{HEADING_SEPARATOR}lines 1-{chunks[0].text.count(chr(10)) + 1}, 31 May 2026"
    )


def test_date_spans_are_written_out() -> None:
    assert date_span(["2026-04-01,a", "x 2026-04-09T10:00"]) == "1-9 April 2026"
    assert date_span(["2026-03-30", "2026-04-02"]) == "30 March - 2 April 2026"
    assert date_span(["2025-12-31", "2026-01-01"]) == "31 December 2025 - 1 January 2026"
    assert date_span(["2026-04-01"]) == "1 April 2026"
    assert date_span(["no date", "20260401", "2026-13-01"]) == ""


def test_one_row_of_a_long_export_is_found_by_each_leg(memory: Memory, tmp_path: Path) -> None:
    """Before, the whole export was one run of 800-character chunks without month names."""
    write(tmp_path / "docs" / "bank-export.csv", _bank_export(60))
    Ingestor(memory.store, memory.clock, memory.tz).run([tmp_path / "docs"])
    memory.embed_backlog()

    for mode in ("text", "vector", "hybrid"):
        top = memory.search("rent paid in April", limit=1, mode=mode)[0].item
        assert "Rent Harbour Lettings" in top.text, mode
        assert top.text.startswith("date,description,amount,currency\n")
    assert memory.stats().items_by_kind["chunk"] > 3
