"""The one interface every model backend implements."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, Field

Role = Literal["system", "user", "assistant", "tool"]


class ToolCall(BaseModel):
    """A call the model proposes; arguments are parsed JSON, validated later."""

    id: str
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class Message(BaseModel):
    """One chat message in the OpenAI-style shape every backend understands."""

    role: Role
    content: str = ""
    tool_calls: list[ToolCall] = Field(default_factory=list)
    tool_call_id: str | None = None
    name: str | None = None  # the tool's name on a tool message
    is_error: bool = False  # a tool message reporting a failed call (the model may retry)


class ToolSpec(BaseModel):
    """A tool as offered to the model: name, description, JSON schema of its arguments."""

    name: str
    description: str
    parameters: dict[str, Any]


class ChatRequest(BaseModel):
    """What the kernel asks a model for.

    The messages start with the stable prefix (system text), and `tools` are always
    given in the same order, so a backend can reuse the cached prefix across requests.
    """

    messages: list[Message]
    tools: list[ToolSpec] = Field(default_factory=list)
    output_schema: dict[str, Any] | None = None  # answer must be JSON matching this
    tool_choice: Literal["auto", "required"] = "auto"  # required: call one of `tools`
    # How many leading `tools` are the same in every request (the cacheable prefix);
    # None: all of them. The rest were selected for this request, and a local backend
    # offers them in brief (one line each) since it must prefill them every time.
    stable_tools: int | None = None
    # Names of the `tools` the model may call for this request; None: all of them. The
    # others are only shown (they keep the cached prefix the same for every request).
    callable: list[str] | None = None
    temperature: float = 0.0
    max_tokens: int = 400
    seed: int = 0

    def tools_callable(self) -> list[str]:
        """Names of the tools the model may call, in order."""
        names = [t.name for t in self.tools]
        return names if self.callable is None else [n for n in names if n in self.callable]


class Usage(BaseModel):
    """Token counts and timings of one model call."""

    prompt_tokens: int = 0  # tokens in the whole prompt
    prompt_tokens_processed: int = 0  # of those, tokens actually computed (not from cache)
    completion_tokens: int = 0
    prefill_seconds: float = 0.0  # until the first output token
    decode_seconds: float = 0.0  # from the first to the last output token


class ChatResponse(BaseModel):
    """The model's answer: text, or tool calls, or both."""

    text: str = ""
    tool_calls: list[ToolCall] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    finish_reason: str = "stop"
    raw: str = ""  # the model's output as generated, for run records


OnText = Callable[[str], None]
"""Receives answer text as it is generated (never tool-call JSON)."""


class ChatModel(ABC):
    """A chat model backend."""

    name: str = "model"
    supports_streaming: bool = True
    local: bool = True  # False when requests leave the device

    @abstractmethod
    def complete(
        self,
        request: ChatRequest,
        on_text: OnText | None = None,
        cancel: threading.Event | None = None,
    ) -> ChatResponse:
        """Answer `request`; stream text through `on_text`; stop early when `cancel` is set.

        Raises `familiar.errors.Cancelled` when cancelled and `ExternalError` when the
        backend fails. KeyboardInterrupt propagates unchanged.
        """

    def count_tokens(self, text: str) -> int:
        """Approximate token count, used to fit the conversation in the context."""
        return max(1, len(text) // 4)

    @property
    def context_size(self) -> int:
        """Tokens the model can attend to."""
        return 4096

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (model memory, connections)."""
