"""Third-party tool definitions: names, descriptions and schemas made safe to show."""

from __future__ import annotations

import re

from familiar.mcp.definitions import (
    SCHEMA_CHARS,
    clean_text,
    definition_hash,
    make_def,
    sanitise_name,
    unique_names,
)

NAME_RULE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def test_names_follow_familiars_rule_and_stay_distinct() -> None:
    cases = {
        "get_weather": "get_weather",
        "Get-Weather.v2": "get_weather_v2",
        "天気": None,  # nothing ASCII left: a hashed name
        "2fa_code": "tool_2fa_code",
    }
    for raw, expected in cases.items():
        name = sanitise_name(raw)
        assert NAME_RULE.match(name), name
        if expected:
            assert name == expected
    long_a, long_b = "a" * 70 + "_one", "a" * 70 + "_two"
    assert sanitise_name(long_a) != sanitise_name(long_b)
    assert all(len(sanitise_name(n)) <= 64 for n in (long_a, long_b))
    assert sanitise_name("search", prefix="github") == "github_search"


def test_descriptions_lose_control_characters_and_are_capped() -> None:
    assert clean_text("Find\x1b[31m files\n\n  fast\u200b") == "Find [31m files fast"
    assert len(clean_text("word " * 1000)) == 1024


def test_schemas_must_be_objects_of_bounded_size() -> None:
    ok = make_def("t", "d", {"type": "object", "title": "T", "properties": {}})
    assert ok.problem is None and ok.input_schema == {"type": "object", "properties": {}}
    assert make_def("t", "d", ["x"]).problem == "its input schema is not a JSON object"
    big = {"type": "object", "properties": {f"p{i}": {"type": "string"} for i in range(800)}}
    assert make_def("t", "d", big).problem == (
        f"its input schema is longer than {SCHEMA_CHARS} characters"
    )
    listy = make_def("t", "d", {"type": "object", "properties": []})
    assert listy.problem == "its input schema's properties are not an object"


def test_the_hash_covers_the_definition_as_sent_and_ignores_key_order() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    reordered = {"properties": {"a": {"type": "string"}}, "type": "object"}
    assert definition_hash("t", "d", schema) == definition_hash("t", "d", reordered)
    assert definition_hash("t", "d", schema) != definition_hash("t", "d ", schema)
    # A change past the display cap still changes the hash.
    long = "x" * 2000
    assert definition_hash("t", long, schema) != definition_hash("t", long + "y", schema)


def test_names_that_sanitise_alike_are_made_unique() -> None:
    schema = {"type": "object", "properties": {}}
    defs = unique_names([make_def("get-x", "", schema), make_def("get_x", "", schema)])
    assert defs[0].name == "get_x" and defs[1].name.startswith("get_x_")
    assert NAME_RULE.match(defs[1].name) and defs[1].remote_name == "get_x"
