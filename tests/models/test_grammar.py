"""Tool-call and output grammars: built from schemas, parsed by llama.cpp's own parser.

No model weights are needed: llama.cpp parses GBNF without a vocabulary. One test also
walks a call through the grammar token by token with the model's tokenizer only
(`vocab_only`), which loads in milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import llama_cpp
import numpy as np
import pytest

from familiar.models.base import ToolSpec
from familiar.models.grammar import (
    GrammarSampler,
    check,
    forced_text,
    json_grammar,
    tool_call_grammar,
)

REMINDER = ToolSpec(
    name="create_reminder",
    description="Create a reminder.",
    parameters={
        "type": "object",
        "properties": {"text": {"type": "string"}, "when": {"type": "string"}},
        "required": ["text", "when"],
    },
)


def _tools(n: int) -> list[ToolSpec]:
    """Tools with the schema features skills use: enums, numbers, arrays, nesting, $ref."""
    kinds: list[dict[str, Any]] = [
        {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]},
        {
            "type": "object",
            "properties": {
                "device": {"type": "string"},
                "level": {"type": "integer", "minimum": 0, "maximum": 100},
                "mode": {"enum": ["on", "off", "dim"]},
            },
            "required": ["device"],
        },
        {
            "type": "object",
            "properties": {
                "to": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "subject": {"type": "string", "maxLength": 80},
                "urgent": {"type": "boolean"},
            },
            "required": ["to", "subject"],
        },
        {
            "$defs": {"slot": {"type": "object", "properties": {"start": {"type": "string"}}}},
            "type": "object",
            "properties": {"slots": {"type": "array", "items": {"$ref": "#/$defs/slot"}}},
        },
        {"type": "object", "properties": {}},
        {
            "type": "object",
            "properties": {"ratio": {"type": "number"}, "note": {"type": ["string", "null"]}},
        },
    ]
    return [
        ToolSpec(name=f"tool_{i}", description=f"tool {i}", parameters=kinds[i % len(kinds)])
        for i in range(n)
    ]


def test_grammar_for_one_tool_parses() -> None:
    grammar = tool_call_grammar([REMINDER])
    check(grammar)
    assert '\\"create_reminder\\"' in grammar
    assert grammar.count("\n") < 40


def test_grammar_for_many_tools_parses_and_names_each() -> None:
    tools = _tools(24)
    grammar = tool_call_grammar(tools)
    check(grammar)
    for tool in tools:
        assert f'\\"{tool.name}\\"' in grammar


def test_same_property_names_in_two_tools_do_not_collide() -> None:
    a = ToolSpec(name="a", description="", parameters=_tools(2)[1].parameters)
    b = ToolSpec(
        name="b",
        description="",
        parameters={"type": "object", "properties": {"device": {"type": "integer"}}},
    )
    grammar = tool_call_grammar([a, b])
    check(grammar)
    assert "tool0-args-device" in grammar and "tool1-args-device" in grammar


def test_unconvertible_schema_falls_back_to_any_object() -> None:
    odd = ToolSpec(
        name="odd",
        description="",
        parameters={"type": "object", "properties": {"x": {"type": "frobnicate"}}},
    )
    grammar = tool_call_grammar([odd, REMINDER])
    check(grammar)
    assert '\\"odd\\"' in grammar


def test_no_tools_is_refused() -> None:
    with pytest.raises(ValueError):
        tool_call_grammar([])


def test_broken_grammar_is_rejected() -> None:
    with pytest.raises(ValueError):
        check('root ::= "a" | missing-rule')


def test_output_grammar_parses() -> None:
    check(json_grammar({"type": "object", "properties": {"city": {"type": "string"}}}))


def test_building_grammars_is_fast() -> None:
    tools = _tools(24)
    started = time.perf_counter()
    for _ in range(10):
        tool_call_grammar(tools)
    per_build = (time.perf_counter() - started) / 10
    assert per_build < 0.02  # a decode step on this machine is ~20 ms


# --- walking text through the grammar (tokenizer only, no weights) -----------------------


@pytest.fixture(scope="module")
def vocab_model(default_model_path: Path) -> Iterator[Any]:
    llm = llama_cpp.Llama(model_path=str(default_model_path), vocab_only=True, verbose=False)
    yield llm
    llm.close()


def _walk(llm: Any, grammar: str, text: str) -> bool:
    """Whether the grammar accepts `text`, fed token by token as the model would."""
    vocab = llama_cpp.llama_model_get_vocab(llm.model)
    with GrammarSampler(vocab, grammar, llm.n_vocab()) as sampler:
        for token in llm.tokenize(text.encode(), add_bos=False, special=True):
            if not sampler.allows(token):
                return False
            sampler.accept(token)
        return sampler.allows(llm.token_eos())  # complete: the end token may follow


def test_grammar_accepts_a_valid_call(vocab_model: Any) -> None:
    grammar = tool_call_grammar([*_tools(3), REMINDER])
    call = '{"name": "create_reminder", "arguments": {"text": "call Mom", "when": "6pm"}}'
    assert _walk(vocab_model, grammar, f"<tool_call>\n{call}\n</tool_call>")
    two = f"<tool_call>\n{call}\n</tool_call>\n<tool_call>\n{call}\n</tool_call>"
    assert _walk(vocab_model, grammar, two)


@pytest.mark.parametrize(
    "body",
    [
        '{"name": "delete_everything", "arguments": {}}',  # not an offered tool
        '{"name": "create_reminder", "arguments": {"text": "call Mom"}}',  # "when" missing
        '{"name": "create_reminder", "arguments": {"text": 5, "when": "6pm"}}',  # wrong type
        '{"name": "tool_1", "arguments": {"device": "x", "mode": "blink"}}',  # not in enum
    ],
)
def test_grammar_rejects_invalid_calls(vocab_model: Any, body: str) -> None:
    grammar = tool_call_grammar([*_tools(3), REMINDER])
    assert not _walk(vocab_model, grammar, f"<tool_call>\n{body}\n</tool_call>")


def test_grammar_rejects_text_outside_a_call(vocab_model: Any) -> None:
    grammar = tool_call_grammar([REMINDER])
    assert not _walk(vocab_model, grammar, "Sure! I will remind you.")


# --- text the grammar fixes (taken without sampling) -------------------------------------

LIGHT = ToolSpec(
    name="turn_off_light",
    description="",
    parameters={"type": "object", "properties": {"device": {"type": "string"}}},
)
HEAD = '<tool_call>\n{"name": "'


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("<tool", '_call>\n{"name": "'),
        (HEAD + "cr", 'eate_reminder", "arguments": {"text":'),
        (HEAD + "turn", '_off_light", "arguments": {'),  # no required argument
        (HEAD, ""),  # the model picks the tool
        (HEAD + 'create_reminder", "arguments": {"text": "call Mom"', ', "when":'),
        (HEAD + 'create_reminder", "arguments": {"text": "call Mom", "when": "6pm"', ""),
        (HEAD + 'create_reminder", "arguments": {"text": "call \\"', ""),  # inside a string
        (HEAD + 'create_reminder", "arguments": {"text": "', ""),
        ("", ""),
    ],
)
def test_forced_text(block: str, expected: str) -> None:
    assert forced_text(block, [REMINDER, LIGHT]) == expected


def test_forced_text_follows_the_grammar(vocab_model: Any) -> None:
    # Whatever is forced must be text the grammar accepts at that point.
    tools = [REMINDER, LIGHT]
    grammar = tool_call_grammar(tools)
    block = HEAD + "cr"
    block += forced_text(block, tools) + ' "call Mom"'
    block += forced_text(block, tools) + ' "6pm"}}\n</tool_call>'
    assert block == (
        '<tool_call>\n{"name": "create_reminder", "arguments": '
        '{"text": "call Mom", "when": "6pm"}}\n</tool_call>'
    )
    assert _walk(vocab_model, grammar, block)


def test_testing_a_few_tokens_at_once_agrees_with_the_whole_vocabulary_mask(
    vocab_model: Any,
) -> None:
    grammar = tool_call_grammar([*_tools(3), REMINDER])
    vocab = llama_cpp.llama_model_get_vocab(vocab_model.model)
    n_vocab = vocab_model.n_vocab()
    with GrammarSampler(vocab, grammar, n_vocab) as sampler:
        for token in vocab_model.tokenize(b'<tool_call>\n{"name": "', special=True):
            sampler.accept(token)
        allowed = np.isfinite(sampler.mask(np.zeros(n_vocab, dtype=np.float32)))
        some = np.concatenate([np.flatnonzero(allowed)[:5], np.flatnonzero(~allowed)[:59]])
        assert sampler.allowed(some.astype(np.int32)).tolist() == allowed[some].tolist()
        assert 0 < allowed.sum() < n_vocab  # a tool name's first tokens, not everything
