"""All persistent state in one store (see DESIGN.md)."""

from familiar.store.records import Reminder, RunRecord, StepRecord
from familiar.store.sqlite import Store

__all__ = ["Reminder", "RunRecord", "StepRecord", "Store"]
