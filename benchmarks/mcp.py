"""MCP client latency: one session per call, over stdio and over streamable HTTP.

    python -m benchmarks.mcp [--calls 20] [--out benchmarks/results/mcp.json]

Each `call_tool` / `list_tools` opens a session (stdio: start the server process;
HTTP: connect), initialises it, does one request and closes it. The server is the
test suite's fake MCP server (tests/mcp/fake_server.py), a Python process on the SDK.
For scale, the bare start of that Python process (import the SDK, exit) is measured too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from familiar.mcp import McpServer, call_tool, list_tools

FAKE = Path(__file__).resolve().parent.parent / "tests" / "mcp" / "fake_server.py"


def _times(fn: Any, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _summary(times: list[float]) -> dict[str, float]:
    return {
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
        "n": len(times),
    }


def main() -> None:
    """Measure and print the per-call latency of each transport."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/mcp.json"))
    opts = parser.parse_args()
    stdio = McpServer("fake", command=(sys.executable, str(FAKE)))
    sock = __import__("socket").socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen(
        [sys.executable, str(FAKE), "http", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    http = McpServer("fake", url=f"http://127.0.0.1:{port}/mcp")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                list_tools(http, timeout=5)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        n = opts.calls
        results = {
            "python_start_import_mcp": _summary(
                _times(lambda: subprocess.run([sys.executable, "-c", "import mcp"]), n)
            ),
            "stdio_call_tool": _summary(
                _times(lambda: call_tool(stdio, "echo", {"text": "hi"}, timeout=30), n)
            ),
            "stdio_list_tools": _summary(_times(lambda: list_tools(stdio, timeout=30), n)),
            "http_call_tool": _summary(
                _times(lambda: call_tool(http, "echo", {"text": "hi"}, timeout=30), n)
            ),
            "http_list_tools": _summary(_times(lambda: list_tools(http, timeout=30), n)),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    table = Table("what", "median s", "min s", "max s", "n")
    for name, row in results.items():
        table.add_row(name, *(str(row[k]) for k in ("median_s", "min_s", "max_s", "n")))
    Console().print(table)
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    opts.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
