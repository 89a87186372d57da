"""`familiar remember / ingest / memory ... / profile ...` as a user types them."""

from __future__ import annotations

from pathlib import Path

import typer
from memhelpers import write
from typer.testing import CliRunner

from familiar.cli import memory_cmd
from familiar.cli.console import new_app
from familiar.config import Paths

# The main app registers these the same way (cli/main.py); built here so the tests do
# not depend on that registration.
cli: typer.Typer = new_app("test")
cli.add_typer(memory_cmd.app, name="memory")
cli.add_typer(memory_cmd.profile_app, name="profile")
cli.command("remember")(memory_cmd.remember)
cli.command("ingest")(memory_cmd.ingest)
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.output


def test_remember_then_profile_show_and_search(isolated_folders: Paths) -> None:
    code, out = invoke("remember", "my passport expires in March 2029")
    assert code == 0, out
    assert out.splitlines() == ["remembered m1", "  profile: passport expiry = March 2029"]
    code, out = invoke("profile", "show")
    assert code == 0 and "passport expiry" in out and "March 2029" in out and "learned (m1)" in out
    code, out = invoke("memory", "search", "when", "does", "my", "passport", "expire")
    assert code == 0, out
    assert "m1" in out and "passport expires in March 2029" in out


def test_ingest_twice_stats_search_with_filters_and_forget(
    isolated_folders: Paths, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    write(
        notes / "dentist.md",
        "---\ntags: [health]\ndate: 2025-03-02\n---\n# Dentist\n\nDr. Silva, filling, 80 euros.",
    )
    write(notes / "old.md", "---\ndate: 2023-01-10\n---\n# Old dentist\n\nDr. Costa retired.")
    write(notes / "photo.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    code, out = invoke("ingest", str(notes))
    assert code == 0, out
    assert "3 files: 2 new, 0 changed, 0 unchanged, 1 skipped; 2 chunks stored" in out
    assert "skipped" in out and "photo.md: binary file" in out
    assert "embedded 2 items" in out

    code, out = invoke("ingest", str(notes))
    assert "0 new, 0 changed, 2 unchanged, 1 skipped" in out

    code, out = invoke("memory", "stats")
    assert code == 0, out
    assert "items: 2 (2 chunk)" in out and "embedding backlog: empty" in out
    assert "photo.md: binary file" in out and "vectors: 2 from all-MiniLM-L6-v2-onnx-int8" in out

    code, out = invoke("memory", "search", "dentist", "--since", "2025-01-01", "--source", "notes")
    assert code == 0 and "dentist.md" in out and "old.md" not in out
    code, out = invoke("memory", "search", "dentist", "--until", "2023-01-10")
    assert "old.md" in out and "dentist.md" not in out
    code, out = invoke("memory", "search", "dentist", "--tag", "health", "--kind", "chunk")
    assert "dentist.md" in out and "old.md" not in out

    code, out = invoke("memory", "list")
    assert code == 0 and "m1" in out and "m2" in out
    code, out = invoke("memory", "forget", "m1")
    assert code == 0 and out.startswith("forgot m1")
    code, out = invoke("memory", "search", "Silva", "filling")
    assert "m1" not in out
    code, out = invoke("memory", "forget", "m2", "--document")
    assert code == 0 and "old.md (1 items); it is not indexed again" in out
    code, out = invoke("ingest", str(notes))
    assert "0 new, 0 changed, 2 unchanged, 1 skipped" in out
    assert invoke("memory", "list")[1].startswith("memory is empty")


def test_mistakes_are_one_line_with_what_to_do(isolated_folders: Paths, tmp_path: Path) -> None:
    code, out = invoke("memory", "forget", "m99")
    assert (
        code == 1
        and out.strip() == "error: no memory item m99; `familiar memory list` shows the ids"
    )
    code, out = invoke("memory", "forget", "banana")
    assert code == 1 and "is not a memory id" in out
    code, out = invoke("memory", "search", "x", "--kind", "letter")
    assert code == 1 and "unknown kind 'letter'; kinds: note, chunk, event, episode" in out
    code, out = invoke("memory", "search", "x", "--since", "the colour blue")
    assert code == 1 and "cannot read the date" in out
    code, out = invoke("ingest", str(tmp_path / "nowhere"))
    assert code == 1 and "no such file or folder" in out
    code, out = invoke("profile", "unset", "shoe size")
    assert code == 1 and "no current profile fact 'shoe size'" in out


def test_profile_set_unset_and_history(isolated_folders: Paths) -> None:
    assert invoke("profile", "set", "home city", "Lisbon")[0] == 0
    assert invoke("profile", "set", "home city", "Berlin") == (0, "home city: Berlin\n")
    assert invoke("profile", "unset", "home city") == (0, "unset home city\n")
    code, out = invoke("profile", "show")
    assert code == 0 and "no profile facts yet" in out
    _, out = invoke("profile", "show", "--history")
    assert "Lisbon" in out and "Berlin" in out


def test_embed_and_reindex(isolated_folders: Paths, tmp_path: Path) -> None:
    write(tmp_path / "n" / "a.md", "# A\n\nAlpha note.")
    code, out = invoke("ingest", "--no-embed", str(tmp_path / "n"))
    assert "1 items wait for embedding: `familiar memory embed`" in out
    code, out = invoke("memory", "embed")
    assert out.strip().endswith("embedded 1 items")
    assert invoke("memory", "embed")[1].strip() == "nothing to embed"
    code, out = invoke("memory", "reindex")
    assert code == 0 and "dropped 1 vectors" in out and "embedded 1 items" in out
