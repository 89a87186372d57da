"""Contract tests run on every store backend: decorate them with `on_both_backends`."""

from __future__ import annotations

import pytest

BACKENDS = ["sqlite", "postgres"]

on_both_backends = pytest.mark.parametrize("backend", BACKENDS)
"""Run a test once per backend (ids `[sqlite]`, `[postgres]`); it must use `record_store`."""
