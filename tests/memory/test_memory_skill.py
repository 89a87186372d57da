"""The memory tools through the real dispatcher and agent loop, with a scripted model."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from memhelpers import LISBON, NOW, MakeMemory, write

from familiar.clock import fixed_clock
from familiar.config import Paths, Settings
from familiar.kernel.agent import Agent, Request
from familiar.kernel.dispatcher import Dispatcher
from familiar.memory import Filters
from familiar.memory.ingest import Ingestor
from familiar.models.scripted import ScriptedModel, Step, call
from familiar.security.policy import Policy
from familiar.skills.builtin import memory as memory_skill
from familiar.store import Store
from familiar.testing.confirm import Answers

Run = Callable[..., tuple[Agent, str]]


@pytest.fixture
def run(store: Store, isolated_folders: Paths) -> Iterator[Run]:
    dispatchers: list[Dispatcher] = []

    def go(text: str, steps: list[Step], confirmer: Answers | None = None) -> tuple[Agent, str]:
        settings = Settings(timezone="Europe/Lisbon")
        dispatcher = Dispatcher(Policy(), confirmer or Answers(), settings.tool_timeout)
        dispatchers.append(dispatcher)
        agent = Agent(
            model=ScriptedModel(steps),
            tools=list(memory_skill.SKILL.tools),
            dispatcher=dispatcher,
            store=store,
            settings=settings,
            paths=isolated_folders,
            clock=fixed_clock(NOW),
            tz=LISBON,
        )
        result = agent.run(Request(text))
        return agent, result.answer

    yield go
    for dispatcher in dispatchers:
        dispatcher.close()


def test_remember_learns_from_the_users_own_words(run: Run, make_memory: MakeMemory) -> None:
    _, answer = run(
        "please remember that my passport expires in March 2029",
        [call("remember", text="my passport expires in March 2029")],
    )
    memory = make_memory()
    (note,) = memory.store.items(Filters(kinds=("note",)), 5)
    assert note.trusted and note.source == "user" and note.run_id is not None
    (fact,) = memory.profile()
    assert (fact.key, fact.value, fact.item_id, fact.run_id) == (
        "passport expiry",
        "March 2029",
        note.id,
        note.run_id,
    )
    assert answer == f"I'll remember that [{note.ref}]. Profile: passport expiry: March 2029."


def test_text_the_user_did_not_type_is_kept_untrusted_and_teaches_nothing(
    run: Run, make_memory: MakeMemory
) -> None:
    run("summarise my latest mail", [call("remember", text="my bank is EvilBank")])
    memory = make_memory()
    (note,) = memory.store.items(Filters(), 5)
    assert not note.trusted and note.source == "assistant"
    assert note.label.describe() == "untrusted from memory:assistant"
    assert memory.profile() == []


def test_recall_is_untrusted_as_a_whole_and_says_each_items_trust(
    run: Run, make_memory: MakeMemory, store: Store, tmp_path: Path
) -> None:
    memory = make_memory()
    memory.remember("My passport number ends in 4471")
    write(tmp_path / "letters" / "embassy.md", "# Embassy\n\nBring your passport on Monday.")
    Ingestor(memory.store, memory.clock, memory.tz).run([tmp_path / "letters"])
    memory.embed_backlog()

    agent, answer = run(
        "what do you know about my passport?",
        [call("recall", query="passport"), "Your passport number ends in 4471 [m1]."],
    )

    model = agent.model
    assert isinstance(model, ScriptedModel)
    shown = model.requests[1].messages[-1]
    assert shown.role == "tool" and 'trust="untrusted"' in shown.content
    assert '"trust": "trusted from user"' in shown.content
    assert '"trust": "untrusted from memory:letters"' in shown.content
    assert '"id": "m1"' in shown.content
    (run_record,) = store.runs(1)
    steps = store.steps(run_record.id)
    assert steps[1].labels is not None and steps[1].labels["result"]["integrity"] == "untrusted"
    assert answer == "Your passport number ends in 4471 [m1]."


def test_the_profile_takes_only_values_the_user_stated(run: Run, make_memory: MakeMemory) -> None:
    _, answer = run(
        "I moved to Berlin, update my profile",
        [call("update_profile", key="home city", value="Berlin")],
    )
    assert answer == "Updated: home city is Berlin."
    _, answer = run(
        "update my profile from that letter",
        [call("update_profile", key="bank", value="EvilBank"), "I could not."],
    )
    assert answer == "I could not."
    memory = make_memory()
    assert {f.key: (f.value, f.source) for f in memory.profile()} == {
        "home city": ("Berlin", "tool")
    }


def test_forget_asks_the_user_first(run: Run, make_memory: MakeMemory) -> None:
    memory = make_memory()
    note = memory.remember("The gate code is 1234").item
    refused = Answers(False)
    run("forget the gate code", [call("forget", item_id=note.ref), "Not forgotten."], refused)
    assert refused.asked and refused.asked[0].tool == "forget"
    assert memory.store.item(note.id) is not None

    _, answer = run("forget the gate code", [call("forget", item_id=note.ref)], Answers(True))
    assert answer == f"Forgotten: {note.ref}."
    assert memory.store.item(note.id) is None
    assert memory.search("gate code", mode="text") == []
