"""Fact learning from the user's own words: a labelled set, precision and recall."""

from __future__ import annotations

from datetime import timedelta

from memhelpers import NOW, Expected, score_facts

from familiar.memory import Filters, Memory

# (utterance, expected changes as (key, value, retract)); values compare case-folded.
LABELLED: list[tuple[str, Expected]] = [
    # facts
    ("I'm vegetarian", [("diet", "vegetarian", False)]),
    ("I am vegan.", [("diet", "vegan", False)]),
    ("btw I'm lactose intolerant", [("diet", "lactose intolerant", False)]),
    ("I've been pescatarian for five years", [("diet", "pescatarian", False)]),
    ("I'm allergic to peanuts", [("allergic to peanuts", "yes", False)]),
    ("I don't eat pork", [("doesn't eat pork", "yes", False)]),
    ("My sister Ana lives in Porto", [("sister ana's home city", "Porto", False)]),
    ("my brother Tom lives in Leeds.", [("brother tom's home city", "Leeds", False)]),
    ("My passport expires in March 2029", [("passport expiry", "March 2029", False)]),
    (
        "my driving licence expires on 12 May 2031",
        [("driving licence expiry", "12 May 2031", False)],
    ),
    ("I live in Lisbon", [("home city", "Lisbon", False)]),
    ("I live in the Netherlands now", [("home city", "the Netherlands", False)]),
    ("I work at Acme Robotics", [("employer", "Acme Robotics", False)]),
    ("I work as a nurse", [("job", "nurse", False)]),
    ("I'm a teacher at the local school", [("job", "teacher", False)]),
    ("My name is Rita Fonseca", [("name", "Rita Fonseca", False)]),
    ("Call me Jo", [("name", "Jo", False)]),
    ("My birthday is on 14 February", [("birthday", "14 February", False)]),
    ("My wife's name is Marta", [("wife", "Marta", False)]),
    ("My dentist is Dr. Silva", [("dentist", "Dr. Silva", False)]),
    ("I have a dog named Rex", [("dog", "Rex", False)]),
    ("My favourite colour is green", [("favourite colour", "green", False)]),
    ("My blood type is O negative", [("blood type", "O negative", False)]),
    ("I speak Portuguese and English", [("speaks", "Portuguese and English", False)]),
    ("I have two kids", [("children", "two", False)]),
    ("Remember that my mother's birthday is June 3", [("mother's birthday", "June 3", False)]),
    (
        "I'm allergic to cats. I live in Braga.",
        [("allergic to cats", "yes", False), ("home city", "Braga", False)],
    ),
    # facts the rules are not expected to catch (they count against recall, honestly)
    ("We've got a cat called Miso", [("cat", "Miso", False)]),
    ("Ana, my sister, lives in Porto", [("sister ana's home city", "Porto", False)]),
    ("Since March I've been living in Oslo", [("home city", "Oslo", False)]),
    # updates (a new value for a key already known)
    ("I moved to Berlin", [("home city", "Berlin", False)]),
    ("I've just moved to Munich last month", [("home city", "Munich", False)]),
    ("I now work for Globex", [("employer", "Globex", False)]),
    ("My sister Ana moved to Lisbon", [("sister ana's home city", "Lisbon", False)]),
    ("I'm now vegan", [("diet", "vegan", False)]),
    ("I'm based in Copenhagen", [("home city", "Copenhagen", False)]),
    # retractions
    ("I'm no longer vegetarian", [("diet", "vegetarian", True)]),
    ("I'm not vegan anymore", [("diet", "vegan", True)]),
    ("I stopped being a vegetarian", [("diet", "vegetarian", True)]),
    ("I don't live in Lisbon anymore", [("home city", "Lisbon", True)]),
    ("I no longer work at Acme Robotics", [("employer", "Acme Robotics", True)]),
    ("I quit my job at Globex", [("employer", "Globex", True)]),
    ("I'm not allergic to peanuts any more", [("allergic to peanuts", "yes", True)]),
    # not facts: questions, hypotheticals, plans, wishes, others, transient states, commands
    ("When does my passport expire?", []),
    ("Am I vegetarian?", []),
    ("do you know where I live", []),
    ("If I were vegetarian, what would I eat?", []),
    ("Suppose I moved to Berlin, how far is the office?", []),
    ("I might move to Berlin next year", []),
    ("I'm thinking of becoming vegan", []),
    ("I want to live in Lisbon", []),
    ("I'd love to work at Google", []),
    ("I will be in Porto tomorrow", []),
    ("Maybe I'm allergic to cats", []),
    ("My friend is vegetarian", []),
    ("Ana said she lives in Porto", []),
    ("I'm tired", []),
    ("I'm at the dentist", []),
    ("My car is at the garage", []),
    ("My flight is at 7", []),
    ("Remind me to call my sister Ana tomorrow", []),
    ("Call me tomorrow at 9", []),
    ("Turn off the kitchen lights", []),
    ("I lived in Porto when I was a student", []),
    ("What's my wife's name?", []),
    ("My password is hunter2", []),
    ("I'm not sure", []),
]


def test_the_labelled_set_is_big_and_varied_enough() -> None:
    assert len(LABELLED) >= 40
    kinds = {
        "fact": sum(1 for _, f in LABELLED if f and not f[0][2]),
        "retraction": sum(1 for _, f in LABELLED if f and f[0][2]),
        "non-fact": sum(1 for _, f in LABELLED if not f),
    }
    assert min(kinds.values()) >= 7, kinds


def test_fact_learning_precision_and_recall() -> None:
    precision, recall, wrong, missed = score_facts(LABELLED)
    print(f"\nfact learning, {len(LABELLED)} utterances:", end=" ")
    print(f"precision {precision:.3f}, recall {recall:.3f}")
    for line in wrong:
        print(f"  wrong: {line}")
    for line in missed:
        print(f"  missed: {line}")
    assert precision >= 0.9, wrong
    assert recall >= 0.8


def test_facts_are_learned_with_provenance_and_updated_not_contradicted(memory: Memory) -> None:
    first = memory.remember("I live in Lisbon. I'm vegetarian.", at=NOW - timedelta(days=200))
    assert {f.key: f.value for f in first.facts} == {"home city": "Lisbon", "diet": "vegetarian"}
    facts = memory.learn_from_turn("Oh, I moved to Berlin", run_id=None)
    assert [(f.key, f.value) for f in facts] == [("home city", "Berlin")]
    current = {f.key: f for f in memory.profile()}
    assert current["home city"].value == "Berlin"
    assert current["home city"].statement == "Oh, I moved to Berlin"
    event = memory.store.item(current["home city"].item_id or 0)
    assert event is not None and event.kind == "event" and event.trusted
    assert "I moved to Berlin" in event.text
    assert [f.value for f in memory.profile(history=True) if f.key == "home city"] == [
        "Lisbon",
        "Berlin",
    ]
    memory.learn_from_turn("I'm no longer vegetarian")
    assert "diet" not in {f.key for f in memory.profile()}


def test_questions_and_hypotheticals_teach_nothing_and_leave_no_trace(memory: Memory) -> None:
    for text in ("When does my passport expire?", "If I lived in Paris I'd cycle"):
        assert memory.learn_from_turn(text) == []
    assert memory.profile() == []
    assert memory.store.items(Filters(), 10) == []
