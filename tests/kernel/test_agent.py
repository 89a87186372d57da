"""The step loop: tool calls, reflection on errors, the budget, cancellation, records."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from kernelhelpers import LISBON, MakeAgent

from familiar.errors import Cancelled
from familiar.kernel.agent import Request
from familiar.models.base import ChatRequest, ChatResponse
from familiar.models.scripted import ScriptedModel, call
from familiar.store import Store


def test_a_reminder_lands_in_the_store_at_the_resolved_time(
    make_agent: MakeAgent, store: Store
) -> None:
    agent = make_agent([call("create_reminder", text="call Mom", when="tomorrow at 6pm")])
    result = agent.run(Request("remind me to call Mom tomorrow at 6pm"))
    assert result.status == "ok"
    # the tool's reply is the answer: no second model call to confirm it
    assert result.answer == "Reminder set: call Mom, Fri 2026-11-27 18:00."
    [reminder] = store.reminders()
    assert reminder.text == "call Mom"
    assert reminder.due_at.astimezone(LISBON) == datetime(2026, 11, 27, 18, 0, tzinfo=LISBON)
    run = store.run(result.run_id)
    assert run is not None and run.status == "ok"
    steps = store.steps(result.run_id)
    assert [(s.kind, s.tool) for s in steps] == [("model", None), ("tool", "create_reminder")]
    # the record says what the model could call, to explain a wrong or missing call
    assert steps[0].offered is not None and "create_reminder" in steps[0].offered
    assert [t.name for t in agent.offer("x").callable] == steps[0].offered


def test_the_tool_result_is_shown_to_the_model(make_agent: MakeAgent) -> None:
    agent = make_agent([[call("list_reminders"), call("recall", query="Mom")], "None."])
    agent.run(Request("what reminders do I have, and notes about Mom?"))
    model = agent.model
    assert isinstance(model, ScriptedModel)
    second = model.requests[1].messages
    assert second[-2].role == "tool" and second[-2].name == "list_reminders"
    assert '"reminders": []' in second[-2].content
    assert second[-1].name == "recall" and 'trust="untrusted"' in second[-1].content
    assert second[0].role == "system" and "familiar" in second[0].content
    assert [t.name for t in model.requests[0].tools][:3] == [
        "create_reminder",
        "list_reminders",
        "complete_reminder",
    ]


def test_errors_go_back_to_the_model_which_can_retry(make_agent: MakeAgent, store: Store) -> None:
    agent = make_agent(
        [
            call("no_such_tool"),
            call("create_reminder", text="call Mom"),  # missing 'when'
            call("create_reminder", text="   ", when="tomorrow at 6pm"),
            call("create_reminder", text="call Mom", when="tomorrow at 6pm"),
        ]
    )
    result = agent.run(Request("remind me to call Mom tomorrow at 6pm"))
    assert result.status == "ok"
    model = agent.model
    assert isinstance(model, ScriptedModel)
    feedback = [r.messages[-1].content for r in model.requests[1:4]]
    assert "unknown tool 'no_such_tool'; available: create_reminder" in feedback[0]
    assert "invalid arguments for create_reminder (when: Field required)" in feedback[1]
    assert "the reminder text is empty" in feedback[2]
    assert len(store.reminders()) == 1


def test_the_users_time_words_win_over_the_models_paraphrase(
    make_agent: MakeAgent, store: Store
) -> None:
    agent = make_agent(
        [call("create_reminder", text="water the plants on Friday", when="tomorrow at 6pm")]
    )
    agent.run(Request("remind me to water the plants on friday"))
    [reminder] = store.reminders()
    assert reminder.text == "water the plants"
    assert reminder.due_at.astimezone(LISBON) == datetime(2026, 11, 27, 9, 0, tzinfo=LISBON)


def test_a_time_the_user_never_gave_is_not_invented(make_agent: MakeAgent, store: Store) -> None:
    agent = make_agent([call("create_reminder", text="buy milk", when="tomorrow at 6pm"), "When?"])
    result = agent.run(Request("remind me to buy milk"))
    assert store.reminders() == []
    assert result.answer == "When?"
    model = agent.model
    assert isinstance(model, ScriptedModel)
    assert "the user did not say when; ask them when" in model.requests[1].messages[-1].content


def test_silence_after_failed_calls_is_answered_again_without_tools(
    make_agent: MakeAgent, store: Store
) -> None:
    copied = call("create_reminder", text="call Mom", when="tomorrow at 6pm")
    agent = make_agent([copied, copied, "", "Hello! How can I help?"])
    shown: list[str] = []
    result = agent.run(Request("hello"), on_text=shown.append)
    assert result.status == "ok" and result.answer == "Hello! How can I help?"
    assert "".join(shown).strip() == "Hello! How can I help?"  # a chat shows it as it comes
    assert store.reminders() == []
    model = agent.model
    assert isinstance(model, ScriptedModel)
    last = model.requests[-1]
    assert last.tools == [] and last.messages[-1].content == "hello"
    assert all(m.role != "tool" for m in last.messages)  # the failed calls are not shown
    kinds = [s.kind for s in store.steps(result.run_id)]
    assert kinds == ["model", "tool", "model", "tool", "model", "model"]


def test_an_empty_answer_is_asked_for_once_more_and_only_once(make_agent: MakeAgent) -> None:
    agent = make_agent(["", ""])
    assert agent.run(Request("hello")).answer == ""
    model = agent.model
    assert isinstance(model, ScriptedModel) and len(model.requests) == 2
    assert model.requests[1].tools == []


def test_the_step_budget_ends_the_run_with_a_clear_message(
    make_agent: MakeAgent, store: Store
) -> None:
    from familiar.config import Settings

    agent = make_agent(
        [call("no_such_tool")] * 3, settings=Settings(timezone="Europe/Lisbon", max_steps=3)
    )
    result = agent.run(Request("do the impossible"))
    assert result.status == "budget"
    assert "could not finish this within 3 steps" in result.answer
    assert "unknown tool" in result.answer
    run = store.run(result.run_id)
    assert run is not None and run.status == "budget"


def test_cancellation_is_recorded(make_agent: MakeAgent, store: Store) -> None:
    cancel = threading.Event()

    def cancel_midway(request: ChatRequest) -> ChatResponse:
        cancel.set()
        raise KeyboardInterrupt

    agent = make_agent([cancel_midway])
    with pytest.raises(Cancelled):
        agent.run(Request("tell me a long story"), cancel=cancel)
    [run] = store.runs()
    assert run.status == "cancelled"
    assert run.error == "cancelled by the user"


def test_text_streams_through_on_text(make_agent: MakeAgent) -> None:
    agent = make_agent(["Hello there, friend."])
    chunks: list[str] = []
    result = agent.run(Request("hi"), on_text=chunks.append)
    assert "".join(chunks).strip() == result.answer == "Hello there, friend."


def test_a_long_chat_keeps_working_by_dropping_the_oldest_turns(make_agent: MakeAgent) -> None:
    answers = [f"answer number {i} " + "blah " * 60 for i in range(12)]
    agent = make_agent(list(answers), context=2000)
    history = []
    for i in range(12):
        result = agent.run(Request(f"question {i} " + "word " * 60), history=history)
        history.extend(result.messages)
    model = agent.model
    assert isinstance(model, ScriptedModel)
    last = model.requests[-1]
    text = " ".join(m.content for m in last.messages)
    assert "question 11" in text and "question 10" in text
    assert "question 0 " not in text
    assert "earlier turns of this conversation are not shown" in last.messages[1].content
    total = sum(model.count_tokens(m.content) for m in last.messages)
    assert total < 2000 - 400
