"""Episode summaries of past runs: stored, searchable, and gone with what they cite."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from memhelpers import NOW

from familiar.memory import Filters, Memory
from familiar.memory.episodes import pending_conversations, summarize_conversation, summarize_runs
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


def _finished(store: Store, request: str, answer: str, at: datetime, channel: str) -> int:
    run = store.start_run(request, channel, "scripted", at)
    store.finish_run(run, "ok", at + timedelta(seconds=20), answer=answer)
    return run


def _cited(store: Store, episode_id: int) -> set[int]:
    with sqlite3.connect(store.path) as db:
        rows = db.execute(
            "SELECT item_id FROM mem_episode_sources WHERE episode_id=?", (episode_id,)
        ).fetchall()
    return {int(r[0]) for r in rows}


def test_pending_conversations_are_summarised_once_citing_what_their_runs_touched(
    memory: Memory, store: Store
) -> None:
    note = memory.remember("Tasca's phone is 213 000 000").item
    asked = store.start_run("what's Tasca's number?", "chat", "scripted", NOW)
    store.add_step(
        asked, "tool", NOW, seconds=0.1, output=f'{{"results": [{{"id": "{note.ref}"}}]}}'
    )
    store.finish_run(asked, "ok", NOW + timedelta(seconds=20), answer=f"213 000 000 [{note.ref}]")
    told = _finished(store, "I'm vegetarian", "Noted.", NOW + timedelta(minutes=3), "chat")
    learned = memory.learn_from_turn("I'm vegetarian", run_id=told)
    later = _finished(store, "what's the weather", "Sunny.", NOW + timedelta(hours=3), "chat")
    store.start_run("still going", "chat", "scripted", NOW + timedelta(hours=4))

    groups = pending_conversations(memory, store)
    assert groups == [[asked, told], [later]]
    model = ScriptedModel(["The user asked for Tasca's number.", "The user asked the weather."])
    first, second = (summarize_conversation(memory, store, g, model=model) for g in groups)
    assert first is not None and second is not None
    assert first.text == "The user asked for Tasca's number." and first.kind == "episode"
    assert not first.trusted and not second.trusted
    assert "what's Tasca's number?" in model.requests[0].messages[1].content
    assert _cited(store, first.id) == {note.id, learned[0].item_id}
    assert _cited(store, second.id) == set()
    assert pending_conversations(memory, store) == []
    kinds_only = Filters(kinds=("episode",))
    assert memory.search("Tasca number", filters=kinds_only, mode="text")[0].item.id == first.id

    memory.forget(note.id)
    assert [e.id for e in memory.store.items(kinds_only, 5)] == [second.id]
