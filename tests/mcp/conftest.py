"""Real MCP servers for the tests: the fake server over stdio and over HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from familiar.mcp.client import McpServer

FAKE = Path(__file__).with_name("fake_server.py")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    """Block until something accepts connections on `port`; fail if the process died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            pytest.fail(f"server exited with {proc.returncode}: {err[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing listened on port {port} within {seconds} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a server the test started, killing it if it does not stop."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stderr:
        proc.stderr.close()


@pytest.fixture
def fake_stdio() -> McpServer:
    """The fake server, started per call over stdio."""
    return McpServer("fake", command=(sys.executable, str(FAKE)))


StartHttp = Callable[..., McpServer]


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
