"""A kernel assembled around a scripted model, a frozen clock and a temporary store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from kernelhelpers import LISBON, NOW, MakeAgent

from familiar.clock import fixed_clock
from familiar.config import Paths, Settings
from familiar.kernel.agent import Agent
from familiar.kernel.dispatcher import Dispatcher
from familiar.kernel.tools import Tool
from familiar.memory.embedder import Embedder, make_embedder
from familiar.models.scripted import ScriptedModel, Step
from familiar.security.policy import Policy
from familiar.skills import default_tools
from familiar.store import Store
from familiar.testing.confirm import Answers


@pytest.fixture
def make_agent(isolated_folders: Paths, store: Store) -> Iterator[MakeAgent]:
    dispatchers: list[Dispatcher] = []

    def build(
        steps: list[Step],
        *,
        tools: list[Tool] | None = None,
        confirmer: Answers | None = None,
        settings: Settings | None = None,
        context: int = 4096,
    ) -> Agent:
        settings = settings or Settings(timezone="Europe/Lisbon")
        dispatcher = Dispatcher(
            Policy(settings.allow_tools), confirmer or Answers(), settings.tool_timeout
        )
        dispatchers.append(dispatcher)
        return Agent(
            model=ScriptedModel(steps, context=context),
            tools=tools if tools is not None else default_tools(),
            dispatcher=dispatcher,
            store=store,
            settings=settings,
            paths=isolated_folders,
            clock=fixed_clock(NOW),
            tz=LISBON,
        )

    yield build
    for d in dispatchers:
        d.close()


@pytest.fixture(scope="module")
def embedder() -> Iterator[Embedder]:
    """The real MiniLM embedder, loaded once per test module."""
    e = make_embedder("minilm")
    yield e
    e.close()
