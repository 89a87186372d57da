"""Each server resource as last synced (URL, ETag, body) and each collection's tag.

The skills read events and cards from here, so "what's on Thursday" works while the
server is away, and a write starts from the synced body and sends its ETag (If-Match).
It is kept in the store with the rest of the sync state (`SyncState`), on either backend.
"""

from __future__ import annotations

from collections.abc import Iterable

from familiar.integrations.dav.client import Collection
from familiar.integrations.state import CollectionTag, Resource, SyncState

__all__ = ["DavCache", "Resource"]


class DavCache:
    """Synced resources and collections of the DAV sources, in the store."""

    def __init__(self, state: SyncState) -> None:
        self.state = state

    def resources(self, source: str) -> dict[str, Resource]:
        """Every synced resource of a source, by URL."""
        return self.state.dav_resources(source)

    def resource(self, source: str, url: str) -> Resource | None:
        """One synced resource, or None."""
        return self.state.dav_resource(source, url)

    def save(self, resources: Iterable[Resource]) -> None:
        """Resources fetched by a sync (after memory holds what they produced)."""
        self.state.save_dav_resources(resources)

    def drop(self, source: str, urls: Iterable[str]) -> None:
        """Forget resources deleted on the server."""
        self.state.drop_dav_resources(source, urls)

    def collections(self, source: str) -> dict[str, Collection]:
        """The source's calendars or address books as last synced, by URL."""
        return {c.url: Collection(c.url, c.name, c.tag) for c in self.state.dav_collections(source)}

    def save_collection(self, source: str, collection: Collection) -> None:
        """A collection fully synced at this tag."""
        tag = CollectionTag(collection.url, collection.name, collection.tag)
        self.state.save_dav_collection(source, tag)

    def drop_collection(self, source: str, url: str) -> None:
        """Forget a collection deleted on the server."""
        self.state.drop_dav_collection(source, url)
