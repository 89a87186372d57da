"""Small-to-big: an item's sentence windows get vectors of their own, pooled per item."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from memhelpers import MakeMemory

from familiar.memory import Filters, Memory
from familiar.memory.windows import WINDOW_CHARS, pooled, windows
from familiar.store import Store
from familiar.store.migrations import MIGRATIONS

FILLER = (
    "The quarterly planning meeting covered the roadmap for the analytics dashboard. "
    "We agreed to move the data warehouse migration to the second half of the year. "
    "Marketing asked for three new landing pages before the spring campaign starts. "
    "The design team will present the new colour palette at the next review session. "
    "Budget approvals for the conference travel are still pending with finance. "
    "The intern programme starts in June and needs two more mentors from engineering. "
    "Customer support reported fewer tickets after the latest release of the app. "
    "The office move is planned for autumn, with boxes delivered a week before. "
    "Security training is mandatory for everyone and must be completed by Friday. "
    "The team lunch will be at the Italian place near the station next Thursday. "
    "Hiring for the platform team continues, with four interviews scheduled. "
    "The legal review of the supplier contracts should finish within two weeks. "
)
BURIED = "The spare house key is hidden under the blue flowerpot by the back door."
LONG_NOTE = f"Meeting notes and odds and ends\n{FILLER}{BURIED}"
OTHERS = [
    "Buy oat milk, rye bread and two lemons on the way home.",
    "The dentist appointment moved to Tuesday at 9:30.",
    "Book club reads a novel about a lighthouse keeper this month.",
    "Water the balcony tomatoes every second evening in summer.",
]


def _rows(memory: Memory, item_id: int | None = None) -> list[tuple[int, int, str, int]]:
    db = sqlite3.connect(memory.store.path)  # type: ignore[attr-defined]
    try:
        sql = "SELECT item_id, part, model, dim FROM mem_vectors"
        if item_id is None:
            return db.execute(sql + " ORDER BY id").fetchall()
        return db.execute(sql + " WHERE item_id = ? ORDER BY id", (item_id,)).fetchall()
    finally:
        db.close()


def test_windows_start_with_the_head_and_cut_at_sentences() -> None:
    assert windows("Title\nOne short line.") == []
    found = windows(LONG_NOTE)
    assert len(found) >= 4
    assert all(w.startswith("Meeting notes and odds and ends\n") for w in found)
    bodies = [w.split("\n", 1)[1] for w in found]
    assert all(len(b) <= WINDOW_CHARS for b in bodies)
    assert all(b.endswith(".") for b in bodies)  # whole sentences only
    assert " ".join(bodies) == (FILLER + BURIED).strip()
    assert pooled(0.2, 0.8) == pytest.approx(0.5)
    assert pooled(0.6, 0.4) == pytest.approx(0.6)  # the whole item when no window is better


@pytest.mark.parametrize("ann_min_vectors", [1_000_000, 5], ids=["exact", "hnsw"])
def test_a_sentence_past_the_embedders_reach_is_found(
    make_memory: MakeMemory, ann_min_vectors: int
) -> None:
    """MiniLM reads 256 word pieces; the buried sentence is past them, so only a window
    can hold it (the whole note's vector scores about 0.1 with the question)."""
    memory = make_memory(ann_min_vectors=ann_min_vectors)
    note = memory.add_event(LONG_NOTE, source="notes")
    for text in OTHERS:
        memory.add_event(text, source="notes")
    memory.add_event("Spare key notes are kept elsewhere.", source="elsewhere")
    memory.embed_backlog()

    rows = _rows(memory, note.id)
    assert [part for _, part, _, _ in rows] == list(range(1 + len(windows(LONG_NOTE))))
    assert {(model, dim) for _, _, model, dim in rows} == {(memory.embedder.name, 384)}
    question = "where is the spare key hidden?"
    for filters in (None, Filters(sources=("notes",))):
        hits = memory.search(question, mode="vector", filters=filters)
        mine = [h for h in hits if h.item.source == "notes"]
        assert mine[0].item.id == note.id
        assert mine[0].similarity is not None and mine[0].similarity > 0.35
        assert len({h.item.id for h in hits}) == len(hits)  # an item once, however many rows
    assert memory.search(question, mode="vector")[0].item.source == "elsewhere"
    # the score is the mean of the whole note's cosine and its best window's
    q = memory.embedder.embed([question])[0]
    cosines = memory.embedder.embed([LONG_NOTE, *windows(LONG_NOTE)]) @ q
    hit = memory.search(question, mode="vector", filters=Filters(sources=("notes",)))[0]
    assert hit.similarity == pytest.approx(pooled(cosines[0], cosines[1:].max()), abs=1e-4)
    assert cosines[0] < 0.2 < 0.5 < cosines[1:].max()
    assert memory.stats().vectors_by_model == {memory.embedder.name: 6}  # items, not rows
    assert ("HNSW" in memory.stats().index) == (ann_min_vectors == 5)


def test_forget_and_reindex_take_the_windows_with_the_item(memory: Memory) -> None:
    note = memory.add_event(LONG_NOTE, source="notes")
    other = memory.add_event(OTHERS[0], source="notes")
    memory.embed_backlog()
    before = _rows(memory)
    assert len(before) == 2 + len(windows(LONG_NOTE))

    memory.reindex()
    assert [(i, p) for i, p, _, _ in _rows(memory)] == [(i, p) for i, p, _, _ in before]

    memory.forget(note.id)
    assert _rows(memory) == [(other.id, 0, memory.embedder.name, 384)]
    assert memory.search("where is the spare key hidden?", mode="vector")[0].item.id == other.id


def test_the_backlog_commits_an_item_with_all_its_windows(memory: Memory) -> None:
    first = memory.add_event(LONG_NOTE, source="notes")
    second = memory.add_event(LONG_NOTE.replace("blue", "green"), source="notes")
    assert memory.embed_backlog(batch=1, seconds=0.0) == 0  # out of time before the first
    calls: list[tuple[int, int]] = []
    memory.embed_backlog(batch=1, on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]
    parts = 1 + len(windows(LONG_NOTE))
    assert [len(_rows(memory, i)) for i in (first.id, second.id)] == [parts, parts]
    assert memory.backlog_count() == 0


def test_a_store_from_before_windows_keeps_its_vectors(tmp_path: Path) -> None:
    """008_vector_parts rebuilds mem_vectors with a part column: rows, ids and bytes kept."""
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    names = [name for name, _ in MIGRATIONS]
    for name, sql in MIGRATIONS[: names.index("008_vector_parts")]:
        db.executescript(sql)
        db.execute("INSERT INTO migrations VALUES (?, '2026-01-01')", (name,))
    db.execute(
        "INSERT INTO mem_items (kind, source, trusted, title, text, created_at, added_at)"
        " VALUES ('note', 'user', 1, '', 'old note', '2026-01-01', '2026-01-01')"
    )
    db.execute(
        "INSERT INTO mem_vectors (id, item_id, model, dim, vector)"
        " VALUES (7, 1, 'm', 1, x'0000803f')"
    )
    db.commit()
    db.close()

    store = Store(path)
    try:
        assert store.migrations()[-1] == names[-1] and "008_vector_parts" in store.migrations()
        db = sqlite3.connect(path)
        assert db.execute(
            "SELECT id, item_id, model, part, dim, vector FROM mem_vectors"
        ).fetchall() == [(7, 1, "m", 0, 1, b"\x00\x00\x80\x3f")]
        window = (
            "INSERT INTO mem_vectors (item_id, model, part, dim, vector)"
            " VALUES (1, 'm', 1, 1, x'00')"
        )
        db.execute(window)
        assert db.execute("SELECT MAX(id) FROM mem_vectors").fetchone() == (8,)  # ids only grow
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(window)
        db.close()
    finally:
        store.close()
