"""The tool gate: requests about the user's data must call a tool; small talk need not."""

from __future__ import annotations

import pytest
from kernelhelpers import MakeAgent

from familiar.kernel.agent import Request
from familiar.kernel.tool_gate import ToolGate
from familiar.memory.embedder import Embedder
from familiar.models.scripted import ScriptedModel, call
from familiar.skills import default_tools

TOOLS = default_tools()


@pytest.mark.parametrize(
    "text",
    [
        "what reminders do I have?",
        "what time is it?",
        "show me my to-do list",
        "remind me to call Mom tomorrow at 6pm",
        "when does my passport expire?",
    ],
)
def test_requests_about_the_users_data_need_a_tool(embedder: Embedder, text: str) -> None:
    assert ToolGate(embedder).needs_tool(text, TOOLS)


@pytest.mark.parametrize(
    "text", ["hi, who are you?", "what is the capital of France?", "thanks!", "tell me a joke"]
)
def test_small_talk_and_general_questions_do_not(embedder: Embedder, text: str) -> None:
    assert not ToolGate(embedder).needs_tool(text, TOOLS)


def test_only_the_first_step_is_required_to_call(make_agent: MakeAgent, embedder: Embedder) -> None:
    agent = make_agent([call("list_reminders")])
    agent.gate = ToolGate(embedder)
    agent.run(Request("what reminders do I have?"))
    chat = make_agent(["Hello!"])
    chat.gate = ToolGate(embedder)
    chat.run(Request("hi, who are you?"))
    model, other = agent.model, chat.model
    assert isinstance(model, ScriptedModel) and isinstance(other, ScriptedModel)
    assert model.requests[0].tool_choice == "required"
    assert other.requests[0].tool_choice == "auto"
