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


def test_the_same_failed_call_twice_takes_the_tool_out_of_the_turn() -> None:
    first, again = _turn(ok=False), _turn(ok=False)[1:]
    again[0].tool_calls[0].id = again[1].tool_call_id = "c2"
    request = ChatRequest(messages=[*first, *again], tools=TOOLS)
    assert [t.name for t in _callable(request)] == ["list_reminders"]


def test_a_second_failure_with_other_arguments_may_still_be_retried() -> None:
    first = _turn(ok=False)
    other = ToolCall(id="c2", name="create_reminder", arguments={"text": "x", "when": "z"})
    messages = [
        *first,
        Message(role="assistant", tool_calls=[other]),
        Message(role="tool", tool_call_id="c2", name=other.name, content="r", is_error=True),
    ]
    names = [t.name for t in _callable(ChatRequest(messages=messages, tools=TOOLS))]
    assert names == ["create_reminder", "list_reminders"]


def test_only_the_callable_tools_are_offered_for_a_call() -> None:
    request = ChatRequest(messages=_turn(ok=False), tools=TOOLS, callable=["list_reminders"])
    assert [t.name for t in _callable(request)] == ["list_reminders"]
