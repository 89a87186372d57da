"""`store_url`: the whole store on a PostgreSQL server, chosen from the config file."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from memhelpers import write
from typer.testing import CliRunner

from familiar.app import build_app
from familiar.cli.main import app as main_app
from familiar.config import Paths, Settings, load_settings, redact_url
from familiar.memory.postgres import PostgresMemoryStore
from familiar.store.pg_migrations import PG_MIGRATIONS
from familiar.store.postgres import PostgresStore

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(main_app, list(args))
    return result.exit_code, result.output


def test_with_store_url_every_command_uses_the_server_and_no_local_file(
    isolated_folders: Paths, pg_url: str, tmp_path: Path
) -> None:
    code, out = invoke("config", "set", "store_url", pg_url)
    assert code == 0, out
    code, out = invoke("remember", "my passport expires in March 2029")
    assert code == 0 and "remembered m1" in out, out
    write(tmp_path / "notes" / "dentist.md", "# Dentist\n\nDr. Silva on Rua Augusta, 80 euros.")
    code, out = invoke("ingest", str(tmp_path / "notes"))
    assert code == 0 and "1 new" in out, out
    code, out = invoke("memory", "search", "when", "does", "my", "passport", "expire")
    assert code == 0 and "m1" in out and "March 2029" in out, out
    code, out = invoke("memory", "search", "dentist", "--source", "notes")
    assert code == 0 and "Rua Augusta" in out and "passport" not in out, out
    code, out = invoke("memory", "stats")
    assert code == 0 and "store: postgresql://" in out, out
    assert "vector index: exact scan over 2 vectors in PostgreSQL (pgvector)" in out
    code, out = invoke("memory", "forget", "1")
    assert code == 0, out
    code, out = invoke("profile", "show")
    assert "passport" not in out

    assert not isolated_folders.db_file.exists()
    with psycopg.connect(pg_url) as db:
        texts = [r[0] for r in db.execute("SELECT text FROM mem_items ORDER BY id")]
        assert texts == ["Dr. Silva on Rua Augusta, 80 euros."]
        assert db.execute("SELECT COUNT(*) FROM mem_vectors").fetchone() == (1,)


def test_the_composition_root_opens_both_halves_on_the_server(
    isolated_folders: Paths, pg_url: str
) -> None:
    fam = build_app(paths=isolated_folders, settings=Settings(store_url=pg_url))
    try:
        assert isinstance(fam.store, PostgresStore)
        assert isinstance(fam.memory.store, PostgresMemoryStore)
        assert fam.store.migrations() == [name for name, _ in PG_MIGRATIONS]
    finally:
        fam.close()


def test_a_password_never_goes_into_the_config_file(isolated_folders: Paths) -> None:
    code, out = invoke("config", "set", "store_url", "postgresql://me:s3cret@db.home/familiar")
    assert code == 1
    assert "must not hold a password" in out and "PGPASSWORD" in out and "s3cret" not in out
    assert not isolated_folders.config_file.exists()
    code, out = invoke("config", "set", "store_url", "mysql://me@db.home/familiar")
    assert code == 1 and "is not a PostgreSQL URL" in out
    code, out = invoke("config", "set", "store_url", "postgresql://me@db.home/familiar")
    assert code == 0, out
    assert load_settings(isolated_folders).store_url == "postgresql://me@db.home/familiar"


def test_config_show_redacts_a_password_written_by_hand(isolated_folders: Paths) -> None:
    isolated_folders.config_dir.mkdir(parents=True)
    isolated_folders.config_file.write_text(
        'store_url = "postgresql://me:s3cret@db.home/familiar?sslmode=require&password=x2"\n'
    )
    code, out = invoke("config", "show")
    assert code == 0, out
    assert "s3cret" not in out and "x2" not in out
    assert "postgresql://me:***@db.home/familiar?sslmode=require&password=***" in out
    assert redact_url("postgresql://me@db.home/f") == "postgresql://me@db.home/f"


def test_an_unreachable_server_is_one_clear_line_without_the_password(
    isolated_folders: Paths, tmp_path: Path
) -> None:
    url = f"postgresql://me:s3cret@/familiar?host={tmp_path}&connect_timeout=2"
    isolated_folders.config_dir.mkdir(parents=True)
    isolated_folders.config_file.write_text(f'store_url = "{url}"\n')
    code, out = invoke("reminders", "list")
    assert code == 1
    assert "cannot open the PostgreSQL store postgresql://me:***@/familiar" in out
    assert "s3cret" not in out and "Traceback" not in out


def test_the_password_comes_from_pgpassword_not_the_config(
    isolated_folders: Paths, pg_server: str, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A role that must give a password: the URL in the config has none, libpq finds it."""
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute("DROP ROLE IF EXISTS familiar_pw")
        admin.execute("CREATE ROLE familiar_pw LOGIN PASSWORD 'hunter2-secret' SUPERUSER")
        hba = Path(admin.execute("SHOW hba_file").fetchone()[0])  # type: ignore[index]
        rules = hba.read_text()
        if "familiar_pw" not in rules:
            hba.write_text(f"local all familiar_pw scram-sha-256\n{rules}")
            admin.execute("SELECT pg_reload_conf()")
    url = pg_url.replace("postgres:@", "familiar_pw@", 1)
    assert "hunter2" not in url
    code, out = invoke("config", "set", "store_url", url)
    assert code == 0, out

    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(isolated_folders.config_dir / "no-pgpass"))
    code, out = invoke("reminders", "list")
    assert code == 1 and "cannot open the PostgreSQL store" in out, out
    assert "no password supplied; set PGPASSWORD or put the password in ~/.pgpass" in out

    monkeypatch.setenv("PGPASSWORD", "hunter2-secret")
    code, out = invoke("remember", "the spare key is with Ana")
    assert code == 0 and "remembered m1" in out, out
    assert "hunter2" not in isolated_folders.config_file.read_text()
    code, out = invoke("config", "show")
    assert "hunter2" not in out and "familiar_pw@" in out
