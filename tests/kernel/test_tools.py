"""Tools: a typed function's signature and docstring become the schema the model sees."""

from __future__ import annotations

import pytest

from familiar.kernel.tools import ToolContext, ToolDefinitionError, make_tool, tool
from familiar.security.policy import Effect


def test_schema_comes_from_type_hints_and_docstring() -> None:
    @tool(effect=Effect.EXTERNAL, permissions=["device.control"])
    def dim_light(ctx: ToolContext, device: str, percent: int = 50) -> str:
        """Dim a light.

        Args:
            device: the light's name, e.g. "bedroom"
            percent: brightness from 0 to 100
        """
        return device

    spec = dim_light.spec()
    assert spec.name == "dim_light"
    assert spec.description == "Dim a light."
    props = spec.parameters["properties"]
    assert props["device"] == {"type": "string", "description": 'the light\'s name, e.g. "bedroom"'}
    assert props["percent"]["type"] == "integer"
    assert props["percent"]["default"] == 50
    assert spec.parameters["required"] == ["device"]
    assert "ctx" not in props
    assert dim_light.takes_context
    assert dim_light.permissions == ("device.control",)


def test_a_parameter_without_a_type_hint_is_refused_with_a_fix() -> None:
    def bad(x):  # type: ignore[no-untyped-def]
        """Do something."""

    with pytest.raises(ToolDefinitionError, match="parameter 'x' has no type hint; add one"):
        make_tool(bad, effect=Effect.READ)


def test_a_tool_needs_a_docstring_and_a_valid_name() -> None:
    def nodoc(x: int) -> int:
        return x

    with pytest.raises(ToolDefinitionError, match="add a docstring"):
        make_tool(nodoc, effect=Effect.READ)
    with pytest.raises(ToolDefinitionError, match="lower_snake_case"):
        make_tool(lambda: None, effect=Effect.READ, name="Bad-Name")


def test_unknown_arguments_are_rejected_by_the_schema() -> None:
    @tool(effect=Effect.READ)
    def echo(text: str) -> str:
        """Echo text."""
        return text

    with pytest.raises(ValueError, match="Extra inputs are not permitted"):
        echo.arguments.model_validate({"text": "hi", "other": 1})
