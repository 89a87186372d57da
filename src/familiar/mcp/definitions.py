"""Third-party tool definitions made safe to show: capped names and text, checked schemas.

A server's tool names, descriptions and schemas are text from someone else that ends up
in the model's prompt and in front of the user, so they get the same suspicion as
any untrusted data: names are sanitised to familiar's tool-name rule, descriptions
stripped of control characters and capped, schemas required to be JSON-schema objects
of bounded size. A definition hash pins what the user approved.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from jsonschema import SchemaError
from jsonschema.validators import validator_for

NAME_CHARS = 64  # familiar's tool-name limit
DESCRIPTION_CHARS = 1024
SCHEMA_CHARS = 8000  # canonical JSON; a schema is prompt text too

_NOT_NAME = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class McpToolDef:
    """One tool a server offers, after familiar's checks."""

    name: str  # sanitised: matches familiar's tool-name rule
    remote_name: str  # the server's own name, used to call it
    description: str  # control characters removed, capped
    input_schema: dict[str, Any]
    read_only_hint: bool  # the server's claim (an annotation), not a verified fact
    definition_hash: str  # sha256 of the definition as the server sent it
    problem: str | None = None  # why the tool cannot be used, when it cannot


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def definition_hash(name: str, description: str, schema: Any) -> str:
    """sha256 over a tool's name, description and input schema exactly as the server sent them."""
    text = canonical_json({"name": name, "description": description, "input_schema": schema})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sanitise_name(name: str, prefix: str = "") -> str:
    """A familiar tool name (lower_snake_case, at most 64 chars) for a server's tool name."""
    folded = unicodedata.normalize("NFKD", f"{prefix}_{name}" if prefix else name)
    base = _NOT_NAME.sub("_", folded.encode("ascii", "ignore").decode().lower()).strip("_")
    if not base or not base[0].isalpha():
        short = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        base = f"tool_{base}" if base else f"tool_{short}"
    if len(base) > NAME_CHARS:
        # Keep it unique: two long names sharing a 64-char start must not collide.
        short = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        base = base[: NAME_CHARS - 9].rstrip("_") + "_" + short
    return base


def clean_text(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """Text without control characters, whitespace collapsed, cut to `limit` characters."""
    kept = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    collapsed = " ".join(kept.split())
    return collapsed if len(collapsed) <= limit else collapsed[: limit - 1].rstrip() + "…"


def schema_problem(schema: Any) -> str | None:
    """Why `schema` cannot be a tool's input schema, or None when it can."""
    if not isinstance(schema, dict):
        return "its input schema is not a JSON object"
    if schema.get("type") != "object":
        return f"its input schema has type {schema.get('type')!r}; a tool takes an object"
    if not isinstance(schema.get("properties", {}), dict):
        return "its input schema's properties are not an object"
    if len(canonical_json(schema)) > SCHEMA_CHARS:
        return f"its input schema is longer than {SCHEMA_CHARS} characters"
    try:
        validator_for(schema).check_schema(schema)
    except SchemaError as exc:
        return f"its input schema is not valid JSON schema ({clean_text(exc.message, 200)})"
    return None


def make_def(
    remote_name: str,
    description: str | None,
    schema: Any,
    read_only_hint: bool | None = None,
    prefix: str = "",
) -> McpToolDef:
    """Check one definition a server sent; a bad one is kept with its `problem` set."""
    problem = schema_problem(schema)
    cleaned = {} if problem else {k: v for k, v in schema.items() if k != "title"}
    return McpToolDef(
        name=sanitise_name(remote_name, prefix),
        remote_name=remote_name,
        description=clean_text(description or ""),
        input_schema=cleaned,
        read_only_hint=bool(read_only_hint),
        definition_hash=definition_hash(remote_name, description or "", schema),
        problem=problem,
    )


def unique_names(defs: list[McpToolDef]) -> list[McpToolDef]:
    """The same definitions, renamed where two server names sanitise alike (get-x, get_x)."""
    seen: set[str] = set()
    out: list[McpToolDef] = []
    for d in defs:
        if d.name in seen:
            short = hashlib.sha256(d.remote_name.encode("utf-8")).hexdigest()[:8]
            d = replace(d, name=f"{d.name[: NAME_CHARS - 9]}_{short}")
        seen.add(d.name)
        out.append(d)
    return out
