"""The composition root: everything familiar uses is built here from the configuration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo

from familiar.clock import Clock, clock_from_env, resolve_timezone
from familiar.config import Paths, Settings, default_paths, load_settings
from familiar.kernel.agent import Agent
from familiar.kernel.dispatcher import Dispatcher
from familiar.kernel.tool_gate import ToolGate
from familiar.kernel.tool_select import ToolIndex, ToolSelector
from familiar.kernel.tools import Tool
from familiar.memory import Memory, open_memory
from familiar.models.base import ChatModel
from familiar.security.policy import Confirmer, Policy, deny_without_terminal
from familiar.skills import Skill, SkillRegistry, builtin_skills
from familiar.skills.registry import SkillBuilder
from familiar.skills.state import SkillState
from familiar.store import RecordStore, open_store

ModelFactory = Callable[[Settings, Paths], ChatModel]


def _open_configured_model(settings: Settings, paths: Paths) -> ChatModel:
    from familiar.models.resolve import open_model

    return open_model(settings, paths)


def _mcp_builder(timeout: float) -> SkillBuilder:
    """Builds MCP skills from saved state; the SDK is imported only if there are any."""

    def build(name: str, state: SkillState) -> Skill:
        from familiar.mcp.skill import build_mcp_skill

        return build_mcp_skill(name, state, timeout=timeout)

    return build


@dataclass
class App:
    """familiar, assembled: settings, folders, store, skills and (lazily) the model."""

    settings: Settings
    paths: Paths
    store: RecordStore
    clock: Clock
    tz: tzinfo
    skills: SkillRegistry
    confirmer: Confirmer
    model_factory: ModelFactory
    _model: ChatModel | None = field(default=None, repr=False)
    _dispatcher: Dispatcher | None = field(default=None, repr=False)
    _memory: Memory | None = field(default=None, repr=False)

    @property
    def model(self) -> ChatModel:
        """The configured model, loaded on first use (commands that need none stay fast)."""
        if self._model is None:
            self._model = self.model_factory(self.settings, self.paths)
        return self._model

    @property
    def memory(self) -> Memory:
        """Long-term memory on the same store (the embedder loads on first use)."""
        if self._memory is None:
            self._memory = open_memory(self.store, self.paths, self.settings, self.clock, self.tz)
        return self._memory

    @property
    def tools(self) -> list[Tool]:
        """The enabled tools, in the fixed order that keeps the prompt prefix stable."""
        return self.skills.tools()

    def agent(self) -> Agent:
        """An agent over the configured model and the enabled tools."""
        if self._dispatcher is None:
            self._dispatcher = Dispatcher(
                Policy(self.settings.allow_tools), self.confirmer, self.settings.tool_timeout
            )
        return Agent(
            model=self.model,
            tools=self.tools,
            dispatcher=self._dispatcher,
            store=self.store,
            settings=self.settings,
            paths=self.paths,
            clock=self.clock,
            tz=self.tz,
            memory=self.memory,
            gate=ToolGate(self.memory.embedder),
            selector=ToolSelector(
                ToolIndex(self.memory.embedder),
                # built-in tools are the core: always offered, in the cached prefix
                core={t.name for s in builtin_skills() for t in s.tools},
                max_tools=self.settings.max_prompt_tools,
                select=self.settings.selected_tools,
            ),
        )

    def close(self) -> None:
        """Release the model, the tool threads and the store."""
        if self._model is not None:
            self._model.close()
        if self._dispatcher is not None:
            self._dispatcher.close()
        if self._memory is not None:
            self._memory.close()
        self.store.close()


def build_app(
    *,
    paths: Paths | None = None,
    settings: Settings | None = None,
    model: ChatModel | None = None,
    clock: Clock | None = None,
    confirmer: Confirmer = deny_without_terminal,
) -> App:
    """Assemble familiar; tests pass a scripted model, a frozen clock and temp folders."""
    paths = paths or default_paths()
    settings = settings or load_settings(paths)
    store = open_store(settings, paths)
    clock = clock or clock_from_env()
    app = App(
        settings=settings,
        paths=paths,
        store=store,
        clock=clock,
        tz=resolve_timezone(settings.timezone),
        skills=SkillRegistry(
            store, clock, builtin_skills(), mcp_builder=_mcp_builder(settings.tool_timeout)
        ),
        confirmer=confirmer,
        model_factory=_open_configured_model,
    )
    if model is not None:
        app._model = model
    return app
