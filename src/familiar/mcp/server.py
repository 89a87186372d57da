"""familiar as an MCP server: the tools the user listed, each call through the dispatcher.

The client's model may be a remote one, so:
- only the tools named in the `mcp_serve` setting are offered;
- every call goes through a Dispatcher with the user's policy, and since nobody can be
  asked, a call the policy would ask about is refused with a message saying so;
- the client's arguments are labelled untrusted (its model may have read anything),
  so `allow_tools` never waives the question for them;
- tools see `ctx.reader == "mcp_client"`, and memory's recall leaves out items tagged
  local-only;
- each call is recorded as a run on the "mcp" channel (`familiar runs` shows them).
"""

from __future__ import annotations

import hmac
import os
import secrets
import socket
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from mcp import types
from mcp.server import Server

from familiar import __version__
from familiar.app import App
from familiar.config import Paths
from familiar.errors import UserError
from familiar.kernel.dispatcher import Dispatcher, ToolOutcome
from familiar.kernel.tools import Tool, ToolContext
from familiar.mcp.definitions import canonical_json
from familiar.models.base import ToolCall
from familiar.security.labels import Integrity, Label
from familiar.security.policy import Effect, Policy, deny_without_terminal
from familiar.security.provenance import Ledger

READER = "mcp_client"
TOKEN_FILE = "mcp_token"


def served_tools(tools: Sequence[Tool], names: Sequence[str]) -> list[Tool]:
    """The tools listed in `names`, in the given tools' order; an unknown name is an error."""
    known = {t.name for t in tools}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UserError(
            f"mcp_serve lists unknown tool(s): {', '.join(unknown)}; "
            f"available: {', '.join(sorted(known))}"
        )
    return [t for t in tools if t.name in names]


class Gateway:
    """Runs MCP clients' calls through one dispatcher, one call at a time, each recorded."""

    def __init__(self, app: App, tools: Sequence[Tool]) -> None:
        self.app = app
        self.tools = list(tools)
        self.dispatcher = Dispatcher(
            Policy(app.settings.allow_tools), deny_without_terminal, app.settings.tool_timeout
        )
        self._lock = threading.Lock()  # one store, one call at a time
        self._memory_needed = any(p.startswith("memory.") for t in tools for p in t.permissions)

    def close(self) -> None:
        """Stop the dispatcher's threads."""
        self.dispatcher.close()

    def call(self, name: str, arguments: dict[str, Any]) -> tuple[bool, str]:
        """Run one call; returns (ok, text for the client)."""
        app = self.app
        with self._lock:
            run_id = app.store.start_run(f"mcp: {name}", "mcp", READER, app.clock())
            ledger = Ledger()
            untrusted = Label(sources=frozenset({READER}), integrity=Integrity.UNTRUSTED)
            ledger.add(canonical_json(arguments), untrusted)
            ctx = ToolContext(
                store=app.store,
                settings=app.settings,
                paths=app.paths,
                clock=app.clock,
                tz=app.tz,
                run_id=run_id,
                memory=app.memory if self._memory_needed else None,
                reader=READER,
            )
            call = ToolCall(id=uuid.uuid4().hex[:12], name=name, arguments=arguments)
            try:
                outcome = self.dispatcher.dispatch(call, self.tools, ctx, ledger)
            except BaseException as exc:  # a bug of ours: the run says so, the server goes on
                app.store.finish_run(run_id, "error", app.clock(), error=repr(exc))
                raise
            text = _client_text(outcome)
            app.store.finish_run(
                run_id,
                "ok" if outcome.ok else "error",
                app.clock(),
                answer=text if outcome.ok else None,
                error=None if outcome.ok else text,
            )
        return outcome.ok, text


def _client_text(outcome: ToolOutcome) -> str:
    if outcome.decision.startswith("ask:no"):
        reason = outcome.decision.split(": ", 1)[-1]
        return (
            f"{outcome.call.name} needs confirmation ({reason}); "
            "run it in familiar itself, where you can approve it"
        )
    return outcome.content


def build_server(gateway: Gateway) -> Server[Any]:
    """An MCP server offering the gateway's tools with familiar's own schemas."""

    async def list_tools(
        ctx: Any, params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        offered = []
        for tool in gateway.tools:
            spec = tool.spec()
            offered.append(
                types.Tool(
                    name=spec.name,
                    description=spec.description,
                    input_schema=spec.parameters,
                    annotations=types.ToolAnnotations(read_only_hint=tool.effect is Effect.READ),
                )
            )
        return types.ListToolsResult(tools=offered)

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        arguments = dict(params.arguments or {})
        ok, text = await anyio.to_thread.run_sync(gateway.call, params.name, arguments)
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=text)], is_error=not ok
        )

    return Server("familiar", version=__version__, on_list_tools=list_tools, on_call_tool=call_tool)


async def serve_stdio(server: Server[Any]) -> None:
    """Serve over this process's stdin and stdout until the client closes them."""
    from mcp.server.stdio import stdio_server

    async with stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())


class BearerGate:
    """ASGI middleware: every HTTP request needs `Authorization: Bearer <token>`, else 401."""

    def __init__(self, app: Any, token: str) -> None:
        self.app = app
        self._expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Pass authorised requests (and lifespan events) on; answer the rest with 401."""
        if scope["type"] == "http":
            given = dict(scope.get("headers") or []).get(b"authorization", b"")
            if not hmac.compare_digest(given, self._expected):
                from starlette.responses import JSONResponse

                response = JSONResponse(
                    {"error": "unauthorized: send Authorization: Bearer <token>"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def serve_http(server: Server[Any], port: int, token: str) -> None:
    """Serve streamable HTTP on 127.0.0.1:`port`/mcp, behind the bearer token."""
    import uvicorn

    with socket.socket() as probe:  # uvicorn would log a traceback-like error and exit
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise UserError(
                f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); choose another --port"
            ) from None
    app = BearerGate(server.streamable_http_app(host="127.0.0.1"), token)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    await uvicorn.Server(config).serve()


def token_path(paths: Paths) -> Path:
    """Where the HTTP server's bearer token is kept (readable by the user only)."""
    return paths.config_dir / TOKEN_FILE


def ensure_token(paths: Paths) -> str:
    """The bearer token, created (0600) on first use."""
    path = token_path(paths)
    if not path.exists():
        paths.config_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(secrets.token_urlsafe(32) + "\n")
    if path.stat().st_mode & 0o077:
        raise UserError(f"{path} is readable by others; run `chmod 600 {path}`")
    token = path.read_text(encoding="utf-8").strip()
    if len(token) < 16:
        raise UserError(f"{path} holds no usable token; delete it to get a new one")
    return token
