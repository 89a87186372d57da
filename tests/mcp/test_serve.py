"""`familiar mcp serve` with the SDK's own client, over stdio and over HTTP with a token."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcphelpers import free_port, stop, wait_for_port

from familiar.config import Paths, load_settings, save_settings
from familiar.store import Store

FAMILIAR = (sys.executable, "-m", "familiar")


def _serve_list(names: list[str], paths: Paths) -> None:
    settings = load_settings(paths).model_copy(update={"mcp_serve": names})
    save_settings(paths, settings)


def _stdio_session(calls: list[tuple[str, dict[str, Any]]]) -> tuple[list[str], list[Any]]:
    """Tool names and call results from one stdio session with `familiar mcp serve`."""

    async def main() -> tuple[list[str], list[Any]]:
        params = StdioServerParameters(
            command=FAMILIAR[0], args=[*FAMILIAR[1:], "mcp", "serve"], env=dict(os.environ)
        )
        with anyio.fail_after(120):
            async with Client(params) as client:
                listed = await client.list_tools()
                results = [await client.call_tool(name, args) for name, args in calls]
        return [t.name for t in listed.tools], results

    return anyio.run(main)


def _text(result: Any) -> str:
    return "".join(block.text for block in result.content)


def test_stdio_serves_only_current_time_by_default(isolated_folders: Paths) -> None:
    names, results = _stdio_session([("current_time", {}), ("recall", {"query": "passport"})])
    assert names == ["current_time"]
    now, recall = results
    assert not now.is_error and set(json.loads(_text(now))) == {"date", "time", "timezone"}
    assert recall.is_error and _text(recall).startswith("unknown tool 'recall'; available: ")
    store = Store(isolated_folders.db_file)
    try:
        runs = store.runs()
    finally:
        store.close()
    assert [(r.channel, r.request, r.status) for r in runs] == [
        ("mcp", "mcp: recall", "error"),
        ("mcp", "mcp: current_time", "ok"),
    ]


def test_a_tool_whose_policy_asks_is_refused(isolated_folders: Paths) -> None:
    _serve_list(["current_time", "forget", "remember"], isolated_folders)
    proc = subprocess.run(
        [*FAMILIAR, "remember", "the spare key is under the blue pot"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    names, results = _stdio_session([("forget", {"item_id": "m1"})])
    assert names == ["current_time", "remember", "forget"]
    (refused,) = results
    assert refused.is_error
    assert _text(refused) == (
        "forget needs confirmation (external action with arguments from untrusted data: "
        "item_id); run it in familiar itself, where you can approve it"
    )
    listed = subprocess.run(
        [*FAMILIAR, "memory", "list"], capture_output=True, text=True, timeout=120
    )
    assert "spare key" in listed.stdout  # not forgotten


def test_local_only_memory_is_never_served(isolated_folders: Paths) -> None:
    for args in (
        ["my locker code is 4417", "--tag", "local-only"],
        ["my locker is number 12 at the gym"],
    ):
        proc = subprocess.run(
            [*FAMILIAR, "remember", *args], capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr
    local = subprocess.run(
        [*FAMILIAR, "memory", "search", "locker"], capture_output=True, text=True, timeout=120
    )
    assert "4417" in local.stdout and "number 12" in local.stdout
    _serve_list(["recall"], isolated_folders)
    _, (found,) = _stdio_session([("recall", {"query": "locker"})])
    texts = [r["text"] for r in json.loads(_text(found))["results"]]
    assert texts == ["my locker is number 12 at the gym"]


def test_an_unknown_tool_in_mcp_serve_is_one_line(isolated_folders: Paths) -> None:
    _serve_list(["current_time", "send_money"], isolated_folders)
    proc = subprocess.run(
        [*FAMILIAR, "mcp", "serve"], capture_output=True, text=True, timeout=120, stdin=None
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("error: mcp_serve lists unknown tool(s): send_money; available:")
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.fixture
def http_serve(isolated_folders: Paths) -> Iterator[tuple[str, str]]:
    """`familiar mcp serve --http` on a free port: (url, token from the config folder)."""
    port = free_port()
    proc = subprocess.Popen(
        [*FAMILIAR, "mcp", "serve", "--http", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, proc, seconds=60)
        token_file = isolated_folders.config_dir / "mcp_token"
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        yield f"http://127.0.0.1:{port}/mcp", token_file.read_text().strip()
    finally:
        stop(proc)


def test_http_needs_the_token(http_serve: tuple[str, str]) -> None:
    url, token = http_serve
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": token}):
        response = httpx.post(url, json=body, headers=headers, timeout=10)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
    printed = subprocess.run(
        [*FAMILIAR, "mcp", "token"], capture_output=True, text=True, timeout=60
    )
    assert printed.stdout.strip() == token


def test_http_serves_with_the_token(http_serve: tuple[str, str]) -> None:
    url, token = http_serve

    async def main() -> tuple[list[str], Any]:
        headers = {"Authorization": f"Bearer {token}"}
        with anyio.fail_after(60):
            async with (
                create_mcp_http_client(headers=headers) as http,
                Client(streamable_http_client(url, http_client=http)) as client,
            ):
                listed = await client.list_tools()
                return [t.name for t in listed.tools], await client.call_tool(
                    "current_time", {"moment": "now"}
                )

    names, result = anyio.run(main)
    assert names == ["current_time"]
    assert not result.is_error and "timezone" in json.loads(_text(result))


def test_a_busy_port_is_one_line(isolated_folders: Paths) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [*FAMILIAR, "mcp", "serve", "--http", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        f"error: cannot listen on 127.0.0.1:{port} (Address already in use); choose another --port"
    )
