"""Which tools the local backend lets the model call again within one user turn."""

from __future__ import annotations

from familiar.models.base import ChatRequest, Message, ToolCall, ToolSpec
from familiar.models.llama import _callable

TOOLS = [
    ToolSpec(name=n, description=n, parameters={"type": "object", "properties": {}})
    for n in ("create_reminder", "list_reminders")
]


def _turn(ok: bool) -> list[Message]:
    call = ToolCall(id="c1", name="create_reminder", arguments={"text": "x", "when": "y"})
    return [
        Message(role="user", content="remind me"),
        Message(role="assistant", tool_calls=[call]),
        Message(role="tool", tool_call_id="c1", name=call.name, content="r", is_error=not ok),
    ]


def test_a_tool_that_succeeded_is_not_offered_again_in_the_turn() -> None:
    request = ChatRequest(messages=_turn(ok=True), tools=TOOLS)
    assert [t.name for t in _callable(request)] == ["list_reminders"]


def test_a_tool_that_failed_may_be_retried() -> None:
    request = ChatRequest(messages=_turn(ok=False), tools=TOOLS)
    assert [t.name for t in _callable(request)] == ["create_reminder", "list_reminders"]


def test_a_new_user_message_starts_afresh() -> None:
    messages = [
        *_turn(ok=True),
        Message(role="assistant", content="done"),
        Message(role="user", content="again"),
    ]
    assert len(_callable(ChatRequest(messages=messages, tools=TOOLS))) == 2
