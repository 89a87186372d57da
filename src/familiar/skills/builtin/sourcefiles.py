"""What the calendar and contacts skills share: the configured sources' files, and resync."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from familiar.errors import ToolRetry
from familiar.integrations.state import SyncState
from familiar.integrations.sync import Syncer, driver
from familiar.kernel.tools import ToolContext
from familiar.memory import Memory, open_memory


def source_files(ctx: ToolContext, kind: str) -> list[tuple[str, Path]]:
    """(source name, file) for every file of the configured sources of one kind."""
    found: list[tuple[str, Path]] = []
    for name, entry in sorted(ctx.settings.sources.items()):
        if entry.kind == kind and entry.path is not None and entry.root().exists():
            found.extend((name, path) for path in driver(kind).files(entry.root()))
    if not found:
        raise ToolRetry(
            f"no {kind} source is set up; tell the user to add one with "
            f"`familiar sources add {kind} PATH`"
        )
    return found


def resync(ctx: ToolContext, source: str) -> None:
    """Sync one source after familiar wrote to it, so memory and the saved state match."""
    with_memory(
        ctx,
        lambda memory: Syncer(memory, SyncState(ctx.store), ctx.tz).sync(
            source, ctx.settings.sources[source]
        ),
    )


def with_memory(ctx: ToolContext, use: Callable[[Memory], object]) -> None:
    """Run `use` on the app's Memory, or on one opened for this call."""
    if ctx.memory is not None:
        use(ctx.memory)
        return
    memory = open_memory(ctx.store, ctx.paths, ctx.settings, ctx.clock, ctx.tz)
    try:
        use(memory)
    finally:
        memory.close()
