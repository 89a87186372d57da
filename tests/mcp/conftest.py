"""Real MCP servers for the tests: the fake server over stdio and over HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from mcphelpers import FAKE, StartHttp, free_port, stop, wait_for_port

from familiar.mcp.client import McpServer


@pytest.fixture
def fake_stdio() -> McpServer:
    """The fake server, started per call over stdio."""
    return McpServer("fake", command=(sys.executable, str(FAKE)))


@pytest.fixture
def start_http() -> Iterator[StartHttp]:
    """Start the fake server over streamable HTTP on a free loopback port."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(**env: str) -> McpServer:
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, str(FAKE), "http", str(port)],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        procs.append(proc)
        wait_for_port(port, proc)
        return McpServer("fakehttp", url=f"http://127.0.0.1:{port}/mcp")

    yield start
    for proc in procs:
        stop(proc)


@pytest.fixture
def fake_http(start_http: StartHttp) -> McpServer:
    """The fake server already listening over HTTP."""
    return start_http()
