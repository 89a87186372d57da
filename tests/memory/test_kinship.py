"""Relation phrases in a query said as address books label them (familiar.memory.kinship)."""

from __future__ import annotations

import pytest

from familiar.memory.kinship import rewrite


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("On what day was my father's sister born?", "On what day was my aunt born?"),
        ("Where does my mum\u2019s brother live?", "Where does my uncle live?"),
        ("the sister of my dad", "my aunt"),
        ("call my mum's sister's son", "call my cousin"),  # composed twice
        ("my wife's mother", "my mother-in-law"),
        ("my sister's husband", "my brother-in-law"),
        ("my son's daughter", "my granddaughter"),
        ("my father's father", "my grandfather"),
        ("my brother's kid", "my niece or nephew"),
    ],
)
def test_a_relative_of_a_relative_becomes_the_kinship_term(query: str, text: str) -> None:
    relations = rewrite(query)
    assert relations.text == text
    assert relations.own_words == []  # "father" and "sister" would find the user's sister


def test_an_informal_word_becomes_the_label_and_is_kept_as_a_search_word() -> None:
    relations = rewrite("What did I want to buy my boyfriend? Ask Granny.")
    assert relations.text == "What did I want to buy my partner? Ask grandmother."
    assert relations.own_words == ["boyfriend", "Granny"]


@pytest.mark.parametrize(
    "query",
    [
        "my great-grandmother's ring",
        "the brother of nobody",
        "my parents' house",
        "NaN values in the export",
        "flights to Gran Canaria",
        "my sister's car",
        "grandmothers",
    ],
)
def test_other_words_are_left_as_written(query: str) -> None:
    assert rewrite(query).text == query
