"""Compound requests: each part a tool can do gets done, and one request stays one."""

from __future__ import annotations

from kernelhelpers import MakeAgent

from familiar.config import Paths, Settings
from familiar.kernel.agent import Request
from familiar.kernel.parts import request_parts, unserved_part
from familiar.models.scripted import ScriptedModel, call
from familiar.skills import default_tools
from familiar.store import Store

TOOLS = default_tools()


def test_a_request_is_split_where_another_may_begin() -> None:
    assert request_parts("remind me at 6pm and add milk to my groceries note") == [
        "remind me at 6pm",
        "add milk to my groceries note",
    ]
    assert request_parts("what time is it? also remind me to stretch; then tidy up") == [
        "what time is it?",
        "remind me to stretch",
        "tidy up",
    ]
    assert request_parts("what reminders do I have") == ["what reminders do I have"]


def test_a_part_in_a_domain_no_called_tool_has_is_left() -> None:
    left = unserved_part(
        "remind me to call Mom at 6pm and add milk to my groceries note", {"create_reminder"}, TOOLS
    )
    assert left is not None
    assert left.part == "add milk to my groceries note"
    assert [t.name for t in left.tools] == ["append_note"]  # a command: tools that act


def test_a_question_is_left_only_to_tools_that_read() -> None:
    text = "remind me to call Mom and what's in my notes?"
    left = unserved_part(text, {"create_reminder"}, TOOLS)
    assert left is not None and left.part == "what's in my notes?"
    assert [t.name for t in left.tools] == ["recall"]
    # a command names its action: "a note about" is not a search
    left = unserved_part("remind me at 6 and add a note about milk", {"create_reminder"}, TOOLS)
    assert left is not None and [t.name for t in left.tools] == ["append_note"]


def test_a_part_no_tool_can_do_as_asked_is_left_alone() -> None:
    for text in (
        "remind me to call Mom and delete my groceries note",  # no tool deletes notes
        "remind me to call Mom and don't add anything to my notes",
        "remind me to call Mom. Thanks, my notes app is slow",
    ):
        assert unserved_part(text, {"create_reminder"}, TOOLS) is None, text


def test_one_request_with_and_in_it_stays_one() -> None:
    for text in (
        "remind me to buy eggs and milk tomorrow",
        "remind me to call Mom and Dad on Sunday",
        "remind me to email Ana and call the bank",  # "email" shares the reminder's domain
    ):
        assert unserved_part(text, {"create_reminder"}, TOOLS) is None, text
    # every part done
    both = "remind me at 6pm and add milk to my groceries note"
    assert unserved_part(both, {"create_reminder", "append_note"}, TOOLS) is None


def test_the_agent_does_the_second_part_too(
    make_agent: MakeAgent, store: Store, isolated_folders: Paths
) -> None:
    agent = make_agent(
        [
            call("create_reminder", text="call Mom", when="tomorrow at 6pm"),
            # the model tries more than asked: only the first call of this step runs
            [call("append_note", title="Groceries", text="milk"), call("append_note", title="x")],
        ]
    )
    streamed: list[str] = []
    result = agent.run(
        Request("remind me to call Mom tomorrow at 6pm and add milk to my groceries note"),
        on_text=streamed.append,
    )
    assert result.status == "ok"
    assert result.answer == (
        "Reminder set: call Mom, Fri 2026-11-27 18:00.\nAdded to Groceries: milk"
    )
    assert "".join(streamed) == result.answer
    assert [r.text for r in store.reminders()] == ["call Mom"]
    note = (isolated_folders.data_dir / "notes" / "Groceries.md").read_text(encoding="utf-8")
    assert "- milk (" in note
    assert not (isolated_folders.data_dir / "notes" / "x.md").exists()
    model = agent.model
    assert isinstance(model, ScriptedModel)
    second = model.requests[1]
    assert second.tool_choice == "required" and second.callable == ["append_note"]
    assert second.messages[-1].role == "user"
    assert second.messages[-1].content == "add milk to my groceries note"
    steps = store.steps(result.run_id)
    assert [s.tool for s in steps if s.kind == "tool"] == ["create_reminder", "append_note"]
    assert steps[2].offered == ["append_note"]
    # a chat's history holds what the user said and the whole answer, not the split
    users = [m for m in result.messages if m.role == "user"]
    assert len(users) == 1 and users[0].content.endswith("add milk to my groceries note")
    assert result.messages[-1].role == "assistant"
    assert result.messages[-1].content == result.answer


def test_with_no_step_left_the_rest_is_said_not_done(make_agent: MakeAgent) -> None:
    agent = make_agent(
        [call("create_reminder", text="call Mom", when="tomorrow at 6pm")],
        settings=Settings(timezone="Europe/Lisbon", max_steps=1),
    )
    result = agent.run(
        Request("remind me to call Mom tomorrow at 6pm and add milk to my groceries note")
    )
    assert result.status == "ok"
    assert result.answer == (
        "Reminder set: call Mom, Fri 2026-11-27 18:00.\n"
        "Not done: add milk to my groceries note (out of steps)"
    )


def test_a_failed_try_at_the_second_part_is_said(make_agent: MakeAgent) -> None:
    agent = make_agent(
        [
            call("create_reminder", text="call Mom", when="tomorrow at 6pm"),
            call("append_note", title="???", text="milk"),
            "never asked",
        ]
    )
    result = agent.run(
        Request("remind me to call Mom tomorrow at 6pm and add milk to my groceries note")
    )
    first, second = result.answer.split("\n")
    assert first == "Reminder set: call Mom, Fri 2026-11-27 18:00."
    assert second.startswith("Not done: add milk to my groceries note (append_note failed: ")
    assert "title" in second and second.count("failed") == 1  # the tool's own reason
    model = agent.model
    assert isinstance(model, ScriptedModel) and len(model.requests) == 2


def test_a_request_with_one_part_is_one_step(make_agent: MakeAgent) -> None:
    agent = make_agent([call("create_reminder", text="buy eggs and milk", when="tomorrow")])
    result = agent.run(Request("remind me to buy eggs and milk tomorrow"))
    model = agent.model
    assert isinstance(model, ScriptedModel) and len(model.requests) == 1
    assert result.answer.startswith("Reminder set: buy eggs and milk")
