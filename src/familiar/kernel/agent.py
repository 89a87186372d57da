"""The agent loop: ask the model, dispatch its tool calls, repeat until it answers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Literal

from familiar.clock import Clock
from familiar.config import Paths, Settings
from familiar.errors import Cancelled, FamiliarError
from familiar.kernel.context import data_block, dynamic_context, fit_history
from familiar.kernel.dispatcher import Dispatcher, ToolOutcome
from familiar.kernel.parts import Pending, unserved_part
from familiar.kernel.prompt import SYSTEM_PROMPT
from familiar.kernel.tool_gate import ToolGate
from familiar.kernel.tool_select import Offer, ToolSelector
from familiar.kernel.tools import Tool, ToolContext
from familiar.memory import Memory
from familiar.memory.context import build_context
from familiar.models.base import ChatModel, ChatRequest, ChatResponse, Message, OnText
from familiar.security.labels import user_label
from familiar.security.provenance import Ledger
from familiar.store import RecordStore


@dataclass(frozen=True)
class Request:
    """What the user asked, and through which interface."""

    text: str
    channel: str = "cli"


@dataclass
class RunResult:
    """How a run ended; `messages` are this turn's messages, for a chat's history."""

    run_id: int
    status: str  # ok | budget
    answer: str
    messages: list[Message] = field(default_factory=list)


class Agent:
    """The kernel's step loop (DESIGN.md, 'One request, end to end')."""

    def __init__(
        self,
        model: ChatModel,
        tools: Sequence[Tool],
        dispatcher: Dispatcher,
        store: RecordStore,
        settings: Settings,
        paths: Paths,
        clock: Clock,
        tz: tzinfo,
        system_prompt: str = SYSTEM_PROMPT,
        memory: Memory | None = None,
        gate: ToolGate | None = None,
        selector: ToolSelector | None = None,
    ) -> None:
        self.model = model
        self.tools = list(tools)
        self.dispatcher = dispatcher
        self.store = store
        self.settings = settings
        self.paths = paths
        self.clock = clock
        self.tz = tz
        self.system_prompt = system_prompt
        self.memory = memory
        self.gate = gate
        self.selector = selector

    def offer(self, text: str) -> Offer:
        """The tools a request offers the model: all enabled ones, or a selection."""
        if self.selector is None:
            return Offer(list(self.tools), len(self.tools), selected=False)
        return self.selector.offer(text, self.tools)

    def run(
        self,
        request: Request,
        *,
        history: Sequence[Message] = (),
        on_text: OnText | None = None,
        on_tool: Callable[[ToolOutcome], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> RunResult:
        """Answer one request; raises Cancelled on Ctrl-C, after recording the run."""
        run_id = self.store.start_run(request.text, request.channel, self.model.name, self.clock())
        try:
            return self._loop(run_id, request, history, on_text, on_tool, cancel)
        except (KeyboardInterrupt, Cancelled):
            self.store.finish_run(run_id, "cancelled", self.clock(), error="cancelled by the user")
            raise Cancelled() from None
        except FamiliarError as exc:
            self.store.finish_run(run_id, "error", self.clock(), error=str(exc))
            raise
        except Exception as exc:
            self.store.finish_run(run_id, "error", self.clock(), error=repr(exc))
            raise

    def _recall(self, request: Request, run_id: int, ledger: Ledger) -> tuple[list[str], str]:
        """Learn from the user's words, then what memory recalls for them.

        Returns the trusted context lines and the user's message, with recalled
        third-party text put before it as delimited data (never in the system role).
        """
        if self.memory is None or self.settings.memory_context_tokens == 0:
            return [], request.text
        self.memory.learn_from_turn(request.text, run_id=run_id)
        recalled = build_context(
            self.memory,
            request.text,
            self.settings.memory_context_tokens,
            count_tokens=self.model.count_tokens,
        )
        if not recalled.data or recalled.data_label is None:
            return recalled.lines, request.text
        ledger.add(recalled.data, recalled.data_label)
        return recalled.lines, f"{recalled.data}\n\n{request.text}"

    def _ask(
        self,
        run_id: int,
        request: ChatRequest,
        on_text: OnText | None,
        cancel: threading.Event | None,
    ) -> ChatResponse:
        """One model step, recorded with its timing and token counts."""
        started, t0 = self.clock(), time.perf_counter()
        response = self.model.complete(request, on_text=on_text, cancel=cancel)
        usage = response.usage
        self.store.add_step(
            run_id,
            "model",
            started,
            seconds=time.perf_counter() - t0,
            prompt_tokens=usage.prompt_tokens,
            prompt_tokens_processed=usage.prompt_tokens_processed,
            completion_tokens=usage.completion_tokens,
            prefill_seconds=usage.prefill_seconds,
            decode_seconds=usage.decode_seconds,
            output=response.raw or response.text,
            offered=request.tools_callable() or None,
        )
        return response

    def _plain_answer(
        self,
        run_id: int,
        system: Message,
        dynamic: str,
        past: Sequence[Message],
        asked: Message,
        on_text: OnText | None,
        cancel: threading.Event | None,
    ) -> str:
        """The user's message answered again without tools, after an empty answer.

        The 0.5B model can keep calling a tool that fails ("hello" became
        create_reminder with the example from the tool's own description) and then, with
        that tool refused, say nothing at all. Asked once more with no tool in the
        prompt (and without the failed calls), it answers the message.
        """
        note = "No tool can help with this message: answer it in plain text."
        request = ChatRequest(
            messages=[system, Message(role="system", content=f"{dynamic}\n{note}"), *past, asked],
            temperature=self.settings.temperature,
            max_tokens=self.settings.max_answer_tokens,
        )
        response = self._ask(run_id, request, on_text, cancel)
        return response.text.strip()

    def _about(self, text: str, name: str, tools: Sequence[Tool]) -> bool:
        """Whether `text` is close enough to the tool `name` that its question fits.

        "hello" made the 0.5B model call create_reminder with its description's example;
        the user must not be asked when to remind them of it.
        """
        tool = next((t for t in tools if t.name == name), None)
        return self.gate is not None and tool is not None and self.gate.needs_tool(text, [tool])

    def _loop(
        self,
        run_id: int,
        request: Request,
        history: Sequence[Message],
        on_text: OnText | None,
        on_tool: Callable[[ToolOutcome], None] | None,
        cancel: threading.Event | None,
    ) -> RunResult:
        ctx = ToolContext(
            store=self.store,
            settings=self.settings,
            paths=self.paths,
            clock=self.clock,
            tz=self.tz,
            run_id=run_id,
            request_text=request.text,
            memory=self.memory,
        )
        ledger = Ledger()
        ledger.add(request.text, user_label())
        # An answer to familiar's own question is read with the request it answers.
        about = _with_question(request.text, history)
        # Only offered tools reach the model and the dispatcher; the rest cannot be called.
        offer = self.offer(about)
        specs = [t.spec() for t in offer.tools]
        system = Message(role="system", content=self.system_prompt)
        recalled, user_text = self._recall(request, run_id, ledger)
        turn = [Message(role="user", content=user_text)]
        last_error = ""
        # The first step may be required to call; after a result the model may answer,
        # unless part of a compound request is still to do (parts.py).
        choice: Literal["auto", "required"] = (
            "required"
            if self.gate is not None and self.gate.needs_tool(about, offer.callable)
            else "auto"
        )
        said: list[str] = []  # replies that spoke for themselves, before the last step
        called: set[str] = set()  # tools that ran without error
        pending: Pending | None = None  # the part of the request this step is for
        parts: list[Message] = []  # those parts, put as user messages: not for the history
        retried: set[str] = set()  # tools that asked for what the model may still supply

        def end(last: str, *, streamed: bool, status: str = "ok") -> RunResult:
            if on_text is not None and not streamed:
                on_text(last)
            answer = "\n".join([*said, last])
            kept = [m for m in turn if all(m is not p for p in parts)]
            kept.append(Message(role="assistant", content=answer))
            error = last_error if status != "ok" else None
            self.store.finish_run(run_id, status, self.clock(), answer=answer, error=error)
            return RunResult(run_id, status, answer, kept)

        for step in range(self.settings.max_steps):
            dynamic = dynamic_context(
                self.clock().astimezone(self.tz), recalled, location=self.settings.location
            )
            fixed = [system, Message(role="system", content=dynamic), *turn]
            past, dropped = fit_history(
                self.model, fixed, specs, history, reserve=self.settings.max_answer_tokens
            )
            if dropped:
                dynamic += f"\n({dropped} earlier turns of this conversation are not shown.)"
            messages = [system, Message(role="system", content=dynamic), *past, *turn]
            callable_now = offer.callable if pending is None else list(pending.tools)
            callable_names = (
                None
                if pending is None and offer.callable_names is None
                else sorted(t.name for t in callable_now)
            )
            response = self._ask(
                run_id,
                ChatRequest(
                    messages=messages,
                    tools=specs,
                    temperature=self.settings.temperature,
                    max_tokens=self.settings.max_answer_tokens,
                    tool_choice=choice,
                    stable_tools=offer.stable,
                    callable=callable_names,
                ),
                on_text if pending is None else None,  # a part's step ends in its own words
                cancel,
            )
            choice = "auto"
            part, pending = pending, None
            # A part of a compound request gets one call, among the tools for it.
            calls = response.tool_calls if part is None else response.tool_calls[:1]
            if not calls and part is not None:
                return end(f"Not done: {part.part}", streamed=False)
            if not calls:
                answer = response.text.strip()
                if not answer:
                    answer = self._plain_answer(
                        run_id, system, dynamic, past, turn[0], on_text, cancel
                    )
                return end(answer, streamed=True)
            turn.append(Message(role="assistant", content=response.text, tool_calls=calls))
            says: list[str | None] = []
            failed = question = ""
            for call in calls:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                outcome = self.dispatcher.dispatch(call, callable_now, ctx, ledger)
                says.append(outcome.say)
                ledger.add(outcome.content, outcome.label)
                if on_tool is not None:
                    on_tool(outcome)
                if outcome.ok:
                    called.add(call.name)
                else:
                    last_error = outcome.content
                    failed = outcome.content.split(". ", 1)[0]
                    if outcome.ask and self._about(about, call.name, callable_now):
                        if not outcome.ask_after_retry or call.name in retried:
                            question = question or outcome.ask
                        retried.add(call.name)
                turn.append(
                    Message(
                        role="tool",
                        content=data_block(outcome.content, outcome.label),
                        tool_call_id=call.id,
                        name=call.name,
                        is_error=not outcome.ok,
                    )
                )
            if question:
                # Only the user can say what is missing ("remind me to call Mom": when?).
                return end("\n".join([*(say for say in says if say), question]), streamed=False)
            if part is not None and failed:
                # The try at the rest failed: say so, rather than let the model wander.
                return end(f"Not done: {part.part} ({failed})", streamed=False)
            if not all(says):
                continue
            # Every result speaks for itself: no model call needed to confirm it.
            reply = "\n".join(say for say in says if say)
            pending = unserved_part(request.text, called, offer.callable)
            if pending is None:
                return end(reply, streamed=False)
            if step + 1 == self.settings.max_steps:
                return end(f"{reply}\nNot done: {pending.part} (out of steps)", streamed=False)
            if on_text is not None:
                on_text(reply + "\n")
            said.append(reply)
            parts.append(Message(role="user", content=pending.part))
            turn.append(parts[-1])
            choice = "required"
        budget = f"I could not finish this within {self.settings.max_steps} steps."
        if last_error:
            budget += f" The last problem was: {last_error}"
        return end(budget, streamed=False, status="budget")


def _with_question(text: str, history: Sequence[Message]) -> str:
    """`text`, after the request it answers if the last turn asked the user something.

    "at 6pm" alone is close to no tool; after "remind me to call Mom" / "When should I
    remind you to call Mom?" it is the rest of that request.
    """
    if len(history) < 2:
        return text
    before, last = history[-2], history[-1]
    # familiar's questions follow a failed call; a model's "Anything else?" does not
    if last.role != "assistant" or not last.content.rstrip().endswith("?"):
        return text
    if before.role != "tool" or not before.is_error:
        return text
    asked = next((m.content for m in reversed(history) if m.role == "user"), "")
    # the user's own words: recalled data comes before them, in paragraphs of its own
    words = asked.rsplit("\n\n", 1)[-1]
    return f"{words} {text}".strip()
