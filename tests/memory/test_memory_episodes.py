"""Episode summaries of past runs: stored, searchable, and gone with what they cite."""

from __future__ import annotations

from datetime import timedelta

from memhelpers import NOW

from familiar.memory import Filters, Memory
from familiar.memory.episodes import summarize_runs
from familiar.models.scripted import ScriptedModel
from familiar.store import Store


def _runs(store: Store) -> list[int]:
    ids = []
    for n, (request, answer) in enumerate(
        [("book a table at Tasca for Friday", "Booked for 8pm."), ("what's the weather", "Sunny.")]
    ):
        run = store.start_run(request, "cli", "scripted", NOW + timedelta(minutes=n))
        store.finish_run(run, "ok", NOW + timedelta(minutes=n, seconds=30), answer=answer)
        ids.append(run)
    return ids


def test_without_a_model_the_summary_lists_requests_and_outcomes(
    memory: Memory, store: Store
) -> None:
    episode = summarize_runs(memory, store, _runs(store))
    assert episode is not None and episode.kind == "episode" and not episode.trusted
    assert episode.text == (
        "- book a table at Tasca for Friday -> Booked for 8pm.\n- what's the weather -> Sunny."
    )
    assert memory.search("Tasca table", mode="text")[0].item.id == episode.id
    assert summarize_runs(memory, store, [999]) is None


def test_a_model_summary_is_stored_and_forgetting_a_cited_item_removes_it(
    memory: Memory, store: Store
) -> None:
    note = memory.remember("Tasca's phone is 213 000 000")
    model = ScriptedModel(["The user booked Tasca for Friday at 8pm."])
    episode = summarize_runs(memory, store, _runs(store), model=model, cites=[note.item.id])
    assert episode is not None and episode.text == "The user booked Tasca for Friday at 8pm."
    assert "book a table at Tasca" in model.requests[0].messages[1].content
    memory.forget(note.item.id)
    assert memory.store.items(Filters(kinds=("episode",)), 5) == []
