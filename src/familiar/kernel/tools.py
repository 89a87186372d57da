"""Tools are typed Python functions; their signature and docstring become the schema."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from familiar.clock import Clock
from familiar.config import Paths, Settings
from familiar.models.base import ToolSpec
from familiar.security.labels import Confidentiality
from familiar.security.policy import Effect

if TYPE_CHECKING:
    from familiar.memory import Memory
    from familiar.store import RecordStore

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_ARG_LINE = re.compile(r"^(\w+)\s*(?:\([^)]*\))?:\s*(.*)$")
_SECTIONS = ("Args", "Arguments", "Parameters", "Returns", "Raises", "Examples")


@dataclass
class ToolContext:
    """What a tool may use besides its arguments: the store, the clock, the settings."""

    store: RecordStore
    settings: Settings
    paths: Paths
    clock: Clock
    tz: tzinfo
    run_id: int | None = None
    request_text: str = ""  # what the user typed for this run: the source of trusted slots
    memory: Memory | None = None
    working: dict[str, Any] = field(default_factory=dict)  # named values within one run

    def now(self) -> datetime:
        """The current time in the user's zone."""
        return self.clock().astimezone(self.tz)


@dataclass(frozen=True)
class Reply:
    """A tool result that can also stand as the answer, sparing a second model call.

    When every call of a step returns a Reply, the run ends with their `say` texts:
    "remind me to call Mom at 6" needs the model to fill the slots, not to confirm.
    """

    data: Any
    say: str


@dataclass(frozen=True)
class Tool:
    """A callable the model may propose, with what the dispatcher needs to govern it."""

    name: str
    description: str
    fn: Callable[..., Any]
    arguments: type[BaseModel]
    effect: Effect
    trusted_output: bool  # False when results carry third-party content
    confidentiality: Confidentiality
    permissions: tuple[str, ...]
    takes_context: bool

    def spec(self) -> ToolSpec:
        """The tool as offered to the model."""
        schema = self.arguments.model_json_schema()
        schema.pop("title", None)
        for prop in schema.get("properties", {}).values():
            prop.pop("title", None)
        return ToolSpec(name=self.name, description=self.description, parameters=schema)

    def invoke(self, ctx: ToolContext, args: BaseModel) -> Any:
        """Call the function with validated arguments."""
        kwargs = {name: getattr(args, name) for name in type(args).model_fields}
        return self.fn(ctx, **kwargs) if self.takes_context else self.fn(**kwargs)


class ToolDefinitionError(TypeError):
    """A function cannot be a tool; the message says how to fix it."""


def _parse_docstring(doc: str) -> tuple[str, dict[str, str]]:
    """Split a Google-style docstring into its summary and per-argument descriptions."""
    summary: list[str] = []
    params: dict[str, str] = {}
    section: str | None = None
    current: str | None = None
    for line in inspect.cleandoc(doc).splitlines():
        stripped = line.strip()
        if stripped.endswith(":") and stripped[:-1] in _SECTIONS:
            section, current = stripped[:-1], None
            continue
        if section is None:
            if stripped:
                summary.append(stripped)
            continue
        if section not in ("Args", "Arguments", "Parameters") or not stripped:
            continue
        indent = len(line) - len(line.lstrip())
        match = _ARG_LINE.match(stripped)
        if match and indent <= 4:
            current = match.group(1)
            params[current] = match.group(2)
        elif current:
            params[current] += " " + stripped
    return " ".join(summary), params


def tool(
    *,
    effect: Effect,
    name: str | None = None,
    trusted_output: bool = True,
    confidentiality: Confidentiality = Confidentiality.PERSONAL,
    permissions: Iterable[str] = (),
) -> Callable[[Callable[..., Any]], Tool]:
    """Turn a typed function into a Tool; a first parameter `ctx: ToolContext` is injected."""

    def wrap(fn: Callable[..., Any]) -> Tool:
        return make_tool(
            fn,
            effect=effect,
            name=name,
            trusted_output=trusted_output,
            confidentiality=confidentiality,
            permissions=tuple(permissions),
        )

    return wrap


def make_tool(
    fn: Callable[..., Any],
    *,
    effect: Effect,
    name: str | None = None,
    trusted_output: bool = True,
    confidentiality: Confidentiality = Confidentiality.PERSONAL,
    permissions: tuple[str, ...] = (),
) -> Tool:
    """Build a Tool from a function, checking what the schema needs."""
    tool_name = name or fn.__name__
    if not _NAME.match(tool_name):
        raise ToolDefinitionError(
            f"tool name {tool_name!r} must be lower_snake_case, at most 64 characters"
        )
    if not fn.__doc__:
        raise ToolDefinitionError(f"tool {tool_name}: add a docstring; it is what the model reads")
    summary, arg_docs = _parse_docstring(fn.__doc__)
    hints = get_type_hints(fn)
    params = list(inspect.signature(fn).parameters.values())
    takes_context = bool(params) and params[0].name == "ctx"
    if takes_context:
        params = params[1:]
    fields: dict[str, Any] = {}
    for param in params:
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise ToolDefinitionError(
                f"tool {tool_name}: *{param.name} is not allowed; name each parameter"
            )
        if param.name not in hints:
            raise ToolDefinitionError(
                f"tool {tool_name}: parameter {param.name!r} has no type hint; add one "
                f"(e.g. {param.name}: str)"
            )
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[param.name] = (
            hints[param.name],
            Field(default, description=arg_docs.get(param.name)),
        )
    model = create_model(
        f"{tool_name}_arguments",
        __config__=ConfigDict(extra="forbid"),
        **fields,
    )
    return Tool(
        name=tool_name,
        description=summary,
        fn=fn,
        arguments=model,
        effect=effect,
        trusted_output=trusted_output,
        confidentiality=confidentiality,
        permissions=permissions,
        takes_context=takes_context,
    )
