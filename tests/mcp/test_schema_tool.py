"""MCP tools as familiar Tools: validated by their JSON schema, run only by the dispatcher."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from familiar.clock import fixed_clock
from familiar.config import Paths, Settings
from familiar.errors import UserError
from familiar.kernel.dispatcher import Dispatcher
from familiar.kernel.tools import Tool, ToolContext, ToolDefinitionError, schema_tool
from familiar.mcp import McpServer, list_tools, mcp_tool, tool_name
from familiar.mcp.skill import build_mcp_skill, definition_to_dict
from familiar.models.base import ToolCall
from familiar.security.labels import user_label
from familiar.security.policy import Effect, Policy
from familiar.security.provenance import Ledger
from familiar.skills.state import SkillState
from familiar.store import Store
from familiar.testing.confirm import Answers

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def ctx(isolated_folders: Paths, store: Store) -> ToolContext:
    """A tool context on the test's store, inside a run so steps are recorded."""
    return ToolContext(
        store=store,
        settings=Settings(),
        paths=isolated_folders,
        clock=fixed_clock(NOW),
        tz=UTC,
        run_id=store.start_run("test", "test", "none", NOW),
    )


def _ledger(*user_text: str) -> Ledger:
    ledger = Ledger()
    for text in user_text:
        ledger.add(text, user_label())
    return ledger


def _tools(server: McpServer) -> dict[str, Tool]:
    return {d.remote_name: mcp_tool(server, d, timeout=20) for d in list_tools(server, 30)}


def test_an_mcp_tool_asks_then_runs_and_its_output_is_untrusted(
    fake_stdio: McpServer, ctx: ToolContext
) -> None:
    tools = _tools(fake_stdio)
    echo = tools["echo"]
    assert echo.name == "fake_echo" and echo.effect is Effect.EXTERNAL
    assert echo.spec().parameters["required"] == ["text"]
    yes = Answers(True)
    dispatcher = Dispatcher(Policy(), yes, timeout=30)
    try:
        call = ToolCall(id="1", name="fake_echo", arguments={"text": "tea", "times": 2})
        outcome = dispatcher.dispatch(call, list(tools.values()), ctx, _ledger("say tea twice"))
    finally:
        dispatcher.close()
    assert outcome.ok and outcome.content == "tea tea"
    assert not outcome.label.trusted and outcome.label.sources == {"tool:fake_echo"}
    assert [r.tool for r in yes.asked] == ["fake_echo"]
    assert yes.asked[0].arguments == {"text": "tea", "times": 2}
    step = ctx.store.steps(ctx.run_id or 0)[-1]
    assert step.tool == "fake_echo" and step.decision.startswith("ask:yes")


def test_a_refused_mcp_call_never_reaches_the_server(
    fake_stdio: McpServer, ctx: ToolContext
) -> None:
    tools = list(_tools(fake_stdio).values())
    dispatcher = Dispatcher(Policy(), Answers(False), timeout=30)
    try:
        # crash would kill the server: had it been called, the outcome would say so.
        outcome = dispatcher.dispatch(ToolCall(id="1", name="fake_crash"), tools, ctx, _ledger())
    finally:
        dispatcher.close()
    assert not outcome.ok and outcome.content.startswith("not run: the user did not approve")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "arguments: 'text' is a required property"),
        ({"text": 5}, "arguments: text: 5 is not of type 'string'"),
        ({"text": "a", "times": "2"}, "arguments: times: '2' is not of type 'integer'"),
    ],
)
def test_arguments_are_checked_against_the_schema_before_the_policy(
    arguments: dict[str, Any], message: str, fake_stdio: McpServer, ctx: ToolContext
) -> None:
    asked = Answers(True)
    echo = _tools(fake_stdio)["echo"]
    dispatcher = Dispatcher(Policy(), asked, timeout=30)
    try:
        call = ToolCall(id="1", name=echo.name, arguments=arguments)
        outcome = dispatcher.dispatch(call, [echo], ctx, _ledger())
    finally:
        dispatcher.close()
    assert outcome.decision == "deny: invalid arguments" and not asked.asked
    assert outcome.content == (
        f"invalid arguments for fake_echo ({message}); its parameters: text, times"
    )


def test_schema_tools_take_a_dict_and_their_definition_is_checked(ctx: ToolContext) -> None:
    seen: list[dict[str, Any]] = []
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}, "days": {"type": "integer", "maximum": 7}},
        "required": ["city"],
        "additionalProperties": False,
    }
    forecast = schema_tool(
        "forecast", "Weather.", schema, lambda a: seen.append(a) or "ok", effect=Effect.READ
    )
    dispatcher = Dispatcher(Policy(), Answers(False), timeout=5)
    try:
        good = ToolCall(id="1", name="forecast", arguments={"city": "Porto", "days": 3})
        assert dispatcher.dispatch(good, [forecast], ctx, _ledger()).ok
        extra = ToolCall(id="2", name="forecast", arguments={"city": "Porto", "when": "now"})
        too_many = ToolCall(id="3", name="forecast", arguments={"city": "Porto", "days": 9})
        assert "Additional properties are not allowed" in (
            dispatcher.dispatch(extra, [forecast], ctx, _ledger()).content
        )
        assert "days: 9 is greater than the maximum of 7" in (
            dispatcher.dispatch(too_many, [forecast], ctx, _ledger()).content
        )
    finally:
        dispatcher.close()
    assert seen == [{"city": "Porto", "days": 3}]
    assert forecast.spec().parameters == schema
    with pytest.raises(ToolDefinitionError, match="must be lower_snake_case"):
        schema_tool("Bad-Name", "x", schema, print, effect=Effect.READ)
    with pytest.raises(ToolDefinitionError, match="must be a JSON schema of type object"):
        schema_tool("listy", "x", {"type": "array"}, print, effect=Effect.READ)
    with pytest.raises(ToolDefinitionError, match="invalid JSON schema"):
        schema_tool("odd", "x", {"type": "object", "required": "city"}, print, effect=Effect.READ)


def test_a_saved_mcp_skill_is_rebuilt_and_its_tools_run(
    fake_stdio: McpServer, ctx: ToolContext
) -> None:
    defs = list_tools(fake_stdio, 30)
    state = SkillState(
        origin="mcp",
        enabled=True,
        server=fake_stdio.as_dict(),
        definitions=[definition_to_dict(d) for d in defs],
    )
    saved = SkillState.model_validate_json(state.model_dump_json())  # as the store keeps it
    skill = build_mcp_skill("fake", saved)
    assert [t.name for t in skill.tools] == [tool_name(fake_stdio, d) for d in defs]
    weather = next(t for t in skill.tools if t.name == "fake_weather")
    assert weather.description == "[MCP fake] Today's weather for a city."
    dispatcher = Dispatcher(Policy(), Answers(True), timeout=30)
    try:
        call = ToolCall(id="1", name="fake_weather", arguments={"city": "Porto"})
        outcome = dispatcher.dispatch(call, list(skill.tools), ctx, _ledger("weather in Porto"))
    finally:
        dispatcher.close()
    assert outcome.ok and outcome.content == "Sunny in Porto, 21 C"
    with pytest.raises(UserError, match="MCP server fake: unknown fields colour"):
        build_mcp_skill("fake", SkillState(origin="mcp", server={"url": "x", "colour": 1}))
