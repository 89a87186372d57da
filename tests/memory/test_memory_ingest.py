"""Ingestion: formats, bad files, change detection, and surviving SIGKILL midway."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from memhelpers import LISBON, simple_pdf, write

from familiar.config import Paths
from familiar.memory import Filters, Memory
from familiar.memory.chunking import chunk_sections
from familiar.memory.ingest import MAX_TEXT_BYTES, Ingestor, IngestReport
from familiar.memory.parsers import parse
from familiar.store import Store


def _ingest(memory: Memory, *roots: Path) -> IngestReport:
    return Ingestor(memory.store, memory.clock, memory.tz).run(list(roots))


def _chunks(store: Store) -> list[tuple[str, int, str]]:
    db = sqlite3.connect(store.path)
    try:
        return db.execute(
            "SELECT d.path, i.seq, i.text FROM mem_items i JOIN mem_documents d ON d.id = i.doc_id"
            " ORDER BY d.path, i.seq"
        ).fetchall()
    finally:
        db.close()


def test_markdown_text_html_and_pdf_are_indexed(memory: Memory, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(
        notes / "dentist.md",
        "---\ntitle: Dentist visits\ntags: [health, Teeth]\ndate: 2025-03-02\n---\n"
        "# Dentist\n\nDr. Silva on Rua Augusta. #appointments\n\n## Last visit\n"
        "A filling on the lower left molar, 80 euros.\n\n```\n# not a heading #nottag\n```\n",
    )
    write(notes / "plumber.txt", "The plumber Jorge fixes the kitchen sink on Thursday.")
    write(
        notes / "trip.html",
        "<html><head><title>Porto weekend</title><style>.x{color:red}</style></head><body>"
        "<h1>Porto</h1><p>We ate a francesinha\nnear the Ribeira.</p>"
        "<script>var secret = 'injected';</script></body></html>",
    )
    write(notes / "insurance.pdf", simple_pdf(["Home insurance policy 4471", "Renewal due in May"]))

    report = _ingest(memory, notes)

    assert (report.new, report.skipped) == (4, [])
    md = memory.search("molar filling", mode="text")[0].item
    assert md.title == "Dentist visits \u203a Dentist" and md.source == "notes"
    assert set(md.tags) == {"health", "teeth", "appointments"}
    assert md.created_at.astimezone(LISBON).date().isoformat() == "2025-03-02"
    assert md.path == str(notes / "dentist.md")
    html = memory.search("francesinha", mode="text")[0].item
    assert html.title == "Porto weekend \u203a Porto"
    assert "francesinha near the Ribeira" in html.text
    assert memory.search("injected secret", mode="text") == []
    pdf = memory.search("insurance renewal", mode="text")[0].item
    assert pdf.path == str(notes / "insurance.pdf") and "4471" in pdf.text
    assert not pdf.trusted and pdf.label.describe() == "untrusted from memory:notes"
    assert "nottag" not in md.tags


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_bad_files_are_skipped_with_reasons_and_the_rest_is_indexed(
    memory: Memory, tmp_path: Path
) -> None:
    root = tmp_path / "mixed"
    write(root / "good.md", "# Good\n\nThis one is fine.")
    write(root / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(root / "empty.md", "")
    write(root / "blank.txt", "   \n\n  ")
    write(root / "latin1.txt", "Caf\xe9 com leite".encode("latin-1"))
    with (root / "huge.txt").open("w") as handle:
        handle.write("word " * (MAX_TEXT_BYTES // 5 + 10))
    write(root / "damaged.pdf", simple_pdf(["cut"])[:60])
    write(root / "locked.pdf", _encrypted_pdf())
    write(root / "scan.pdf", _blank_pdf())
    (root / "gone.md").symlink_to(root / "nowhere.md")
    write(root / ".hidden" / "secret.md", "not walked")

    report = _ingest(memory, root)

    reasons = {Path(p).name: r for p, r in report.skipped}
    assert reasons.keys() == {
        "binary.txt",
        "empty.md",
        "blank.txt",
        "latin1.txt",
        "huge.txt",
        "damaged.pdf",
        "locked.pdf",
        "scan.pdf",
        "gone.md",
    }
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["empty.md"] == "empty file"
    assert reasons["blank.txt"].startswith("empty")
    assert reasons["latin1.txt"].startswith("badly encoded: not UTF-8")
    assert reasons["huge.txt"].startswith("too large: 10.0 MiB (limit 10 MiB")
    assert reasons["damaged.pdf"].startswith("damaged PDF")
    assert reasons["locked.pdf"] == "encrypted PDF (needs a password)"
    assert reasons["scan.pdf"].startswith("PDF without a text layer")
    assert reasons["gone.md"].startswith("unreadable")
    assert report.new == 1
    stats = memory.stats()
    assert {Path(s.path).name: s.reason for s in stats.skipped} == reasons
    assert memory.search("secret walked", mode="text") == []

    # Fixed files are indexed on the next run and leave the skipped list.
    write(root / "latin1.txt", "Café com leite")
    _ingest(memory, root)
    assert "latin1.txt" not in {Path(s.path).name for s in memory.stats().skipped}
    assert memory.search("leite", mode="text")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_skipped(memory: Memory, tmp_path: Path) -> None:
    path = write(tmp_path / "n" / "private.md", "# Private")
    path.chmod(0)
    report = _ingest(memory, tmp_path / "n")
    assert report.skipped[0][1].startswith("unreadable")


def test_a_second_run_touches_only_what_changed(
    memory: Memory, tmp_path: Path, store: Store
) -> None:
    root = tmp_path / "notes"
    for n in range(5):
        write(root / f"n{n}.md", f"# Note {n}\n\nNote number {n} about topic{n}.")
    first = _ingest(memory, root)
    assert first.new == 5
    before = {path: text for path, _, text in _chunks(store)}
    ids = {i.path: i.id for i in memory.store.items(Filters(kinds=("chunk",)), 100)}

    write(root / "n1.md", "# Note 1\n\nRewritten: now about gardening.")
    os.utime(root / "n2.md", ns=(1, 1))  # new mtime, same content
    (root / "n3.md").unlink()
    write(root / "new.md", "# New\n\nA brand new note.")
    second = _ingest(memory, root)

    assert (second.new, second.changed, second.unchanged, second.removed) == (1, 1, 3, 1)
    after = {i.path: i.id for i in memory.store.items(Filters(kinds=("chunk",)), 100)}
    for name in ("n0.md", "n2.md", "n4.md"):
        assert after[str(root / name)] == ids[str(root / name)]  # not re-inserted
    assert after[str(root / "n1.md")] != ids[str(root / "n1.md")]
    assert str(root / "n3.md") not in after
    assert memory.search("topic3", mode="text") == []
    assert memory.search("topic1", mode="text") == []
    assert memory.search("gardening", mode="text")
    assert before[str(root / "n0.md")] == {p: t for p, _, t in _chunks(store)}[str(root / "n0.md")]

    third = _ingest(memory, root)
    assert (third.new, third.changed, third.unchanged) == (0, 0, 5)


def test_new_chunks_are_found_by_words_before_embedding_and_the_backlog_drains(
    memory: Memory, tmp_path: Path
) -> None:
    write(tmp_path / "n" / "boiler.md", "# Boiler\n\nThe boiler pressure should be 1.5 bar.")
    _ingest(memory, tmp_path / "n")
    assert memory.stats().backlog == 1
    hits = memory.search("boiler pressure")
    assert hits and hits[0].vector_rank is None and hits[0].text_rank == 1
    assert memory.embed_backlog() == 1
    assert memory.stats().backlog == 0
    hit = memory.search("what pressure for the heating?")[0]
    assert hit.item.title == "Boiler" and hit.vector_rank == 1


def test_a_forgotten_chunk_does_not_come_back_while_its_file_is_unchanged(
    memory: Memory, tmp_path: Path
) -> None:
    write(tmp_path / "n" / "a.md", "# A\n\nThe locker code is 4412.")
    _ingest(memory, tmp_path / "n")
    (hit,) = memory.search("locker code", mode="text")
    memory.forget(hit.item.id)
    _ingest(memory, tmp_path / "n")
    assert memory.search("locker code", mode="text") == []


# Killed midway --------------------------------------------------------------------------

_INGEST_SCRIPT = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from familiar.memory.ingest import Ingestor
from familiar.memory.sqlite import SqliteMemoryStore
from familiar.store import Store

store = Store(Path(sys.argv[1]))
memory = SqliteMemoryStore(store, Path(sys.argv[2]))
slow = lambda path, status: time.sleep(0.01)  # room for the test to kill it midway
Ingestor(memory, lambda: datetime.now(UTC), ZoneInfo("UTC")).run([Path(sys.argv[3])], on_file=slow)
print("finished")
"""

_EMBED_SCRIPT = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from familiar.config import Paths, Settings
from familiar.memory import open_memory
from familiar.store import Store

folder = Path(sys.argv[2])
paths = Paths(config_dir=folder, data_dir=folder, models_dir=folder)
clock = lambda: datetime.now(UTC)
memory = open_memory(Store(Path(sys.argv[1])), paths, Settings(), clock, ZoneInfo("UTC"))
memory.embed_backlog(batch=8)
print("finished")
"""


def _count(db_file: Path, sql: str) -> int:
    db = sqlite3.connect(db_file, timeout=10)
    try:
        return int(db.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the migration has not run yet
    finally:
        db.close()


def _kill_when(proc: subprocess.Popen[bytes], db_file: Path, sql: str, at_least: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"the child ended before it could be killed: {proc.stdout and proc.stdout.read()!r}"
            )
        seen = _count(db_file, sql)
        if seen >= at_least:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return seen
        time.sleep(0.02)
    proc.kill()
    pytest.fail("the child made no progress")


def _corpus(root: Path, files: int) -> None:
    for n in range(files):
        paragraphs = [
            f"Entry {n}, part {p}: token{n}x{p} "
            + " ".join(f"word{(n * 7 + p * 3 + k) % 97}" for k in range(60))
            for p in range(4)
        ]
        write(root / f"d{n // 50}" / f"note{n:04d}.md", f"# Note {n}\n\n" + "\n\n".join(paragraphs))


def test_ingestion_killed_midway_resumes_with_nothing_lost_or_duplicated(
    memory: Memory, store: Store, isolated_folders: Paths, tmp_path: Path
) -> None:
    root = tmp_path / "corpus"
    _corpus(root, 300)
    cache = isolated_folders.cache_dir
    command = [sys.executable, "-c", _INGEST_SCRIPT, str(store.path), str(cache), str(root)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as child:
        done_when_killed = _kill_when(child, store.path, "SELECT COUNT(*) FROM mem_documents", 60)
    committed = _count(store.path, "SELECT COUNT(*) FROM mem_documents")
    assert 60 <= committed < 300, "the kill must land midway"
    assert done_when_killed <= committed

    report = _ingest(memory, root)

    assert report.unchanged >= committed and report.new == 300 - report.unchanged
    expected = []
    for path in sorted(root.rglob("*.md")):
        parsed = parse(path, path.read_bytes(), LISBON)
        expected += [
            (str(path), seq, c.text)
            for seq, c in enumerate(chunk_sections(parsed.sections, parsed.title))
        ]
    assert _chunks(store) == sorted(expected)
    db = sqlite3.connect(store.path)
    try:
        db.execute("INSERT INTO mem_fts(mem_fts) VALUES ('integrity-check')")
        per_file = db.execute(
            "SELECT COUNT(*) FROM mem_fts WHERE mem_fts MATCH 'token137x2'"
        ).fetchone()[0]
    finally:
        db.close()
    assert per_file == 1
    again = _ingest(memory, root)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 300)


def test_embedding_killed_midway_resumes_with_nothing_lost_or_duplicated(
    memory: Memory, store: Store, isolated_folders: Paths, tmp_path: Path
) -> None:
    root = tmp_path / "corpus"
    _corpus(root, 40)
    _ingest(memory, root)
    items = _count(store.path, "SELECT COUNT(*) FROM mem_items")
    command = [sys.executable, "-c", _EMBED_SCRIPT, str(store.path), str(isolated_folders.data_dir)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as child:
        _kill_when(child, store.path, "SELECT COUNT(*) FROM mem_vectors", 16)
    partial = _count(store.path, "SELECT COUNT(*) FROM mem_vectors")
    assert 16 <= partial < items

    assert memory.backlog_count() == items - partial
    assert memory.embed_backlog() == items - partial

    assert _count(store.path, "SELECT COUNT(*) FROM mem_vectors") == items
    assert _count(store.path, "SELECT COUNT(DISTINCT item_id) FROM mem_vectors") == items
    sample = memory.store.backlog("none", 5)  # (id, text) of the first items, any model
    stored = memory.store.vectors_of(memory.embedder.name, [i for i, _ in sample])
    fresh = memory.embedder.embed([t for _, t in sample])
    for row, (item_id, _) in enumerate(sample):
        assert float(stored[item_id] @ fresh[row]) > 0.999


def test_the_synthetic_persons_notes_and_documents(memory: Memory, tmp_path: Path) -> None:
    person = pytest.importorskip("familiar.testing.person")
    out = tmp_path / "person"
    manifest = person.generate(out, seed=7)
    report = _ingest(memory, out / "notes", out / "documents")
    skipped = {str(Path(p).relative_to(out)) for p, _ in report.skipped}
    broken = {
        f.path
        for f in manifest.files.values()
        if f.broken and f.path.startswith(("notes/", "documents/"))
    }
    assert broken <= skipped, "every broken file is skipped"
    text_like = (".md", ".txt", ".html", ".pdf")
    wrongly = {p for p in skipped - broken if p.endswith(text_like)}
    assert not wrongly, f"good files were skipped: {wrongly}"
    assert report.chunks >= 90


def test_forgetting_a_whole_document_keeps_it_out_until_the_file_changes(
    memory: Memory, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "n" / "letter.md",
        "# Letter\n\n" + "\n\n".join(f"Paragraph {n} of the bank letter. " * 30 for n in range(4)),
    )
    _ingest(memory, tmp_path / "n")
    chunks = memory.store.items(Filters(kinds=("chunk",)), 50)
    assert len(chunks) > 1
    done = memory.forget_document(chunks[0].id)
    assert done is not None and set(done.items) == {c.id for c in chunks}
    assert memory.store.items(Filters(), 50) == []
    statuses: list[str] = []
    Ingestor(memory.store, memory.clock, memory.tz).run(
        [tmp_path / "n"], on_file=lambda p, status: statuses.append(status)
    )
    assert statuses == ["forgotten"] and memory.search("bank letter", mode="text") == []
    path.write_text("# Letter\n\nA new letter from the bank.", encoding="utf-8")
    report = _ingest(memory, tmp_path / "n")
    assert report.changed == 1 and memory.search("bank letter", mode="text")
    assert memory.forget_document(memory.remember("not a document").item.id) is None
