"""GBNF grammars for constrained decoding, and a thin handle on llama.cpp's grammar sampler.

The grammar texts come from llama-cpp-python's JSON-schema converter (`SchemaConverter`);
parsing and matching happen in llama.cpp (`llama_sampler_init_grammar`), which is the
only real GBNF parser in 0.3.x (`LlamaGrammar.from_string` just stores the text).
"""

from __future__ import annotations

import ctypes
import json
import logging
from collections.abc import Sequence
from typing import Any

import llama_cpp
import numpy as np
import numpy.typing as npt
from llama_cpp.llama_grammar import SchemaConverter as _SchemaConverter
from llama_cpp.llama_grammar import json_schema_to_gbnf

from familiar.models.base import ToolSpec
from familiar.models.chat_template import CALL_CLOSE, CALL_OPEN

log = logging.getLogger(__name__)

CALL_HEAD = f'{CALL_OPEN}\n{{"name": "'  # every call starts with exactly this text

_GENERIC_OBJECT: dict[str, Any] = {"type": "object"}
SchemaConverter: Any = _SchemaConverter  # untyped upstream; its API is used as documented there


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _converter() -> Any:
    return SchemaConverter(prop_order={}, allow_fetch=False, dotall=False, raw_pattern=False)


def _args_rule(converter: Any, schema: dict[str, Any], index: int) -> str:
    # Each tool gets its own rule namespace (tool0-, tool1-, ...) and its own $ref base, so
    # two tools with a property or $defs of the same name cannot collide.
    name = f"tool{index}-args"
    try:
        resolved = converter.resolve_refs(json.loads(json.dumps(schema)), f"tool{index}")
        return str(converter.visit(resolved, name))
    except (AssertionError, ValueError, KeyError, TypeError) as exc:
        # A schema feature the converter does not know (e.g. from an MCP server): the
        # arguments are still a JSON object; the dispatcher validates them afterwards.
        log.warning(
            "tool %d: schema not convertible to a grammar (%s); any object allowed", index, exc
        )
        return str(converter.visit(dict(_GENERIC_OBJECT), name))


def tool_call_grammar(tools: Sequence[ToolSpec]) -> str:
    """GBNF for one or more `<tool_call>` blocks, each holding one call of one of `tools`.

    A block is `<tool_call>\\n{"name": NAME, "arguments": ARGS}\\n</tool_call>`, and
    blocks are separated by a newline, as the Qwen template writes several calls. NAME
    is one of the tools and ARGS matches that tool's schema. Whether to call at all is
    decided before this grammar applies (see llama.py).
    """
    if not tools:
        raise ValueError("a tool-call grammar needs at least one tool")
    converter = _converter()
    alternatives = []
    for i, tool in enumerate(tools):
        args = _args_rule(converter, tool.parameters, i)
        head = _literal('{"name": ' + json.dumps(tool.name) + ', "arguments": ')
        alternatives.append(converter._add_rule(f"call{i}", f'{head} {args} "}}"'))
    converter._add_rule("call", " | ".join(alternatives))
    opening, closing = _literal(CALL_OPEN + "\n"), _literal("\n" + CALL_CLOSE)
    converter._add_rule("block", f"{opening} call {closing}")
    converter._add_rule("root", 'block ("\\n" block)*')
    return str(converter.format_grammar())


def _required(tool: ToolSpec) -> list[str]:
    """Required argument names, in the order the grammar makes them come first."""
    properties = tool.parameters.get("properties")
    if not isinstance(properties, dict):
        return []
    return [k for k in properties if k in set(tool.parameters.get("required", []))]


def forced_text(block: str, tools: Sequence[ToolSpec]) -> str:
    """What must come next in the call `block` (text from its `<tool_call>`), or "".

    Most of a call is fixed once the model has chosen a little: the rest of a tool's
    name once only one name fits, `", "arguments": {"first_required":` after the name,
    `, "next_required":` after a string argument. Evaluating these tokens in one batch
    instead of sampling them one by one saves a good part of a call's decoding time.
    The text is written the way the template writes calls (json.dumps spacing) but
    stops before a value's space: the model then writes ` "` as the one token it would
    use; forcing `: ` would leave it a lone `"`, a token split it never saw after a key,
    and measurably worse arguments. The caller checks each token against the grammar,
    so a wrong guess here can only end the shortcut early.
    """
    head = CALL_HEAD
    if not block:
        return ""  # between blocks: the model chooses whether another one comes
    if len(block) < len(head):
        return head[len(block) :] if head.startswith(block) else ""
    if not block.startswith(head):
        return ""
    rest = block[len(head) :]
    if '"' not in rest:  # inside the name
        fits = [t for t in tools if t.name.startswith(rest)]
        if not rest or len(fits) != 1:
            return ""
        required = _required(fits[0])
        first = json.dumps(required[0]) + ":" if required else ""
        return fits[0].name[len(rest) :] + '", "arguments": {' + first
    name, _, after = rest.partition('"')
    tool = next((t for t in tools if t.name == name), None)
    opening = ', "arguments": '
    if tool is None or not after.startswith(opening) or not after.endswith('"'):
        return ""
    try:  # complete up to a closed string value?
        args = json.loads(after[len(opening) :] + "}", strict=False)
    except ValueError:
        return ""
    if not isinstance(args, dict) or not args or not isinstance(list(args.values())[-1], str):
        return ""
    required = _required(tool)
    keys = list(args)
    if keys != required[: len(keys)] or len(keys) >= len(required):
        # The end stays the model's: forced, `}}\n</tool_call>` tokenizes unlike its own
        # `"}}\n`, and it then starts a second, repeated call instead of stopping.
        return ""
    return ", " + json.dumps(required[len(keys)]) + ":"


def json_grammar(schema: dict[str, Any]) -> str:
    """GBNF for a JSON value matching `schema` (the `output_schema` of a request)."""
    return str(json_schema_to_gbnf(json.dumps(schema)))


def check(grammar: str) -> None:
    """Parse `grammar` with llama.cpp's own parser; raise ValueError if it does not parse."""
    sampler = llama_cpp.llama_sampler_init_grammar(None, grammar.encode(), b"root")
    if not sampler:
        raise ValueError("llama.cpp could not parse the grammar")
    llama_cpp.llama_sampler_free(sampler)


_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)])


class GrammarSampler:
    """One generation's grammar state: which tokens are allowed next, and what was taken.

    `allows` tests a single token and `allowed` a few (cheap), `mask` tests the whole
    vocabulary (costly, ~10 ms for 150k tokens): the caller tries the model's favourite
    token first, then (decoding greedily) its next best ones, and masks only when the
    grammar rejects them all, as llama.cpp's own common sampler does.
    """

    def __init__(self, vocab: Any, grammar: str, n_vocab: int) -> None:
        self._sampler = llama_cpp.llama_sampler_init_grammar(vocab, grammar.encode(), b"root")
        if not self._sampler:
            raise ValueError("llama.cpp could not parse the grammar")
        self._all = np.zeros(n_vocab, dtype=_TOKEN_DATA)
        self._all["id"] = np.arange(n_vocab, dtype=np.int32)

    def _apply(self, data: Any, size: int) -> None:
        array = llama_cpp.llama_token_data_array(
            data=ctypes.cast(data, llama_cpp.llama_token_data_p),
            size=size,
            selected=-1,
            sorted=False,
        )
        llama_cpp.llama_sampler_apply(self._sampler, ctypes.byref(array))

    def allows(self, token: int) -> bool:
        """Whether the grammar accepts `token` as the next token."""
        one = llama_cpp.llama_token_data(token, 0.0, 0.0)
        self._apply(ctypes.pointer(one), 1)
        return bool(np.isfinite(one.logit))

    def allowed(self, tokens: npt.NDArray[np.int32]) -> npt.NDArray[np.bool_]:
        """Which of `tokens` the grammar accepts next, in one call."""
        some = np.zeros(len(tokens), dtype=_TOKEN_DATA)
        some["id"] = tokens
        self._apply(some.ctypes.data, len(some))
        return np.asarray(np.isfinite(some["logit"]), dtype=np.bool_)

    def mask(self, logits: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """A copy of `logits` with every token the grammar rejects set to -inf."""
        self._all["logit"] = logits
        self._apply(self._all.ctypes.data, len(self._all))
        return np.array(self._all["logit"], dtype=np.float32)

    def accept(self, token: int) -> None:
        """Advance the grammar past `token` (which it must allow)."""
        llama_cpp.llama_sampler_accept(self._sampler, token)

    def close(self) -> None:
        """Free the llama.cpp sampler."""
        if self._sampler:
            llama_cpp.llama_sampler_free(self._sampler)
            self._sampler = None

    def __enter__(self) -> GrammarSampler:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
