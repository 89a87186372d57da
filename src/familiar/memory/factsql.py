"""Profile-fact history in SQL that every backend runs the same way.

Setting a value supersedes the current one, a retraction ends it, and forgetting an
item undoes what it taught: the facts learned from it go (the value they replaced is
current again) and retractions it made are reversed. The statements use `?`
placeholders; each backend passes a `Run` that executes one inside its open
transaction, with times already in its own column type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from familiar.memory.records import FactChange

Run = Callable[[str, Sequence[Any]], Sequence[Any]]
"""Execute one statement in the caller's transaction; rows are indexable by column name."""

_IN_BATCH = 500  # ids per `IN (...)`: under SQLite's variable limit


def _batches(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _IN_BATCH):
        yield ids[start : start + _IN_BATCH]


def apply_change(
    run: Run,
    change: FactChange,
    *,
    source: str,
    at: Any,
    run_id: int | None,
    item_id: int | None,
) -> int | None:
    """Set or retract a value; the id of the fact to report, or None if nothing changed."""
    rows = run("SELECT * FROM mem_facts WHERE key=? AND valid_to IS NULL", (change.key,))
    current = rows[0] if rows else None
    same = current is not None and current["value"].casefold() == change.value.casefold()
    if change.retract:
        if current is None or (change.value and not same):
            return None
        run(
            "UPDATE mem_facts SET valid_to=?, ended_by='retracted', ended_item=? WHERE id=?",
            (at, item_id, current["id"]),
        )
        return int(current["id"])
    if same:
        return None
    if current is not None:
        run(
            "UPDATE mem_facts SET valid_to=?, ended_by='superseded', ended_item=? WHERE id=?",
            (at, item_id, current["id"]),
        )
    inserted = run(
        "INSERT INTO mem_facts (key, value, statement, source, run_id, item_id, valid_from,"
        " supersedes) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            change.key,
            change.value,
            change.statement or None,
            source,
            run_id,
            item_id,
            at,
            None if current is None else current["id"],
        ),
    )
    return int(inserted[0]["id"])


def undo_taught(run: Run, item_ids: Sequence[int]) -> tuple[int, int]:
    """Before items are deleted: drop the facts they taught, undo their retractions.

    Returns (facts removed, facts current again).
    """
    removed = reopened = 0
    for part in _batches(list(item_ids)):
        marks = ", ".join("?" for _ in part)
        for fact in run(
            f"SELECT * FROM mem_facts WHERE item_id IN ({marks}) ORDER BY id DESC", part
        ):
            reopened += _delete_fact(run, fact)
            removed += 1
        for fact in run(
            f"SELECT * FROM mem_facts WHERE ended_item IN ({marks}) AND ended_by = 'retracted'",
            part,
        ):
            reopened += _reopen(run, fact)
    return removed, reopened


def _delete_fact(run: Run, fact: Any) -> int:
    """Delete a learned fact; if it was current, its predecessor is current again."""
    predecessor = fact["supersedes"]
    # Later facts that superseded this one now supersede its predecessor.
    run("UPDATE mem_facts SET supersedes=? WHERE supersedes=?", (predecessor, fact["id"]))
    run("DELETE FROM mem_facts WHERE id=?", (fact["id"],))
    if fact["valid_to"] is None and predecessor is not None:
        rows = run("SELECT * FROM mem_facts WHERE id=?", (predecessor,))
        if rows and rows[0]["ended_by"] == "superseded":
            return _reopen(run, rows[0])
    return 0


def _reopen(run: Run, fact: Any) -> int:
    if run("SELECT 1 FROM mem_facts WHERE key=? AND valid_to IS NULL", (fact["key"],)):
        return 0
    run(
        "UPDATE mem_facts SET valid_to=NULL, ended_by=NULL, ended_item=NULL WHERE id=?",
        (fact["id"],),
    )
    return 1
