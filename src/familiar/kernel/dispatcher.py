"""The dispatcher: the only way a tool is called.

Validate the arguments against the schema, ask the policy, ask the user where the
policy says so, run the tool with a time limit, label its result, record the step.
"""

from __future__ import annotations

import concurrent.futures
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from familiar.errors import AskUser, FamiliarError, ToolRetry
from familiar.kernel.tools import Reply, Tool, ToolContext
from familiar.models.base import ToolCall
from familiar.security.labels import Label, tool_label
from familiar.security.policy import (
    ConfirmationRequest,
    Confirmer,
    Policy,
    Verdict,
)
from familiar.security.provenance import Ledger

MAX_RESULT_CHARS = 6000  # what one tool result may add to the context


@dataclass(frozen=True)
class ToolOutcome:
    """The labelled result of one call, as the model will see it."""

    call: ToolCall
    ok: bool
    content: str
    label: Label
    decision: str
    seconds: float
    say: str | None = None  # set when the result can stand as the answer
    ask: str | None = None  # set when only the user can say what the call lacks
    ask_after_retry: bool = False  # ...unless the model's next try has it (AskUser)


def render_result(value: Any) -> str:
    """Tool return values as compact text for the model."""
    if isinstance(value, Reply):
        return render_result(value.data)
    if isinstance(value, str):
        return value
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    return json.dumps(value, ensure_ascii=False, default=str)


def _validation_message(tool: Tool, exc: ValidationError) -> str:
    problems = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "arguments"
        problems.append(f"{where}: {err['msg'].removeprefix('Value error, ')}")
    fields = ", ".join(tool.spec().parameters.get("properties", {}))
    return f"invalid arguments for {tool.name} ({'; '.join(problems)}); its parameters: {fields}"


class Dispatcher:
    """Runs tool calls under the policy; nothing calls a tool any other way."""

    def __init__(self, policy: Policy, confirmer: Confirmer, timeout: float) -> None:
        self.policy = policy
        self.confirmer = confirmer
        self.timeout = timeout
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=2, thread_name_prefix="familiar-tool"
        )

    def close(self) -> None:
        """Stop the worker threads (a hung tool is abandoned, not waited for)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def dispatch(
        self,
        call: ToolCall,
        tools: Sequence[Tool],
        ctx: ToolContext,
        ledger: Ledger,
    ) -> ToolOutcome:
        """Run one call the model proposed and record it as a step."""
        started = ctx.clock()
        t0 = time.perf_counter()
        offered = {t.name: t for t in tools}
        tool = offered.get(call.name)
        arg_labels = ledger.label_arguments(call.arguments)
        if tool is None:
            names = ", ".join(offered) or "none"
            return self._finish(
                ctx,
                call,
                started,
                t0,
                False,
                f"unknown tool {call.name!r}; available: {names}",
                tool_label(call.name, trusted=True),
                "deny: unknown tool",
                arg_labels,
            )
        try:
            args = tool.arguments.model_validate(call.arguments)
        except ValidationError as exc:
            return self._finish(
                ctx,
                call,
                started,
                t0,
                False,
                _validation_message(tool, exc),
                tool_label(tool.name, trusted=True),
                "deny: invalid arguments",
                arg_labels,
            )
        decision = self.policy.decide(tool.name, tool.effect, arg_labels)
        verdict = decision.verdict.value
        if decision.verdict is Verdict.ASK:
            request = ConfirmationRequest(
                tool=tool.name,
                effect=tool.effect,
                arguments=args.model_dump(),
                argument_labels=arg_labels,
                reason=decision.reason,
                untrusted=tuple(n for n, lab in arg_labels.items() if not lab.trusted),
            )
            approved = self.confirmer(request)
            verdict = "ask:yes" if approved else "ask:no"
            if not approved:
                return self._finish(
                    ctx,
                    call,
                    started,
                    t0,
                    False,
                    f"not run: the user did not approve {tool.name} ({decision.reason}). "
                    "Tell the user it was not done.",
                    tool_label(tool.name, trusted=True),
                    f"{verdict}: {decision.reason}",
                    arg_labels,
                )
        elif decision.verdict is Verdict.DENY:
            return self._finish(
                ctx,
                call,
                started,
                t0,
                False,
                f"refused: {decision.reason}",
                tool_label(tool.name, trusted=True),
                f"deny: {decision.reason}",
                arg_labels,
            )
        label = tool_label(
            tool.name, trusted=tool.trusted_output, confidentiality=tool.confidentiality
        )
        future = self._pool.submit(tool.invoke, ctx, args)
        say: str | None = None
        ask: str | None = None
        retry_first = False
        try:
            value = future.result(timeout=self.timeout)
            ok, content = True, render_result(value)
            say = value.say if isinstance(value, Reply) else None
        except concurrent.futures.TimeoutError:
            future.cancel()
            ok, content = False, f"{tool.name} did not finish within {self.timeout:g} s"
        except AskUser as exc:
            ok, content, ask = False, f"{tool.name} failed: {exc}", exc.question
            retry_first = exc.retry_first
        except (ToolRetry, FamiliarError) as exc:
            ok, content = False, f"{tool.name} failed: {exc}"
        except Exception as exc:  # a bug in a tool must not take the run down
            ok, content = False, f"{tool.name} failed with an internal error: {exc!r}"
        if len(content) > MAX_RESULT_CHARS:
            content = content[:MAX_RESULT_CHARS] + " [cut: result too long]"
        outcome = self._finish(
            ctx, call, started, t0, ok, content, label, f"{verdict}: {decision.reason}", arg_labels
        )
        if ok:
            return replace(outcome, say=say)
        return replace(outcome, ask=ask, ask_after_retry=retry_first)

    def _finish(
        self,
        ctx: ToolContext,
        call: ToolCall,
        started: datetime,
        t0: float,
        ok: bool,
        content: str,
        label: Label,
        decision: str,
        arg_labels: dict[str, Label],
    ) -> ToolOutcome:
        seconds = time.perf_counter() - t0
        if ctx.run_id is not None:
            ctx.store.add_step(
                ctx.run_id,
                "tool",
                started,
                seconds=seconds,
                tool=call.name,
                arguments=call.arguments,
                output=content,
                labels={
                    "result": label.model_dump(mode="json"),
                    "arguments": {k: v.describe() for k, v in arg_labels.items()},
                },
                decision=decision,
                error=None if ok else content,
            )
        return ToolOutcome(call, ok, content, label, decision, seconds)
