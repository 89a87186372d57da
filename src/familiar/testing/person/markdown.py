"""Obsidian-style Markdown notes: YAML front matter, #tags and [[links]]."""

from __future__ import annotations

import json

FrontValue = str | int | list[str]


def _yaml_scalar(value: str | int) -> str:
    if isinstance(value, int):
        return str(value)
    # JSON strings are valid YAML scalars, which keeps colons and quotes safe.
    needs_quotes = not value or any(c in value for c in ":#[]{}&*!|>'\"%@`,") or value[0] in "-?"
    return json.dumps(value, ensure_ascii=False) if needs_quotes else value


def note_bytes(front: dict[str, FrontValue], body: str) -> bytes:
    """A note with front matter (in the given key order) and a Markdown body."""
    lines = ["---"]
    for key, value in front.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {_yaml_scalar(v)}" for v in value]
        else:
            lines.append(f"{key}: {_yaml_scalar(value)}")
    lines.append("---")
    return ("\n".join(lines) + "\n\n" + body.strip("\n") + "\n").encode("utf-8")
