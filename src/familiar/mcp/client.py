"""A synchronous client for MCP servers, for the (synchronous) kernel.

Each call opens one session (start the process or connect, initialise, do one thing,
close): nothing is left running between calls, a crashed server is simply restarted
by the next call, and a hung one is killed. The cost is the start-up on every call;
see the README's MCP section for the measured latency.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, TextIO, TypeVar, cast
from urllib.parse import urlsplit

import anyio

from familiar.errors import ExternalError, UserError
from familiar.mcp.definitions import McpToolDef, clean_text, make_def, unique_names

OUTPUT_CHARS = 100_000  # more than any context; the dispatcher cuts further
_SERVER_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")

T = TypeVar("T")


@dataclass(frozen=True)
class McpServer:
    """Where an MCP server is: a command to start (stdio) or a URL (streamable HTTP)."""

    name: str
    command: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)  # added to the inherited environment
    url: str | None = None
    token_env: str | None = None  # environment variable holding a bearer token for `url`

    def __post_init__(self) -> None:
        if not _SERVER_NAME.match(self.name):
            raise UserError(
                f"MCP server name {self.name!r}: use lower-case letters, digits, _ or -, "
                "at most 32 characters"
            )
        if bool(self.command) == bool(self.url):
            raise UserError(f"MCP server {self.name}: give either a command or a URL, not both")
        if self.url is not None and urlsplit(self.url).scheme not in ("http", "https"):
            raise UserError(f"MCP server {self.name}: {self.url!r} is not an http(s) URL")
        if self.token_env and not self.url:
            raise UserError(f"MCP server {self.name}: a token is only for a URL server")

    def as_dict(self) -> dict[str, Any]:
        """The spec as plain JSON-able data (what the skills' state stores)."""
        data: dict[str, Any] = {"command": list(self.command), "env": dict(self.env)}
        data |= {"url": self.url, "token_env": self.token_env}
        return {k: v for k, v in data.items() if v}

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any]) -> McpServer:
        """The spec back from `as_dict` data; unknown or mistyped fields are a UserError."""
        unknown = set(data) - {"command", "env", "url", "token_env"}
        if unknown:
            raise UserError(f"MCP server {name}: unknown fields {', '.join(sorted(unknown))}")
        command, env = data.get("command", []), data.get("env", {})
        if not isinstance(command, list) or not all(isinstance(c, str) for c in command):
            raise UserError(f"MCP server {name}: its command must be a list of strings")
        if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
            raise UserError(f"MCP server {name}: its env must map names to strings")
        return cls(
            name,
            command=tuple(command),
            env=env,
            url=data.get("url"),
            token_env=data.get("token_env"),
        )

    @property
    def where(self) -> str:
        """The command or URL, for messages."""
        return self.url or " ".join(self.command)


async def _definitions(client: Any) -> list[McpToolDef]:
    defs: list[McpToolDef] = []
    cursor: str | None = None
    for _ in range(20):  # a paginator that never ends must not loop forever
        page = await client.list_tools(cursor=cursor)
        for tool in page.tools:
            hint = tool.annotations.read_only_hint if tool.annotations else None
            defs.append(make_def(tool.name, tool.description, tool.input_schema, hint))
        cursor = page.next_cursor
        if cursor is None:
            break
    return unique_names(defs)


def list_tools(server: McpServer, timeout: float = 30.0) -> list[McpToolDef]:
    """The server's tools, checked; a tool whose definition is unusable has `problem` set."""
    return _run(server, "list its tools", timeout, _definitions)


def call_tool(
    server: McpServer,
    name: str,
    arguments: Mapping[str, Any],
    timeout: float = 30.0,
    pinned: str | None = None,
) -> str:
    """Call one tool and return its result as text; a failure raises ExternalError.

    With `pinned` (a definition hash), the tool is first listed in the same session and
    not called if the server now defines it differently.
    """

    async def call(client: Any) -> str:
        if pinned is not None:
            now = {d.remote_name: d for d in await _definitions(client)}.get(name)
            if now is None or now.definition_hash != pinned:
                change = "no longer offers" if now is None else "changed the definition of"
                raise ExternalError(
                    f"MCP server {server.name} {change} {name} since you approved it; not run."
                    f" Review it with `familiar skills refresh {server.name}`"
                )
        result = await client.call_tool(name, dict(arguments))
        text = result_text(result.content, result.structured_content)
        if result.is_error:
            raise ExternalError(
                f"MCP server {server.name}: {name} reported an error: {clean_text(text, 300)}"
            )
        return text

    return _run(server, f"run {name}", timeout, call)


def result_text(content: list[Any], structured: Any) -> str:
    """A tool result as text: text blocks as they are, other blocks named, else the JSON."""
    parts: list[str] = []
    for block in content:
        kind = getattr(block, "type", "?")
        if kind == "text":
            parts.append(block.text)
        elif kind == "resource_link":
            parts.append(f"[link: {block.uri}]")
        else:
            parts.append(f"[{kind} content: {getattr(block, 'mime_type', '') or 'not shown'}]")
    if not any(p.strip() for p in parts) and structured is not None:
        parts = [json.dumps(structured, ensure_ascii=False)]
    text = "\n".join(parts)
    return text if len(text) <= OUTPUT_CHARS else text[:OUTPUT_CHARS] + " [cut]"


def _run(server: McpServer, what: str, timeout: float, job: Callable[[Any], Awaitable[T]]) -> T:
    """Open a session, run `job` on it, close it; every failure becomes one ExternalError."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as errlog:

        async def main() -> T:
            with anyio.fail_after(timeout):
                return await _session(server, errlog, job)

        try:
            return anyio.run(main)
        except BaseExceptionGroup as group:
            if isinstance(_leaf(group), ExternalError):
                raise _leaf(group) from None
            failure: BaseException = group
        except ExternalError:
            raise
        except TimeoutError:
            raise ExternalError(
                f"MCP server {server.name} did not {what} within {timeout:g} s ({server.where})"
            ) from None
        except Exception as exc:  # the SDK raises many kinds; each becomes one line
            failure = exc
        if isinstance(_leaf(failure), KeyboardInterrupt | SystemExit):
            raise failure
        raise ExternalError(
            f"MCP server {server.name} could not {what}: {_reason(failure, errlog)} "
            f"({server.where})"
        )


async def _session(server: McpServer, errlog: IO[str], job: Callable[[Any], Awaitable[T]]) -> T:
    from mcp import Client, StdioServerParameters
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    if server.url is None:
        params = StdioServerParameters(
            command=server.command[0], args=list(server.command[1:]), env=dict(server.env)
        )
        from mcp.client.stdio import stdio_client

        async with Client(stdio_client(params, errlog=cast(TextIO, errlog)), cache=None) as client:
            return await job(client)
    headers: dict[str, str] = {}
    if server.token_env:
        token = os.environ.get(server.token_env, "")
        if not token:
            raise ExternalError(
                f"MCP server {server.name}: the environment variable {server.token_env} "
                "holding its token is not set"
            )
        headers["Authorization"] = f"Bearer {token}"
    async with (
        create_mcp_http_client(headers=headers) as http,
        Client(streamable_http_client(server.url, http_client=http), cache=None) as client,
    ):
        return await job(client)


def _leaf(exc: BaseException) -> BaseException:
    """The first real error inside (possibly nested) exception groups."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _reason(exc: BaseException, errlog: IO[str]) -> str:
    """One line saying what went wrong, with the server's last stderr line when it has one."""
    leaf = _leaf(exc)
    first = (str(leaf).strip().splitlines() or [type(leaf).__name__])[0]
    if isinstance(leaf, FileNotFoundError | PermissionError):
        first = f"cannot start it: {leaf.strerror}: {leaf.filename or ''}".rstrip(": ")
    status = getattr(getattr(leaf, "response", None), "status_code", None)
    if status is not None:
        first = f"HTTP {status}" + (" (check its token)" if status in (401, 403) else "")
    reason = clean_text(first, 200)
    errlog.seek(0)
    lines = [line.strip() for line in errlog.read().splitlines() if line.strip()]
    if lines:
        reason += f"; its last error output: {clean_text(lines[-1], 200)}"
    return reason
