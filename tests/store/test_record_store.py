"""The kernel's records (runs, steps, reminders): one contract, every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backends import on_both_backends
from familiar.errors import ExternalError
from familiar.store import RecordStore, Store

LISBON = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 26, 14, 5, tzinfo=LISBON)


@on_both_backends
def test_a_run_and_its_steps_come_back_in_order_with_their_json(
    record_store: RecordStore,
) -> None:
    run_id = record_store.start_run("remind me to call Mom", "cli", "qwen", NOW)
    assert record_store.run(run_id) is not None
    assert record_store.run(run_id).status == "running"  # type: ignore[union-attr]
    first = record_store.add_step(
        run_id,
        "model",
        NOW,
        seconds=0.5,
        prompt_tokens=120,
        output='{"tool": "x"}',
        offered=["add_reminder", "recall"],
    )
    second = record_store.add_step(
        run_id,
        "tool",
        NOW + timedelta(seconds=1),
        seconds=0.01,
        tool="add_reminder",
        arguments={"text": "call Mom", "when": "6pm", "nested": {"é": [1, 2]}},
        labels={"result": "trusted"},
        decision="allow",
    )
    record_store.finish_run(run_id, "ok", NOW + timedelta(seconds=2), answer="Done.")

    steps = record_store.steps(run_id)
    assert [(s.id, s.idx, s.kind) for s in steps] == [(first, 0, "model"), (second, 1, "tool")]
    assert steps[0].prompt_tokens == 120 and steps[0].arguments is None
    assert steps[0].offered == ["add_reminder", "recall"] and steps[1].offered is None
    assert steps[1].arguments == {"text": "call Mom", "when": "6pm", "nested": {"é": [1, 2]}}
    assert steps[1].labels == {"result": "trusted"} and steps[1].decision == "allow"
    assert steps[1].started_at == NOW + timedelta(seconds=1)
    run = record_store.run(run_id)
    assert run is not None
    assert (run.status, run.answer, run.error) == ("ok", "Done.", None)
    assert run.finished_at == NOW + timedelta(seconds=2)
    assert record_store.run(run_id + 1000) is None
    assert record_store.steps(run_id + 1000) == []


@on_both_backends
def test_runs_are_listed_newest_first_within_the_limit(record_store: RecordStore) -> None:
    ids = [record_store.start_run(f"request {n}", "cli", "m", NOW) for n in range(5)]
    record_store.finish_run(ids[1], "error", NOW, error="boom")
    assert [r.id for r in record_store.runs(3)] == ids[::-1][:3]
    assert [r.request for r in record_store.runs()] == [f"request {n}" for n in range(4, -1, -1)]
    assert next(r for r in record_store.runs() if r.id == ids[1]).error == "boom"


@on_both_backends
def test_reminders_come_due_are_notified_once_and_completed(record_store: RecordStore) -> None:
    run_id = record_store.start_run("remind me", "cli", "m", NOW)
    soon = record_store.add_reminder(
        "water plants", NOW + timedelta(hours=1), "Europe/Lisbon", NOW, run_id
    )
    later = record_store.add_reminder("call Mom", NOW + timedelta(days=1), "UTC", NOW, None)
    earlier = record_store.add_reminder("pay rent", NOW - timedelta(hours=2), "UTC", NOW, None)
    assert soon.run_id == run_id and soon.due_at == NOW + timedelta(hours=1)
    assert soon.done_at is None and soon.notified_at is None and soon.timezone == "Europe/Lisbon"
    assert record_store.reminder(later.id) == later
    assert record_store.reminder(later.id + 1000) is None
    assert [r.id for r in record_store.reminders()] == [earlier.id, soon.id, later.id]

    at = NOW + timedelta(hours=2)
    due = record_store.due_reminders(at)
    assert [r.id for r in due] == [earlier.id, soon.id]
    record_store.mark_notified([r.id for r in due], at)
    assert record_store.due_reminders(at) == []
    assert [r.id for r in record_store.due_reminders(at, unnotified_only=False)] == [
        earlier.id,
        soon.id,
    ]

    assert record_store.complete_reminder(earlier.id, at) is True
    assert record_store.complete_reminder(earlier.id, at) is False  # already done
    assert record_store.complete_reminder(later.id + 1000, at) is False
    assert [r.id for r in record_store.reminders()] == [soon.id, later.id]
    done = [r for r in record_store.reminders(include_done=True) if r.id == earlier.id]
    assert done[0].done_at == at and done[0].notified_at == at


@on_both_backends
def test_naive_times_are_refused(record_store: RecordStore) -> None:
    with pytest.raises(ValueError, match="aware"):
        record_store.start_run("x", "cli", "m", datetime(2026, 1, 1))


@on_both_backends
def test_migrations_are_named_applied_once_and_survive_a_reopen(
    record_store: RecordStore, backend: str, request: pytest.FixtureRequest
) -> None:
    applied = record_store.migrations()
    assert applied and applied == sorted(applied)
    run_id = record_store.start_run("kept", "cli", "m", NOW.astimezone(UTC))
    if backend == "postgres":
        from familiar.store.postgres import PostgresStore

        again: RecordStore = PostgresStore(request.getfixturevalue("pg_url"))
    else:
        again = Store(record_store.path)  # type: ignore[attr-defined]
    try:
        assert again.migrations() == applied
        kept = again.run(run_id)
        assert kept is not None and kept.request == "kept"
    finally:
        again.close()


@pytest.mark.parametrize("backend", ["postgres"])
def test_a_server_that_went_away_fails_one_call_and_the_next_reconnects(
    record_store: RecordStore, pg_server: str
) -> None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    first = record_store.start_run("before", "cli", "m", NOW)
    database = conninfo_to_dict(record_store.url)["dbname"]  # type: ignore[attr-defined]
    with psycopg.connect(pg_server, autocommit=True) as admin:  # as a server restart would
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (database,),
        )
    with pytest.raises(ExternalError, match=r"^the PostgreSQL store .* went away .*try again$"):
        record_store.start_run("lost", "cli", "m", NOW)
    second = record_store.start_run("after", "cli", "m", NOW)
    assert [r.request for r in record_store.runs()] == ["after", "before"]
    assert second > first


@on_both_backends
def test_skill_state_is_saved_replaced_and_deleted(record_store: RecordStore) -> None:
    from familiar.clock import fixed_clock
    from familiar.skills import SkillRegistry, builtin_skills

    registry = SkillRegistry(record_store, fixed_clock(NOW), builtin_skills(), plugins=list)
    registry.disable("memory", ["forget"])
    registry.disable("reminders")
    again = SkillRegistry(record_store, fixed_clock(NOW), builtin_skills(), plugins=list)
    names = [t.name for t in again.tools()]
    assert "forget" not in names and "recall" in names and "create_reminder" not in names
    assert sorted(record_store.skill_states()) == ["memory", "reminders"]
    record_store.save_skill_state("reminders", {"origin": "builtin", "enabled": True}, NOW)
    assert record_store.skill_states()["reminders"] == {"origin": "builtin", "enabled": True}
    assert record_store.delete_skill_state("reminders") is True
    assert record_store.delete_skill_state("reminders") is False
