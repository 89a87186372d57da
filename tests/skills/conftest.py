"""A registry over a real store file, with plugins read from a temporary site folder."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from skillhelpers import MakeRegistry, entry_points_in

from familiar.clock import fixed_clock
from familiar.skills import SkillRegistry, builtin_skills
from familiar.skills.registry import plugin_candidates
from familiar.store import Store

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    """A folder on sys.path where test plugins are 'installed'."""
    folder = tmp_path / "site"
    folder.mkdir()
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    for name in [m for m in sys.modules if m.startswith(("acme_", "broken_"))]:
        del sys.modules[name]


@pytest.fixture
def make_registry(store: Store, site: Path) -> MakeRegistry:
    """A fresh registry each call, as a new familiar process would build it."""

    def build() -> SkillRegistry:
        for name in [m for m in sys.modules if m.startswith(("acme_", "broken_"))]:
            del sys.modules[name]
        return SkillRegistry(
            store,
            fixed_clock(NOW),
            builtin_skills(),
            plugins=lambda: plugin_candidates(entry_points_in(site)),
        )

    return build
