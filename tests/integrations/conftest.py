"""The synthetic person, generated once per session; tests that change files copy a part."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from familiar.config import Paths, load_settings, save_settings
from familiar.testing.person import generate


@pytest.fixture(scope="session")
def person_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default person (seed 7): read-only for tests."""
    root = tmp_path_factory.mktemp("person") / "seed7"
    generate(root)
    return root


@pytest.fixture
def copy_of(person_dir: Path, tmp_path: Path) -> Callable[[str], Path]:
    """A private copy of one part of the person (e.g. "calendar") that a test may change."""

    def copy(part: str) -> Path:
        target = tmp_path / "person" / part
        source = person_dir / part
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        return target

    return copy


@pytest.fixture
def cli_store(backend: str, isolated_folders: Paths, request: pytest.FixtureRequest) -> str:
    """The CLI's store on the test's backend: on postgres, `store_url` names a fresh database.

    Contract tests of the sources commands take it with `on_both_backends` (tests/backends.py).
    """
    if backend == "postgres":
        url = request.getfixturevalue("pg_url")
        settings = load_settings(isolated_folders)
        save_settings(isolated_folders, settings.model_copy(update={"store_url": url}))
    return backend
