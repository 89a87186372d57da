"""Tools are typed Python functions; their signature and docstring become the schema."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, get_type_hints

from jsonschema import SchemaError
from jsonschema.validators import validator_for
from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

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
    reader: str = "local_model"  # who sees the result: "mcp_client" when familiar serves MCP

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
    # Set for tools defined by a JSON schema (e.g. from an MCP server): `fn` then takes
    # the validated arguments as one dict, and the schema is offered to the model as is.
    input_schema: dict[str, Any] | None = field(default=None, compare=False)
    # Hash of the third-party definition it was built from, whole (the description above
    # may be cut): pinning covers what the server sent, not only what the model sees.
    source_hash: str = field(default="", compare=False)

    def spec(self) -> ToolSpec:
        """The tool as offered to the model."""
        if self.input_schema is not None:
            return ToolSpec(
                name=self.name, description=self.description, parameters=dict(self.input_schema)
            )
        schema = self.arguments.model_json_schema()
        schema.pop("title", None)
        for prop in schema.get("properties", {}).values():
            prop.pop("title", None)
        return ToolSpec(name=self.name, description=self.description, parameters=schema)

    def invoke(self, ctx: ToolContext, args: BaseModel) -> Any:
        """Call the function with validated arguments."""
        if self.input_schema is not None:
            given = args.model_dump()
            return self.fn(ctx, given) if self.takes_context else self.fn(given)
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


def schema_tool(
    name: str,
    description: str,
    schema: dict[str, Any],
    fn: Callable[..., Any],
    *,
    effect: Effect,
    takes_context: bool = False,
    trusted_output: bool = True,
    confidentiality: Confidentiality = Confidentiality.PERSONAL,
    permissions: tuple[str, ...] = (),
    source_hash: str = "",
) -> Tool:
    """Build a Tool from a JSON schema; `fn(arguments)` (or `fn(ctx, arguments)`) gets a dict.

    The dispatcher validates the model's arguments against the schema (with jsonschema)
    before any policy check, exactly as it does for signature-built tools.
    """
    if not _NAME.match(name):
        raise ToolDefinitionError(
            f"tool name {name!r} must be lower_snake_case, at most 64 characters"
        )
    if not isinstance(schema, dict) or schema.get("type") != "object":
        raise ToolDefinitionError(f"tool {name}: its schema must be a JSON schema of type object")
    try:
        validator = validator_for(schema)(schema)
        validator.check_schema(schema)
    except SchemaError as exc:
        raise ToolDefinitionError(f"tool {name}: invalid JSON schema ({exc.message})") from None

    class SchemaArguments(BaseModel):
        """Arguments checked against the tool's JSON schema; they are kept as given."""

        model_config = ConfigDict(extra="allow")

        @model_validator(mode="before")
        @classmethod
        def _check(cls, data: Any) -> Any:
            errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
            if errors:
                path = ".".join(str(p) for p in errors[0].absolute_path)
                raise ValueError(f"{path}: {errors[0].message}" if path else errors[0].message)
            return data

    SchemaArguments.__name__ = f"{name}_arguments"
    return Tool(
        name=name,
        description=description,
        fn=fn,
        arguments=SchemaArguments,
        effect=effect,
        trusted_output=trusted_output,
        confidentiality=confidentiality,
        permissions=permissions,
        takes_context=takes_context,
        input_schema=schema,
        source_hash=source_hash,
    )
