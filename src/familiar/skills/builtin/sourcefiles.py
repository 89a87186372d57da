"""What the calendar and contacts skills share: the sources' files and server resources, resync."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from familiar.errors import ToolRetry
from familiar.integrations.sync import Syncer, driver
from familiar.kernel.tools import ToolContext
from familiar.memory import Memory, open_memory

if TYPE_CHECKING:  # httpx and the DAV code load only for server sources
    from familiar.integrations.dav.cache import Resource

SERVER_KIND = {"calendar": "caldav", "contacts": "carddav"}


def source_files(ctx: ToolContext, kind: str) -> list[tuple[str, Path]]:
    """(source name, file) for every file of the configured sources of one kind."""
    found: list[tuple[str, Path]] = []
    for name, entry in sorted(ctx.settings.sources.items()):
        if entry.kind == kind and entry.path is not None and entry.root().exists():
            found.extend((name, path) for path in driver(kind).files(entry.root()))
    if not found and not server_sources(ctx, kind):
        raise ToolRetry(
            f"no {kind} source is set up; tell the user to add one with "
            f"`familiar sources add {kind} PATH`"
        )
    return found


def server_sources(ctx: ToolContext, kind: str) -> list[str]:
    """The CalDAV (kind "calendar") or CardDAV ("contacts") sources' names."""
    return sorted(n for n, e in ctx.settings.sources.items() if e.kind == SERVER_KIND.get(kind))


def server_resources(ctx: ToolContext, kind: str) -> list[tuple[Resource, str]]:
    """Each resource of the server sources of a kind as last synced, with its collection's name."""
    from familiar.integrations.dav.cache import DavCache

    names = server_sources(ctx, kind)
    if not names:
        return []
    cache = DavCache(ctx.store.sync_state())
    found = []
    for name in names:
        shelves = cache.collections(name)
        for resource in cache.resources(name).values():
            shelf = shelves.get(resource.collection)
            found.append((resource, shelf.name if shelf else ""))
    return found


def resync(ctx: ToolContext, source: str) -> None:
    """Sync one source after familiar wrote to it, so memory and the saved state match."""
    with_memory(
        ctx,
        lambda memory: Syncer(memory, ctx.store.sync_state(), ctx.tz).sync(
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
