"""Choosing the store backend from the settings: the local SQLite file or a PostgreSQL server."""

from __future__ import annotations

from familiar.config import Paths, Settings
from familiar.store.base import RecordStore
from familiar.store.sqlite import Store


def open_store(settings: Settings, paths: Paths) -> RecordStore:
    """The configured store: `store_url` names a PostgreSQL server; empty, the local file."""
    if settings.store_url:
        from familiar.store.postgres import PostgresStore

        return PostgresStore(settings.store_url)
    return Store(paths.db_file)
