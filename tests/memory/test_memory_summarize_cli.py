"""Episodes for the user: `familiar chat` summarises on leaving, `memory summarize` the rest.

The app's model is a scripted one (familiar.models.scripted); everything else is real:
the agent, the store file, memory and its embedder.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from familiar.app import App, build_app
from familiar.cli import main, memory_cmd
from familiar.config import Paths
from familiar.kernel.agent import Request
from familiar.memory import Filters
from familiar.models.scripted import ScriptedModel

runner = CliRunner()


def _scripted(monkeypatch: pytest.MonkeyPatch, module: Any, steps: list[str]) -> ScriptedModel:
    """Make the command build its app around a scripted model; returns the model."""
    model = ScriptedModel(steps)

    def build(**kwargs: Any) -> App:
        return build_app(model=model, **kwargs)

    monkeypatch.setattr(module, "build_app", build)
    return model


def _episodes(fam: App) -> list[Any]:
    return fam.memory.store.items(Filters(kinds=("episode",)), 10)


def test_leaving_chat_keeps_an_untrusted_episode_that_forget_removes(
    isolated_folders: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = _scripted(
        monkeypatch, main, ["Noted, no meat for you.", "The user said they are vegetarian."]
    )
    result = runner.invoke(main.app, ["chat"], input="I'm vegetarian\n")
    assert result.exit_code == 0, result.output
    assert "kept episode m2: The user said they are vegetarian." in result.output
    assert "I'm vegetarian -> Noted, no meat for you." in model.requests[-1].messages[1].content

    fam = build_app()
    try:
        (episode,) = _episodes(fam)
        assert episode.ref == "m2" and not episode.trusted and episode.source == "conversation"
        said = fam.memory.store.item(1)
        assert said is not None and said.text == "You said: I'm vegetarian"
        done = fam.memory.forget(said.id)
        assert done is not None and set(done.items) == {said.id, episode.id}
        assert _episodes(fam) == [] and fam.memory.search("vegetarian", mode="text") == []
    finally:
        fam.close()


def test_memory_summarize_covers_runs_not_yet_summarised_once(
    isolated_folders: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    fam = build_app(model=ScriptedModel(["Tasca's phone is 213 000 000 [m1]."]))
    try:
        note = fam.memory.remember("Tasca's phone is 213 000 000").item
        fam.agent().run(Request("what's Tasca's number?"))
    finally:
        fam.close()
    cli = memory_cmd.app
    model = _scripted(monkeypatch, memory_cmd, ["The user looked up Tasca's phone number."])
    result = runner.invoke(cli, ["summarize", "--since", "2000-01-01"])
    assert result.exit_code == 0, result.output
    assert "kept episode m2: The user looked up Tasca's phone number." in result.output
    assert len(model.requests) == 1

    result = runner.invoke(cli, ["summarize"])
    assert result.exit_code == 0 and "nothing to summarise" in result.output

    result = runner.invoke(cli, ["forget", note.ref])
    assert result.exit_code == 0, result.output
    assert "and the summaries citing it: m2" in result.output
