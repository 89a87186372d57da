"""All persistent state in one store (see DESIGN.md): a SQLite file or a PostgreSQL server."""

from familiar.store.base import RecordStore
from familiar.store.open import open_store
from familiar.store.records import Reminder, RunRecord, StepRecord
from familiar.store.sqlite import Store

__all__ = ["RecordStore", "Reminder", "RunRecord", "StepRecord", "Store", "open_store"]
