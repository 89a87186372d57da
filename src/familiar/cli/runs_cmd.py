"""`familiar runs`: what familiar did, step by step."""

from __future__ import annotations

import json

import typer
from rich.markup import escape
from rich.table import Table

from familiar.app import build_app
from familiar.cli.console import console, new_app
from familiar.errors import UserError

app = new_app("Recent runs and their steps.")
app.info.no_args_is_help = False
app.info.invoke_without_command = True


@app.callback()
def runs(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="how many runs"),
) -> None:
    """List recent runs (newest first); `familiar runs show ID` for the steps."""
    if ctx.invoked_subcommand is not None:
        return
    fam = build_app()
    try:
        table = Table("id", "started", "status", "model", "request", "answer")
        for run in fam.store.runs(limit):
            started = run.started_at.astimezone(fam.tz).strftime("%Y-%m-%d %H:%M:%S")
            answer = (run.answer or run.error or "").replace("\n", " ")
            table.add_row(
                str(run.id),
                started,
                run.status,
                run.model,
                escape(run.request[:60]),
                escape(answer[:60]),
            )
        console.print(table)
    finally:
        fam.close()


@app.command()
def show(run_id: int = typer.Argument(..., help="the run's id from `familiar runs`")) -> None:
    """Show each step of a run: prompt size, output, tool calls, timings, tokens."""
    fam = build_app()
    try:
        run = fam.store.run(run_id)
        if run is None:
            raise UserError(f"no run #{run_id}; `familiar runs` lists them")
        console.print(f"[bold]run #{run.id}[/bold] {run.status} on {run.model} ({run.channel})")
        console.print(f"request: {escape(run.request)}")
        for step in fam.store.steps(run_id):
            if step.kind == "model":
                console.print(
                    f"\n[bold]{step.idx}. model[/bold] {step.seconds:.2f}s  "
                    f"prompt {step.prompt_tokens} tokens ({step.prompt_tokens_processed} "
                    f"processed, prefill {step.prefill_seconds or 0:.2f}s)  "
                    f"output {step.completion_tokens} tokens "
                    f"(decode {step.decode_seconds or 0:.2f}s)"
                )
                if step.offered:
                    console.print(f"   tools: {escape(', '.join(step.offered))}", soft_wrap=True)
                console.print(f"   {escape(step.output or '')}", soft_wrap=True)
            else:
                args = json.dumps(step.arguments, ensure_ascii=False)
                console.print(
                    f"\n[bold]{step.idx}. tool[/bold] {escape(step.tool or '')}"
                    f"({escape(args)}) {step.seconds:.3f}s  {escape(f'[{step.decision}]')}"
                )
                labels = (step.labels or {}).get("arguments") or {}
                for name, where in labels.items():
                    console.print(f"   {escape(name)}: {escape(str(where))}")
                mark = "[red]error[/red] " if step.error else ""
                console.print(f"   {mark}→ {escape(step.output or '')}", soft_wrap=True)
        if run.answer:
            console.print(f"\nanswer: {escape(run.answer)}", soft_wrap=True)
        if run.error and run.error != run.answer:
            console.print(f"error: {escape(run.error)}", soft_wrap=True)
    finally:
        fam.close()
