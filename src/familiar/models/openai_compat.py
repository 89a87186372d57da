"""A model behind any OpenAI-compatible chat completions endpoint (streamed over SSE).

Failures before the first streamed byte (connection refused, a timeout, 429, 5xx) are
retried with exponential backoff and jitter; anything after text has been shown is not,
since a retry would repeat it. Two gaps of common local servers are bridged once and
remembered: a server that rejects `response_format: json_schema` is asked with
`json_object` plus the schema, and one that closes a streamed tool request without a
byte is asked again without streaming.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from familiar.errors import Cancelled, ExternalError, UserError
from familiar.models.base import (
    ChatModel,
    ChatRequest,
    ChatResponse,
    Message,
    OnText,
    ToolCall,
    Usage,
)

MAX_BACKOFF = 30.0


class _Retryable(Exception):
    """A failure worth another attempt; the message says what happened."""


class _NoStreamedTools(Exception):
    """The server closed a streamed request with tools without sending anything."""


class _NoJsonSchema(Exception):
    """The server rejected `response_format` of type json_schema."""


def message_to_wire(message: Message) -> dict[str, Any]:
    """One of our messages in the OpenAI chat shape."""
    if message.role == "tool":
        return {
            "role": "tool",
            "tool_call_id": message.tool_call_id or "",
            "content": message.content,
        }
    # content stays a string even beside tool calls: some servers reject null
    wire: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.tool_calls:
        wire["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {
                    "name": call.name,
                    "arguments": json.dumps(call.arguments, ensure_ascii=False),
                },
            }
            for call in message.tool_calls
        ]
    return wire


@dataclass
class _PendingCall:
    id: str = ""
    name: str = ""
    arguments: str = ""


@dataclass
class _Answer:
    """What has arrived so far of one streamed answer."""

    text: list[str] = field(default_factory=list)
    calls: dict[int, _PendingCall] = field(default_factory=dict)
    finish_reason: str | None = None
    usage: dict[str, Any] | None = None
    first_at: float | None = None
    last_at: float | None = None

    def add_call_delta(self, position: int, delta: dict[str, Any]) -> None:
        index = delta.get("index")
        key = index if isinstance(index, int) else position
        pending = self.calls.setdefault(key, _PendingCall())
        if isinstance(delta.get("id"), str) and delta["id"]:
            pending.id = delta["id"]
        function = delta.get("function") or {}
        # OpenAI sends the name once; llama_cpp.server repeats it in every chunk
        if isinstance(function.get("name"), str) and not pending.name:
            pending.name = function["name"]
        if isinstance(function.get("arguments"), str):
            pending.arguments += function["arguments"]


class OpenAICompatModel(ChatModel):
    """Chat completions over HTTP; requests leave the device (`local` is False)."""

    supports_streaming = True
    local = False

    def __init__(
        self,
        url: str,
        model: str,
        *,
        api_key: str | None,
        timeout: float,
        retries: int,
        name: str,
        backoff: float = 0.5,
        context: int = 8192,
        api_key_env: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.name = name
        self._timeout = timeout
        self._retries = retries
        self._backoff = backoff
        self._context = context
        self._key_hint = f" in ${api_key_env}" if api_key_env else ""
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=timeout, headers=headers, transport=transport)
        self._schema_style = "json_schema"
        self._stream_tools = True

    @property
    def context_size(self) -> int:
        """The context the endpoint's model is configured with."""
        return self._context

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    # --- the request ----------------------------------------------------------------

    def _body(self, request: ChatRequest) -> dict[str, Any]:
        stream = self._stream_tools or not request.tools
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [message_to_wire(m) for m in request.messages],
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
            "seed": request.seed,
            "stream": stream,
        }
        if stream:
            body["stream_options"] = {"include_usage": True}
        callable_names = set(request.tools_callable())
        if callable_names:
            body["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": t.name,
                        "description": t.description,
                        "parameters": t.parameters,
                    },
                }
                for t in request.tools
                if t.name in callable_names
            ]
            body["tool_choice"] = request.tool_choice
        if request.output_schema is not None:
            if self._schema_style == "json_schema":
                body["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": "answer", "schema": request.output_schema},
                }
            else:
                body["response_format"] = {"type": "json_object", "schema": request.output_schema}
        return body

    def complete(
        self,
        request: ChatRequest,
        on_text: OnText | None = None,
        cancel: threading.Event | None = None,
    ) -> ChatResponse:
        """Send the request, stream text to `on_text`, retry what is worth retrying."""
        attempt = 0
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            body = self._body(request)
            try:
                return self._attempt(body, on_text, cancel)
            except _NoJsonSchema:
                self._schema_style = "json_object"
            except _NoStreamedTools:
                self._stream_tools = False
            except _Retryable as exc:
                if attempt >= self._retries:
                    raise self._gave_up(str(exc)) from None
                attempt += 1
                self._sleep(attempt, cancel)

    def _sleep(self, attempt: int, cancel: threading.Event | None) -> None:
        # full jitter keeps many clients from retrying in step
        delay = min(MAX_BACKOFF, self._backoff * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)
        if cancel is None:
            time.sleep(delay)
        elif cancel.wait(delay):
            raise Cancelled()

    def _gave_up(self, reason: str) -> ExternalError:
        tries = f" after {self._retries} {'retry' if self._retries == 1 else 'retries'}"
        return ExternalError(
            f"model endpoint {self.url} unreachable{tries if self._retries else ''} ({reason}); "
            "check the server or `familiar models use`"
        )

    def _attempt(
        self, body: dict[str, Any], on_text: OnText | None, cancel: threading.Event | None
    ) -> ChatResponse:
        started = time.perf_counter()
        try:
            with self._client.stream("POST", f"{self.url}/chat/completions", json=body) as resp:
                if resp.status_code != 200:
                    resp.read()
                    self._refuse(resp.status_code, resp.text, body)
                kind = resp.headers.get("content-type", "")
                if body["stream"] and "text/event-stream" in kind:
                    return self._read_stream(resp, started, on_text, cancel, body)
                resp.read()
                return self._read_whole(resp.text, started, on_text)
        except httpx.TimeoutException:
            raise _Retryable(f"no answer within {self._timeout:g}s") from None
        except httpx.ConnectError as exc:
            text = str(exc)
            raise _Retryable("connection refused" if "refused" in text.lower() else text) from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _Retryable(f"the server closed the connection: {exc}") from None
        except httpx.HTTPError as exc:
            raise ExternalError(f"model endpoint {self.url} failed: {exc}") from None

    def _refuse(self, status: int, text: str, body: dict[str, Any]) -> None:
        """Turn a non-200 answer into the right error."""
        detail = _error_detail(text)
        if (
            "response_format" in text
            and self._schema_style == "json_schema"
            and "response_format" in body
        ):
            raise _NoJsonSchema()
        if status == 429 or status >= 500:
            raise _Retryable(f"HTTP {status}: {detail}")
        where = f"model endpoint {self.url}"
        if status in (401, 403):
            raise UserError(
                f"{where} refused the request (HTTP {status}: {detail}); "
                f"check the API key{self._key_hint}"
            )
        if status == 404:
            raise UserError(
                f"{where} has no chat completions or no model {self.model!r} (HTTP 404: "
                f"{detail}); check the URL and model name with `familiar models use`"
            )
        raise ExternalError(f"{where} rejected the request (HTTP {status}: {detail})")

    # --- the answer -----------------------------------------------------------------

    def _read_stream(
        self,
        resp: httpx.Response,
        started: float,
        on_text: OnText | None,
        cancel: threading.Event | None,
        body: dict[str, Any],
    ) -> ChatResponse:
        answer = _Answer()
        events = 0
        done = False
        stream = _sse_data(resp.iter_lines())
        while True:
            try:
                data = next(stream, None)
            except httpx.HTTPError as exc:
                if events == 0 and "tools" in body:
                    # some servers (llama_cpp.server) drop a streamed tool request
                    raise _NoStreamedTools() from None
                if events == 0:
                    raise  # nothing shown yet: the caller may retry
                raise ExternalError(
                    f"model endpoint {self.url} stopped in the middle of an answer ({exc})"
                ) from None
            if data is None:
                break
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if data == "[DONE]":
                done = True
                break
            events += 1
            try:
                chunk = json.loads(data)
            except ValueError:
                raise self._malformed(f"an event is not JSON: {data[:80]!r}") from None
            self._apply_chunk(chunk, answer, on_text)
        if events == 0:
            if "tools" in body:
                raise _NoStreamedTools()
            raise self._malformed("the stream ended without an answer")
        if not done and answer.finish_reason is None:
            raise ExternalError(f"model endpoint {self.url} stopped in the middle of an answer")
        return self._finish(answer, started)

    def _apply_chunk(self, chunk: Any, answer: _Answer, on_text: OnText | None) -> None:
        if not isinstance(chunk, dict):
            raise self._malformed("an event is not a JSON object")
        if "error" in chunk:
            raise ExternalError(
                f"model endpoint {self.url} failed: {_error_detail(json.dumps(chunk))}"
            )
        if isinstance(chunk.get("usage"), dict):
            answer.usage = chunk["usage"]
        choices = chunk.get("choices") or []
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            return
        choice = choices[0]
        delta = choice.get("delta") or {}
        now = time.perf_counter()
        content = delta.get("content")
        if isinstance(content, str) and content:
            answer.text.append(content)
            answer.first_at = answer.first_at or now
            answer.last_at = now
            if on_text is not None:
                on_text(content)
        calls = delta.get("tool_calls")
        if not calls and isinstance(delta.get("function_call"), dict):
            calls = [{"index": 0, "function": delta["function_call"]}]  # the legacy shape
        if isinstance(calls, list):
            for position, call in enumerate(calls):
                if isinstance(call, dict):
                    answer.add_call_delta(position, call)
                    answer.first_at = answer.first_at or now
                    answer.last_at = now
        if choice.get("finish_reason"):
            answer.finish_reason = str(choice["finish_reason"])

    def _read_whole(self, text: str, started: float, on_text: OnText | None) -> ChatResponse:
        """A non-streamed answer (asked for, or a server that ignores `stream`)."""
        try:
            data = json.loads(text)
            choice = data["choices"][0]
            message = choice["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise self._malformed(f"the body is not a chat completion: {text[:80]!r}") from None
        answer = _Answer(finish_reason=choice.get("finish_reason"))
        answer.first_at = answer.last_at = time.perf_counter()
        if isinstance(data.get("usage"), dict):
            answer.usage = data["usage"]
        content = message.get("content")
        if isinstance(content, str) and content:
            answer.text.append(content)
            if on_text is not None:
                on_text(content)
        for position, call in enumerate(message.get("tool_calls") or []):
            if isinstance(call, dict):
                answer.add_call_delta(position, call)
        return self._finish(answer, started)

    def _finish(self, answer: _Answer, started: float) -> ChatResponse:
        calls = [self._tool_call(i, answer.calls[i]) for i in sorted(answer.calls)]
        text = "".join(answer.text)
        usage = _usage(answer.usage)
        if answer.first_at is not None and answer.last_at is not None:
            usage.prefill_seconds = answer.first_at - started
            usage.decode_seconds = answer.last_at - answer.first_at
        raw = text + "".join(
            f"{c.name}({json.dumps(c.arguments, ensure_ascii=False)})" for c in calls
        )
        finish = "tool_calls" if calls else (answer.finish_reason or "stop")
        return ChatResponse(text=text, tool_calls=calls, usage=usage, finish_reason=finish, raw=raw)

    def _tool_call(self, index: int, pending: _PendingCall) -> ToolCall:
        if not pending.name:
            raise self._malformed("a tool call has no name")
        try:
            arguments = json.loads(pending.arguments) if pending.arguments.strip() else {}
        except ValueError:
            arguments = None
        if not isinstance(arguments, dict):
            raise ExternalError(
                f"model endpoint {self.url} proposed {pending.name} with arguments that are "
                f"not a JSON object: {pending.arguments[:120]!r}"
            )
        return ToolCall(id=pending.id or f"call_{index}", name=pending.name, arguments=arguments)

    def _malformed(self, what: str) -> ExternalError:
        return ExternalError(
            f"model endpoint {self.url} sent a malformed response ({what}); "
            "is it an OpenAI-compatible /v1 URL?"
        )


def _sse_data(lines: Iterator[str]) -> Iterator[str]:
    """The data of each server-sent event (several `data:` lines of one event joined)."""
    pending: list[str] = []
    for line in lines:
        if not line:
            if pending:
                yield "\n".join(pending)
                pending = []
        elif line.startswith("data:"):
            value = line[5:]
            pending.append(value[1:] if value.startswith(" ") else value)
        # other fields (event:, id:, retry:) and comments (":") carry nothing we use
    if pending:
        yield "\n".join(pending)


def _usage(raw: dict[str, Any] | None) -> Usage:
    if not raw:
        return Usage()
    prompt = int(raw.get("prompt_tokens") or 0)
    details = raw.get("prompt_tokens_details") or {}
    cached = int(details.get("cached_tokens") or 0) if isinstance(details, dict) else 0
    return Usage(
        prompt_tokens=prompt,
        prompt_tokens_processed=max(0, prompt - cached),
        completion_tokens=int(raw.get("completion_tokens") or 0),
    )


def _error_detail(text: str) -> str:
    """The server's own message, cut to one short line."""
    detail: Any = text
    try:
        data = json.loads(text)
        if isinstance(data, dict):
            error = data.get("error", data)
            detail = error.get("message", error) if isinstance(error, dict) else error
    except ValueError:
        pass
    line = " ".join(str(detail).split())
    return (line[:200] + "…") if len(line) > 200 else (line or "no details")
