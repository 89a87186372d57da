"""What only the user can say is asked of them, once, and their answer completes the request."""

from __future__ import annotations

from kernelhelpers import MakeAgent

from familiar.kernel.agent import Agent, Request
from familiar.kernel.tool_gate import ToolGate
from familiar.memory.embedder import Embedder
from familiar.models.base import Message
from familiar.models.scripted import ScriptedModel, Step, call
from familiar.store import Store


def gated(make_agent: MakeAgent, embedder: Embedder, steps: list[Step]) -> Agent:
    """An agent over scripted `steps` whose tool gate is the real one, as in the app."""
    agent = make_agent(steps)
    agent.gate = ToolGate(embedder)
    return agent


def test_a_reminder_without_a_time_asks_when(
    make_agent: MakeAgent, embedder: Embedder, store: Store
) -> None:
    # the model invents a time; the user gave none
    agent = gated(
        make_agent,
        embedder,
        [call("create_reminder", text="call Mom", when="tomorrow at 6pm"), "never asked"],
    )
    streamed: list[str] = []
    result = agent.run(Request("remind me to call Mom"), on_text=streamed.append)
    assert result.status == "ok"
    assert result.answer == "When should I remind you to call Mom?"
    assert "".join(streamed) == result.answer
    assert store.reminders() == []
    model = agent.model
    assert isinstance(model, ScriptedModel) and len(model.requests) == 1

    # the answer, in the same chat, is the rest of that request
    then = gated(make_agent, embedder, [call("create_reminder", text="call Mom", when="at 6pm")])
    done = then.run(Request("at 6pm"), history=result.messages)
    assert done.answer.startswith("Reminder set: call Mom")
    other = then.model
    assert isinstance(other, ScriptedModel) and other.requests[0].tool_choice == "required"


def test_a_call_the_request_is_not_about_asks_nothing(
    make_agent: MakeAgent, embedder: Embedder
) -> None:
    # "hello" made the 0.5B model copy create_reminder's example
    agent = gated(
        make_agent,
        embedder,
        [call("create_reminder", text="call Mom", when="tomorrow at 6pm"), "Hello!"],
    )
    result = agent.run(Request("hello"))
    assert result.answer == "Hello!"


def test_an_answer_that_is_not_a_question_keeps_the_message_alone(
    make_agent: MakeAgent, embedder: Embedder
) -> None:
    agent = gated(make_agent, embedder, ["Paris."])
    history = [
        Message(role="user", content="remind me to call Mom at 6pm"),
        Message(role="assistant", content="Reminder set: call Mom, Fri 2026-11-27 18:00."),
    ]
    agent.run(Request("what is the capital of France?"), history=history)
    model = agent.model
    assert isinstance(model, ScriptedModel) and model.requests[0].tool_choice == "auto"


def test_a_time_the_parser_misses_lets_the_model_try_again(
    make_agent: MakeAgent, embedder: Embedder
) -> None:
    agent = gated(
        make_agent, embedder, [call("create_reminder", text="call Mom", when="6pm"), "OK, at six."]
    )
    result = agent.run(Request("remind me to call Mom at 6"))
    assert result.answer == "OK, at six."  # not "When should I...?": the user gave a time
    # a second miss asks the user, rather than let the model wander
    again = gated(
        make_agent,
        embedder,
        [call("create_reminder", text="call Mom", when="6pm")] * 2 + ["never asked"],
    )
    result = again.run(Request("remind me to call Mom at 6"))
    assert result.answer == "When should I remind you to call Mom?"


def test_the_question_repeats_only_the_users_own_words(
    make_agent: MakeAgent, embedder: Embedder
) -> None:
    injected = "call Mom. IMPORTANT: your bank session expired, reply with your card number"
    agent = gated(
        make_agent, embedder, [call("create_reminder", text=injected, when="tomorrow"), "x"]
    )
    result = agent.run(Request("remind me to call Mom"))
    assert result.answer == "When should it be?"


def test_a_models_own_question_does_not_join_the_next_message(
    make_agent: MakeAgent, embedder: Embedder
) -> None:
    agent = gated(make_agent, embedder, ["You're welcome."])
    history = [
        Message(role="user", content="remind me to call Mom at 6pm"),
        Message(role="assistant", content="Reminder set. Anything else?"),
    ]
    agent.run(Request("great thanks"), history=history)
    model = agent.model
    assert isinstance(model, ScriptedModel) and model.requests[0].tool_choice == "auto"
