"""The OpenAI-compatible backend against real loopback servers.

A stdlib HTTP server in a thread plays the failures (refused, slow, 5xx, 401, malformed);
a real `llama_cpp.server` with the embedded model checks the wire shapes end to end.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from familiar.errors import Cancelled, ExternalError, UserError
from familiar.models.base import ChatRequest, Message, ToolCall, ToolSpec
from familiar.models.openai_compat import OpenAICompatModel

Reply = Callable[[BaseHTTPRequestHandler], None]

LIGHT = ToolSpec(
    name="set_light",
    description="Turn a light on or off",
    parameters={
        "type": "object",
        "properties": {"room": {"type": "string"}, "on": {"type": "boolean"}},
        "required": ["room", "on"],
    },
)


class LoopbackServer:
    """Answers each POST with the next scripted reply and records what it was sent."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                outer.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                reply = outer.replies.pop(0) if outer.replies else status(500, "no reply left")
                reply(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that gave up (timeout tests) closes the socket early

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def sse(*chunks: dict[str, Any] | str, done: bool = True, delay: float = 0.0) -> Reply:
    """A streamed answer: one `data:` event per chunk, then `[DONE]`."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        for chunk in chunks:
            data = chunk if isinstance(chunk, str) else json.dumps(chunk)
            handler.wfile.write(f"data: {data}\n\n".encode())
            handler.wfile.flush()
            time.sleep(delay)
        if done:
            handler.wfile.write(b"data: [DONE]\n\n")

    return reply


def body(code: int, text: str, content_type: str) -> Reply:
    def reply(handler: BaseHTTPRequestHandler) -> None:
        data = text.encode()
        handler.send_response(code)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return reply


def status(code: int, message: str) -> Reply:
    """An error in the OpenAI shape."""
    return body(code, json.dumps({"error": {"message": message}}), "application/json")


def whole(message: dict[str, Any], usage: dict[str, int] | None = None) -> Reply:
    """A non-streamed chat completion."""
    data: dict[str, Any] = {"choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}
    if usage:
        data["usage"] = usage
    return body(200, json.dumps(data), "application/json")


def slow(seconds: float) -> Reply:
    def reply(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        sse(text_chunk("late"))(handler)

    return reply


def text_chunk(text: str, finish: str | None = None) -> dict[str, Any]:
    return {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}]}


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    yield srv
    srv.close()


def make(url: str, **options: Any) -> OpenAICompatModel:
    settings: dict[str, Any] = {"api_key": None, "timeout": 5.0, "retries": 3, "name": "remote"}
    settings.update(options)
    settings.setdefault("backoff", 0.01)  # keeps the retry tests fast
    return OpenAICompatModel(url, "test-model", **settings)


def ask(text: str, **fields: Any) -> ChatRequest:
    return ChatRequest(messages=[Message(role="user", content=text)], **fields)


# --- answers ---------------------------------------------------------------------------


def test_streamed_text_reaches_on_text_with_usage(server: LoopbackServer) -> None:
    server.replies.append(
        sse(
            {"choices": [{"index": 0, "delta": {"role": "assistant"}}]},
            text_chunk("Hello"),
            text_chunk(", world"),
            text_chunk("", finish="stop"),
            {
                "choices": [],
                "usage": {
                    "prompt_tokens": 12,
                    "completion_tokens": 3,
                    "prompt_tokens_details": {"cached_tokens": 8},
                },
            },
        )
    )
    model = make(server.url, api_key="sk-secret")
    pieces: list[str] = []

    response = model.complete(ask("hi"), on_text=pieces.append)

    assert pieces == ["Hello", ", world"]
    assert (response.text, response.finish_reason, response.tool_calls) == (
        "Hello, world",
        "stop",
        [],
    )
    assert (response.usage.prompt_tokens, response.usage.prompt_tokens_processed) == (12, 4)
    assert response.usage.completion_tokens == 3
    sent = server.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["headers"]["Authorization"] == "Bearer sk-secret"
    assert sent["body"]["stream"] is True
    assert sent["body"]["stream_options"] == {"include_usage": True}
    assert sent["body"]["model"] == "test-model"
    model.close()


def test_request_wire_shape_for_tools_history_and_schema(server: LoopbackServer) -> None:
    server.replies.append(sse(text_chunk('{"ok": true}', finish="stop")))
    history = [
        Message(role="system", content="You are familiar."),
        Message(role="user", content="Turn off the kitchen light."),
        Message(
            role="assistant",
            tool_calls=[ToolCall(id="call_7", name="set_light", arguments={"room": "kitchen"})],
        ),
        Message(role="tool", tool_call_id="call_7", name="set_light", content="done"),
    ]
    schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}}

    make(server.url).complete(
        ChatRequest(messages=history, tools=[LIGHT], output_schema=schema, max_tokens=50, seed=3)
    )

    body = server.requests[0]["body"]
    assert "Authorization" not in server.requests[0]["headers"]
    assert body["messages"] == [
        {"role": "system", "content": "You are familiar."},
        {"role": "user", "content": "Turn off the kitchen light."},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {
                    "id": "call_7",
                    "type": "function",
                    "function": {"name": "set_light", "arguments": '{"room": "kitchen"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_7", "content": "done"},
    ]
    assert body["tools"] == [
        {"type": "function", "function": {**LIGHT.model_dump()}},
    ]
    assert body["tool_choice"] == "auto"
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "answer", "schema": schema},
    }
    assert (body["max_tokens"], body["seed"], body["temperature"]) == (50, 3, 0.0)


def test_openai_style_tool_call_deltas_are_accumulated(server: LoopbackServer) -> None:
    def call_delta(index: int, **function: str) -> dict[str, Any]:
        extra = {"id": f"call_{index}a", "type": "function"} if "name" in function else {}
        delta = {"tool_calls": [{"index": index, **extra, "function": function}]}
        return {"choices": [{"index": 0, "delta": delta}]}

    server.replies.append(
        sse(
            call_delta(0, name="set_light", arguments=""),
            call_delta(0, arguments='{"room": "kit'),
            call_delta(1, name="set_light", arguments='{"room": "hall", "on": true}'),
            call_delta(0, arguments='chen", "on": false}'),
            {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]},
        )
    )
    pieces: list[str] = []

    response = make(server.url).complete(ask("lights", tools=[LIGHT]), on_text=pieces.append)

    assert pieces == []  # tool-call JSON never reaches the text stream
    assert response.finish_reason == "tool_calls"
    assert response.tool_calls == [
        ToolCall(id="call_0a", name="set_light", arguments={"room": "kitchen", "on": False}),
        ToolCall(id="call_1a", name="set_light", arguments={"room": "hall", "on": True}),
    ]


def test_llama_cpp_server_chunks_repeat_the_name(server: LoopbackServer) -> None:
    """The shape llama_cpp.server 0.3.36 streams for a forced tool choice (recorded)."""

    def chunk(arguments: str) -> dict[str, Any]:
        function = {"name": "set_light", "arguments": arguments}
        call = {"index": 0, "id": "call__0_set_light_cmpl-1", "type": "function"}
        delta = {
            "role": None,
            "content": None,
            "function_call": function,
            "tool_calls": [{**call, "function": function}],
        }
        return {"choices": [{"index": 0, "finish_reason": None, "delta": delta}]}

    end = {"choices": [{"index": 0, "finish_reason": "tool_calls", "delta": {"tool_calls": None}}]}
    server.replies.append(
        sse(chunk("{"), chunk(' "room": "kitchen",'), chunk(' "on": false }'), end)
    )

    response = make(server.url).complete(ask("lights", tools=[LIGHT]))

    assert response.tool_calls == [
        ToolCall(
            id="call__0_set_light_cmpl-1",
            name="set_light",
            arguments={"room": "kitchen", "on": False},
        )
    ]


def test_unsupported_json_schema_falls_back_to_json_object_once(server: LoopbackServer) -> None:
    rejection = "1 validation error: ('body', 'response_format', 'type') Input should be 'text'"
    server.replies += [
        status(500, rejection),
        sse(text_chunk('{"color": "red"}', finish="stop")),
        sse(text_chunk('{"color": "blue"}', finish="stop")),
    ]
    schema = {"type": "object", "properties": {"color": {"type": "string"}}}
    model = make(server.url)

    first = model.complete(ask("a color", output_schema=schema))
    second = model.complete(ask("another", output_schema=schema))

    assert (first.text, second.text) == ('{"color": "red"}', '{"color": "blue"}')
    formats = [r["body"]["response_format"] for r in server.requests]
    assert formats[0]["type"] == "json_schema"
    assert formats[1] == formats[2] == {"type": "json_object", "schema": schema}


def test_empty_stream_with_tools_is_asked_again_without_streaming(server: LoopbackServer) -> None:
    call = {
        "id": "c1",
        "type": "function",
        "function": {"name": "set_light", "arguments": '{"room": "hall", "on": true}'},
    }
    server.replies += [
        sse(done=False),
        whole({"role": "assistant", "content": None, "tool_calls": [call]}),
        whole({"role": "assistant", "content": "ok"}),
    ]
    model = make(server.url)

    response = model.complete(ask("hall light on", tools=[LIGHT]))
    again = model.complete(ask("and again", tools=[LIGHT]))

    assert response.tool_calls == [
        ToolCall(id="c1", name="set_light", arguments={"room": "hall", "on": True})
    ]
    assert again.text == "ok"
    assert [r["body"]["stream"] for r in server.requests] == [True, False, False]


def test_cancel_is_checked_between_chunks(server: LoopbackServer) -> None:
    server.replies.append(sse(*(text_chunk(f"w{i} ") for i in range(20)), delay=0.05))
    cancel = threading.Event()
    pieces: list[str] = []

    def on_text(piece: str) -> None:
        pieces.append(piece)
        cancel.set()

    with pytest.raises(Cancelled):
        make(server.url).complete(ask("talk"), on_text=on_text, cancel=cancel)
    assert pieces == ["w0 "]


# --- failures ----------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_gives_up_after_the_retries() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    started = time.perf_counter()

    with pytest.raises(ExternalError) as caught:
        make(url, retries=3).complete(ask("hi"))

    assert str(caught.value) == (
        f"model endpoint {url} unreachable after 3 retries (connection refused); "
        "check the server or `familiar models use`"
    )
    assert time.perf_counter() - started < 2.0  # backoff 0.01 s doubled: fast in tests


def test_backoff_grows_exponentially_between_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr("familiar.models.openai_compat.time.sleep", waits.append)
    url = f"http://127.0.0.1:{_closed_port()}/v1"

    with pytest.raises(ExternalError):
        make(url, retries=4, backoff=1.0).complete(ask("hi"))

    assert len(waits) == 4
    for attempt, wait in enumerate(waits):
        assert 0.5 * 2**attempt <= wait <= 2**attempt  # jitter within the doubled step


def test_a_server_slower_than_the_timeout_is_retried_then_reported(
    server: LoopbackServer,
) -> None:
    server.replies += [slow(1.5), slow(1.5)]
    started = time.perf_counter()

    with pytest.raises(ExternalError) as caught:
        make(server.url, timeout=0.3, retries=1).complete(ask("hi"))

    assert "unreachable after 1 retry (no answer within 0.3s)" in str(caught.value)
    assert len(server.requests) == 2
    assert time.perf_counter() - started < 1.5


def test_a_500_then_200_succeeds_on_retry(server: LoopbackServer) -> None:
    server.replies += [status(500, "boom"), sse(text_chunk("fine", finish="stop"))]
    assert make(server.url).complete(ask("hi")).text == "fine"
    assert len(server.requests) == 2


def test_429_is_retried(server: LoopbackServer) -> None:
    server.replies += [status(429, "slow down"), sse(text_chunk("ok", finish="stop"))]
    assert make(server.url).complete(ask("hi")).text == "ok"
    assert len(server.requests) == 2


def test_persistent_5xx_reports_the_servers_message(server: LoopbackServer) -> None:
    server.replies += [status(503, "model overloaded")] * 2
    with pytest.raises(ExternalError, match=r"after 1 retry \(HTTP 503: model overloaded\)"):
        make(server.url, retries=1).complete(ask("hi"))


def test_401_is_not_retried_and_names_the_key_variable(server: LoopbackServer) -> None:
    server.replies.append(status(401, "Incorrect API key provided"))

    with pytest.raises(UserError) as caught:
        make(server.url, api_key="wrong", api_key_env="MY_KEY").complete(ask("hi"))

    assert len(server.requests) == 1
    assert str(caught.value) == (
        f"model endpoint {server.url} refused the request "
        "(HTTP 401: Incorrect API key provided); check the API key in $MY_KEY"
    )


def test_malformed_stream_is_reported_without_retry(server: LoopbackServer) -> None:
    server.replies.append(sse("{not json"))
    with pytest.raises(ExternalError, match="sent a malformed response") as caught:
        make(server.url).complete(ask("hi"))
    assert len(server.requests) == 1
    assert "\n" not in str(caught.value)


def test_a_body_that_is_not_a_completion_is_reported(server: LoopbackServer) -> None:
    server.replies.append(body(200, "<html>proxy login</html>", "text/html"))
    with pytest.raises(ExternalError, match=r"malformed response \(the body is not a chat"):
        make(server.url).complete(ask("hi"))


def test_a_stream_cut_in_the_middle_is_not_retried(server: LoopbackServer) -> None:
    server.replies.append(sse(text_chunk("Hel"), done=False))
    pieces: list[str] = []
    with pytest.raises(ExternalError, match="stopped in the middle of an answer"):
        make(server.url).complete(ask("hi"), on_text=pieces.append)
    assert pieces == ["Hel"] and len(server.requests) == 1


def test_arguments_that_are_not_json_are_an_error(server: LoopbackServer) -> None:
    delta = {"tool_calls": [{"index": 0, "function": {"name": "set_light", "arguments": "{room"}}]}
    server.replies.append(sse({"choices": [{"index": 0, "delta": delta, "finish_reason": "stop"}]}))
    with pytest.raises(ExternalError, match="set_light with arguments that are not a JSON"):
        make(server.url).complete(ask("hi", tools=[LIGHT]))


# --- a real llama_cpp.server ---------------------------------------------------------------


@pytest.fixture(scope="session")
def llama_server(
    default_model_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """llama_cpp.server with the embedded model on a free loopback port, for the session."""
    port = _closed_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(default_model_path),
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--n_threads", "1",
        # one thread: on 2 shared cores, 2 threads stalled up to 85 s when another job ran;
        # the GGUF's own template cannot return structured tool calls, this format can
        "--chat_format", "chatml-function-calling", "--verbose", "False",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"llama_cpp.server exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama_cpp.server did not start within 120 s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.model
def test_real_server_streams_a_plain_answer(llama_server: str) -> None:
    model = make(llama_server, timeout=60)
    pieces: list[str] = []

    response = model.complete(
        ask("Reply with the single word: pong", max_tokens=10), on_text=pieces.append
    )

    assert "pong" in response.text.lower()
    assert "".join(pieces) == response.text and len(pieces) >= 1
    assert response.finish_reason == "stop" and response.tool_calls == []
    model.close()


@pytest.mark.model
def test_real_server_tool_call_round_trip(llama_server: str) -> None:
    model = make(llama_server, timeout=60)
    request = ask("Turn off the kitchen light.", tools=[LIGHT], max_tokens=60)

    response = model.complete(request)

    # llama_cpp.server cannot stream an automatic tool choice; it closes the stream
    # empty, so the backend asked again without streaming
    assert [c.name for c in response.tool_calls] == ["set_light"]
    assert response.tool_calls[0].arguments == {"room": "kitchen", "on": False}
    assert response.finish_reason == "tool_calls"
    call = response.tool_calls[0]
    history = [
        *request.messages,
        Message(role="assistant", tool_calls=[call]),
        Message(role="tool", tool_call_id=call.id, name=call.name, content="the light is off"),
    ]
    # the server validates every message against the OpenAI schema: our shapes pass
    after = model.complete(ChatRequest(messages=history, tools=[LIGHT], max_tokens=40))
    assert after.text or after.tool_calls
    model.close()


@pytest.mark.model
def test_real_server_output_schema(llama_server: str) -> None:
    model = make(llama_server, timeout=60)
    schema = {
        "type": "object",
        "properties": {"color": {"type": "string"}},
        "required": ["color"],
    }

    response = model.complete(ask("Name a color.", output_schema=schema, max_tokens=40))

    assert isinstance(json.loads(response.text)["color"], str)
    model.close()
