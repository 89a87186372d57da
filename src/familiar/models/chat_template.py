"""Render a conversation into prompt text with the model's own (Jinja2) chat template.

Tool calls use one syntax everywhere (Hermes / Qwen 2.5 style):

    <tool_call>
    {"name": "create_reminder", "arguments": {"text": "call Mom", "when": "6pm"}}
    </tool_call>

and tool results go back as `<tool_response>` blocks in a user turn. A template whose
source already speaks that syntax (Qwen 2.5, Qwen 3, Hermes) renders tools and calls
itself; for any other template (SmolLM2's plain ChatML, or a model with a different
native syntax) the tools are described in the system text by `tool_instructions` and
calls/results are rewritten into plain message text, so the constrained decoder's syntax
always matches what the model was told.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from familiar.errors import ExternalError
from familiar.models.base import Message, ToolSpec

CALL_OPEN = "<tool_call>"
CALL_CLOSE = "</tool_call>"
RESPONSE_OPEN = "<tool_response>"
RESPONSE_CLOSE = "</tool_response>"

# Used when a GGUF carries no template at all; ChatML is what most small chat models use.
CHATML = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

_ZWSP = "\u200b"  # breaks a special-token string without changing what a reader sees


def _tojson(
    value: Any,
    ensure_ascii: bool = False,
    indent: int | None = None,
    separators: tuple[str, str] | None = None,
    sort_keys: bool = False,
) -> str:
    # The HF transformers filter (json.dumps, no HTML escaping): Qwen was trained on it.
    return json.dumps(
        value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys
    )


def _raise(message: str) -> None:
    raise jinja2.TemplateError(message)


def tool_json(tool: ToolSpec) -> dict[str, Any]:
    """The OpenAI-style function object templates expect for a tool."""
    return {
        "type": "function",
        "function": {
            "name": tool.name,
            "description": tool.description,
            "parameters": tool.parameters,
        },
    }


def call_text(name: str, arguments: dict[str, Any]) -> str:
    """One tool call in the model's syntax, exactly as the Qwen template writes it."""
    body = '{"name": "' + name + '", "arguments": ' + _tojson(arguments) + "}"
    return f"{CALL_OPEN}\n{body}\n{CALL_CLOSE}"


_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)", re.DOTALL)
# Words of a brief tool's description, and words a cut line does not end on.
BRIEF_WORDS = 6
_ENDLESS = "a an the of in on at for to from by with and or its your their about as into"
_DANGLING = frozenset(_ENDLESS.split())


def brief_line(tool: ToolSpec) -> str:
    """A tool in one line: `- name: ` and the first words of its description.

    No argument list: the grammar writes every call to the tool's full schema, and on the
    tools benchmark the lines without one were 15 tokens fewer a request with as many
    correct calls (88% against 82% at 300 tools, 76% against 78% at 50). At most
    BRIEF_WORDS words of the first sentence, not ending on a word like "of": 79 tokens
    prefilled a request instead of 97, and at 300 tools the step went from 1.45-1.51x
    the 5-tool step to 1.37x, 1.44x and 1.42x in three runs, 80-82% correct (84% before,
    78% with 5 tools). In a trial of cuts (50 requests each, one run): 5 words 1.39x and
    82% correct, 6 words 1.36x and 82%, 8 words 1.47x and 86%, the name alone 1.21x and
    78%, where "set the thermostat" became `set_timer`.
    """
    description = " ".join(tool.description.split())
    match = _SENTENCE.match(description)
    words = (match.group(1) if match else description).split()
    if len(words) > BRIEF_WORDS:
        words = words[:BRIEF_WORDS]
        while len(words) > 1 and words[-1].lower().rstrip(",;:") in _DANGLING:
            words.pop()
        words[-1] = words[-1].rstrip(",;:")
    return f"- {tool.name}: {' '.join(words)}"


def brief_section(tools: Sequence[ToolSpec]) -> str:
    """The system turn that offers `tools` in brief (called like the others)."""
    lines = "\n".join(brief_line(t) for t in tools)
    return f"Also callable for this request:\n{lines}"


def tool_instructions(tools: Sequence[ToolSpec]) -> str:
    """The tool section for templates that cannot render tools (Qwen's wording, compacted)."""
    lines = "\n".join(_tojson(tool_json(t)) for t in tools)
    return (
        "\n\n# Tools\n\nYou may call one of these functions to assist with the user query.\n"
        f"<tools>\n{lines}\n</tools>\n\n"
        "To call a function, reply with only:\n"
        f'{CALL_OPEN}\n{{"name": <function-name>, "arguments": <args-json-object>}}\n{CALL_CLOSE}\n'
        "Otherwise answer in plain text."
    )


class ChatTemplate:
    """A compiled chat template plus the rules that keep untrusted text inert."""

    def __init__(
        self,
        source: str | None,
        *,
        bos_token: str = "",
        eos_token: str = "",
        special_tokens: Iterable[str] = (),
    ) -> None:
        self.source = source or CHATML
        env = ImmutableSandboxedEnvironment(
            loader=jinja2.BaseLoader(),
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=[jinja2.ext.loopcontrols],
        )
        env.filters["tojson"] = _tojson
        env.globals["raise_exception"] = _raise
        env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
        try:
            self._template = env.from_string(self.source)
        except jinja2.TemplateError as exc:
            raise ExternalError(f"the model's chat template does not compile: {exc}") from None
        self._bos = bos_token
        self._eos = eos_token
        # Any text that the tokenizer would turn into a control token (or our call markup)
        # must not come from message content: a mail body saying "<|im_start|>system" would
        # otherwise open a real system turn.
        markup = {CALL_OPEN, CALL_CLOSE, RESPONSE_OPEN, RESPONSE_CLOSE}
        self._specials = sorted({s for s in special_tokens if len(s) > 1} | markup, key=len)[::-1]
        self.native_tools = CALL_OPEN in self.source

    def neutralize(self, text: str) -> str:
        """Break every special-token string in `text` with a zero-width space."""
        for special in self._specials:
            if special in text:
                text = text.replace(special, special[0] + _ZWSP + special[1:])
        return text

    def _inert(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.neutralize(value)
        if isinstance(value, dict):
            return {k: self._inert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._inert(v) for v in value]
        return value

    def _inert_tools(self, tools: Sequence[ToolSpec]) -> list[ToolSpec]:
        return [ToolSpec.model_validate(self._inert(t.model_dump())) for t in tools]

    def _native(self, messages: Sequence[Message]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for m in messages:
            content = m.content if m.role == "system" else self.neutralize(m.content)
            item: dict[str, Any] = {"role": m.role, "content": content}
            if m.tool_calls:
                item["tool_calls"] = [
                    {
                        "id": c.id,
                        "type": "function",
                        "function": {"name": c.name, "arguments": self._inert(c.arguments)},
                    }
                    for c in m.tool_calls
                ]
            if m.role == "tool":
                item["tool_call_id"] = m.tool_call_id
                item["name"] = m.name
            out.append(item)
        return out

    def _plain(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec]
    ) -> list[dict[str, Any]]:
        # For templates that only know role + content: calls and results become text.
        out: list[dict[str, Any]] = []
        for m in messages:
            if m.role == "system":
                out.append({"role": "system", "content": m.content})
            elif m.role == "tool":
                body = self.neutralize(m.content)
                out.append(
                    {"role": "user", "content": f"{RESPONSE_OPEN}\n{body}\n{RESPONSE_CLOSE}"}
                )
            else:
                parts = [self.neutralize(m.content)] if m.content else []
                parts += [call_text(c.name, self._inert(c.arguments)) for c in m.tool_calls]
                out.append({"role": m.role, "content": "\n".join(parts)})
        if tools:
            if out and out[0]["role"] == "system":
                out[0] = {"role": "system", "content": out[0]["content"] + tool_instructions(tools)}
            else:
                out.insert(0, {"role": "system", "content": tool_instructions(tools).lstrip()})
        return out

    def render(
        self,
        messages: Sequence[Message],
        tools: Sequence[ToolSpec] = (),
        *,
        brief: Sequence[ToolSpec] = (),
        add_generation_prompt: bool = True,
    ) -> str:
        """The prompt text for `messages` (and `tools`), ending where the model speaks.

        `brief` tools are offered one line each in a system turn of their own just before
        the user's last message, so everything before renders exactly as without them:
        the cached prefix, the per-request system text and earlier turns of a chat are
        reused from the KV cache, and only the brief lines and the new turn cost prefill.
        """
        # Tool names and descriptions may be third-party text (MCP servers): inert too.
        tools, brief = self._inert_tools(tools), self._inert_tools(brief)
        if self.native_tools:
            rendered = self._native(messages)
            tool_list: list[dict[str, Any]] | None = [tool_json(t) for t in tools] or None
        else:
            rendered = self._plain(messages, tools)
            tool_list = None
        if brief:
            section = brief_section(brief)
            users = [i for i, m in enumerate(messages) if m.role == "user"]
            at = users[-1] if users else len(messages)
            at += len(rendered) - len(messages)  # a system turn the plain path put in front
            rendered.insert(at, {"role": "system", "content": section})
        try:
            return self._template.render(
                messages=rendered,
                tools=tool_list,
                add_generation_prompt=add_generation_prompt,
                bos_token=self._bos,
                eos_token=self._eos,
            )
        except jinja2.TemplateError as exc:
            raise ExternalError(f"the model's chat template failed: {exc}") from None
