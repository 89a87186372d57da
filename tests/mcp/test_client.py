"""The MCP client against a real server process, over stdio and over HTTP."""

from __future__ import annotations

import sys
import time

import pytest
from mcphelpers import FAKE, StartHttp, free_port

from familiar.errors import ExternalError, UserError
from familiar.mcp import McpServer, call_tool, list_tools, mcp_tool
from familiar.mcp.definitions import DESCRIPTION_CHARS

TRANSPORTS = ["fake_stdio", "fake_http"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_lists_tools_with_capped_names_and_descriptions(
    transport: str, request: pytest.FixtureRequest
) -> None:
    server: McpServer = request.getfixturevalue(transport)
    defs = {d.remote_name: d for d in list_tools(server, timeout=30)}
    assert {"echo", "weather", "crash", "hang", "fail", "malformed", "Get.Forecast-v2"} <= set(defs)
    echo = defs["echo"]
    assert echo.name == "echo" and echo.problem is None
    assert echo.input_schema["properties"]["text"]["type"] == "string"
    assert echo.input_schema["required"] == ["text"]
    assert echo.read_only_hint and not defs["weather"].read_only_hint
    odd = defs["Get.Forecast-v2"]
    assert odd.name == "get_forecast_v2"
    assert len(odd.description) == DESCRIPTION_CHARS and odd.description.endswith("…")


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_calls_a_tool(transport: str, request: pytest.FixtureRequest) -> None:
    server: McpServer = request.getfixturevalue(transport)
    assert call_tool(server, "echo", {"text": "hello", "times": 3}, timeout=30) == (
        "hello hello hello"
    )


def test_definition_hash_is_stable_and_changes_with_the_definition(start_http: StartHttp) -> None:
    first = {d.remote_name: d.definition_hash for d in list_tools(start_http(), timeout=30)}
    again = {d.remote_name: d.definition_hash for d in list_tools(start_http(), timeout=30)}
    changed = list_tools(
        McpServer("fake", command=(sys.executable, str(FAKE)), env={"FAKE_MCP_VARIANT": "2"}),
        timeout=30,
    )
    assert first == again
    after = {d.remote_name: d.definition_hash for d in changed}
    assert after["weather"] != first["weather"]
    assert {k: v for k, v in after.items() if k != "weather"} == {
        k: v for k, v in first.items() if k != "weather"
    }


def test_a_tool_with_a_bad_schema_is_reported_and_cannot_become_a_tool() -> None:
    server = McpServer(
        "fake", command=(sys.executable, str(FAKE)), env={"FAKE_MCP_BAD_SCHEMA": "1"}
    )
    defs = {d.remote_name: d for d in list_tools(server, timeout=30)}
    problem = defs["echo"].problem or ""
    assert problem.startswith("its input schema is not valid JSON schema ('strng' is not valid")
    assert defs["weather"].problem is None
    with pytest.raises(UserError, match="MCP tool echo of fake cannot be used: its input schema"):
        mcp_tool(server, defs["echo"])


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_tool_error_is_one_line(transport: str, request: pytest.FixtureRequest) -> None:
    server: McpServer = request.getfixturevalue(transport)
    with pytest.raises(ExternalError) as err:
        call_tool(server, "fail", {"reason": "disk full"}, timeout=30)
    assert str(err.value).startswith(f"MCP server {server.name}: fail reported an error")
    assert "\n" not in str(err.value)
    with pytest.raises(ExternalError, match="nope reported an error: Unknown tool"):
        call_tool(server, "nope", {}, timeout=30)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_malformed_output_is_an_external_error(
    transport: str, request: pytest.FixtureRequest
) -> None:
    server: McpServer = request.getfixturevalue(transport)
    with pytest.raises(ExternalError, match="could not run malformed: Invalid structured content"):
        call_tool(server, "malformed", {}, timeout=30)


def test_a_server_that_crashes_mid_call(fake_stdio: McpServer) -> None:
    with pytest.raises(
        ExternalError, match="MCP server fake could not run crash: Connection closed"
    ):
        call_tool(fake_stdio, "crash", {}, timeout=30)
    # The next call starts it afresh.
    assert call_tool(fake_stdio, "echo", {"text": "back"}, timeout=30) == "back"


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_hung_tool_times_out_and_nothing_hangs(
    transport: str, request: pytest.FixtureRequest
) -> None:
    server: McpServer = request.getfixturevalue(transport)
    t0 = time.monotonic()
    with pytest.raises(ExternalError, match=r"did not run hang within 1.5 s"):
        call_tool(server, "hang", {}, timeout=1.5)
    assert time.monotonic() - t0 < 10  # the limit plus the time to stop the process


def test_a_server_that_cannot_start_or_dies_at_once() -> None:
    missing = McpServer("gone", command=("/nonexistent/mcp-server", "--stdio"))
    with pytest.raises(ExternalError, match="could not list its tools: cannot start it: No such"):
        list_tools(missing, timeout=10)
    dying = McpServer(
        "dying",
        command=(sys.executable, "-c", "import sys; sys.exit('config.json: bad api key')"),
    )
    with pytest.raises(ExternalError) as err:
        list_tools(dying, timeout=10)
    assert "its last error output: config.json: bad api key" in str(err.value)


def test_http_failures_name_the_cause(monkeypatch: pytest.MonkeyPatch) -> None:
    nobody = McpServer("nobody", url=f"http://127.0.0.1:{free_port()}/mcp")
    with pytest.raises(ExternalError, match="MCP server nobody could not list its tools"):
        list_tools(nobody, timeout=10)
    monkeypatch.delenv("FAKE_TOKEN", raising=False)
    tokened = McpServer("tok", url="http://127.0.0.1:9/mcp", token_env="FAKE_TOKEN")
    with pytest.raises(ExternalError, match=r"environment variable FAKE_TOKEN .* is not set"):
        list_tools(tokened, timeout=10)


def test_bad_server_specs_are_user_errors() -> None:
    with pytest.raises(UserError, match="either a command or a URL"):
        McpServer("both", command=("x",), url="http://127.0.0.1/mcp")
    with pytest.raises(UserError, match="not an http"):
        McpServer("ftp", url="ftp://example.org")
    with pytest.raises(UserError, match="lower-case letters"):
        McpServer("Bad Name!", command=("x",))
