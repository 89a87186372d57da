"""A model that replays given outputs, for tests of the loop (no weights needed)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from familiar.errors import Cancelled
from familiar.models.base import ChatModel, ChatRequest, ChatResponse, OnText, ToolCall, Usage

Step = str | ToolCall | list[ToolCall] | Callable[[ChatRequest], ChatResponse]


def call(name: str, **arguments: Any) -> ToolCall:
    """A tool call for a script, e.g. `call("create_reminder", text="x", when="6pm")`."""
    return ToolCall(id="", name=name, arguments=arguments)


class ScriptedModel(ChatModel):
    """Replays a script: each step is text, a tool call, a list of calls, or a function.

    Every request it receives is kept in `requests`, so a test can check what the
    model was shown.
    """

    name = "scripted"

    def __init__(self, steps: Iterable[Step], context: int = 4096) -> None:
        self._steps = list(steps)
        self._context = context
        self.requests: list[ChatRequest] = []

    @property
    def context_size(self) -> int:
        """Pretend context size, so tests can exercise trimming."""
        return self._context

    def complete(
        self,
        request: ChatRequest,
        on_text: OnText | None = None,
        cancel: threading.Event | None = None,
    ) -> ChatResponse:
        """Return the next scripted step."""
        self.requests.append(request)
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if not self._steps:
            raise AssertionError("the scripted model ran out of steps")
        step = self._steps.pop(0)
        prompt = sum(self.count_tokens(m.content) for m in request.messages)
        usage = Usage(prompt_tokens=prompt, prompt_tokens_processed=prompt)
        if callable(step):
            return step(request)
        if isinstance(step, str):
            for word in step.split(" "):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                if on_text is not None:
                    on_text(word + " ")
            usage.completion_tokens = self.count_tokens(step)
            return ChatResponse(text=step, usage=usage, raw=step)
        calls = [step] if isinstance(step, ToolCall) else step
        numbered = [
            c.model_copy(update={"id": c.id or f"call_{len(self.requests)}_{i}"})
            for i, c in enumerate(calls)
        ]
        raw = "; ".join(f"{c.name}({c.arguments})" for c in numbered)
        return ChatResponse(tool_calls=numbered, usage=usage, raw=raw, finish_reason="tool_calls")
