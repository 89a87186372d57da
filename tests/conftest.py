"""Shared fixtures: temporary folders for every test, the real model loaded once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from familiar.config import Paths, default_paths
from familiar.store import Store


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """Point config and data at temporary folders; models stay in the shared cache."""
    models_dir = default_paths().models_dir
    monkeypatch.setenv("FAMILIAR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FAMILIAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FAMILIAR_MODELS_DIR", str(models_dir))
    monkeypatch.setenv("TZ", "UTC")
    return default_paths()


@pytest.fixture
def store(isolated_folders: Paths) -> Iterator[Store]:
    """The store on a real SQLite file in the test's data folder."""
    s = Store(isolated_folders.db_file)
    yield s
    s.close()


def _models_dir() -> Path:
    return Path(os.environ.get("FAMILIAR_MODELS_DIR") or default_paths().models_dir).expanduser()


@pytest.fixture(scope="session")
def default_model_path() -> Path:
    """The assembled embedded default model; the test run fails if it is missing."""
    path = _models_dir() / "qwen2.5-coder-0.5b.gguf"
    if not path.exists():
        pytest.fail(
            f"the default model is not assembled at {path}; run `familiar models pull` first "
            "(.ci/run does this)"
        )
    return path
