"""The manifest tells the truth: facts point at items that exist and hold their strings."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import familiar
from familiar.testing.person import generate
from familiar.testing.person.__main__ import main
from familiar.testing.person.lookup import GeneratedPerson


def test_every_fact_is_held_by_its_items(person: GeneratedPerson) -> None:
    facts = person.manifest["facts"]
    assert len(facts) >= 300
    listed = {f["path"] for f in person.manifest["files"] if not f["broken"]}
    for fact in facts:
        assert fact["items"], fact["id"]
        for item in fact["items"] + fact["distractors"]:
            assert item["path"] in listed, (fact["id"], item["path"])
            text = person.text(item)
            for s in item["strings"]:
                assert s in text, (fact["id"], item, s)


def test_fact_links_are_consistent(person: GeneratedPerson) -> None:
    facts = {f["id"]: f for f in person.manifest["facts"]}
    assert len(facts) == len(person.manifest["facts"])
    superseding = [f for f in facts.values() if f["supersedes"]]
    assert len(superseding) >= 5
    for f in superseding:
        assert facts[f["supersedes"]]["superseded_by"] == f["id"]
    # One right answer per question, one card per person.
    assert len({f["question"] for f in facts.values()}) == len(facts)
    people = person.manifest["people"]
    assert len({p["uid"] for p in people}) == len({p["email"] for p in people}) == len(people)
    categories = Counter(f["category"] for f in facts.values())
    assert {
        "contact",
        "event",
        "appointment",
        "thread",
        "purchase",
        "travel",
        "devices",
        "profile",
    } <= set(categories)


def test_named_storylines(person: GeneratedPerson) -> None:
    """The examples from the issue exist and are specific."""
    moved = person.fact("dentist.cleaning.moved")
    assert moved["supersedes"] == "dentist.cleaning.booked"
    assert any(i["path"].endswith(".ics") and i.get("uid") for i in moved["items"])
    sister = person.fact("contact.sister.city")
    assert sister["answer"] in sister["text"]
    thread = person.fact("lease.thread")
    assert len(thread["items"]) >= 6 and all(i.get("message_id") for i in thread["items"])
    assert person.fact("contact.sister.phone.new")["supersedes"] == "contact.sister.phone"
    people = {p["key"]: p for p in person.manifest["people"]}
    assert "my sister" in people["sister"]["aliases"]
    first_names = Counter(p["name"].split()[0] for p in people.values())
    assert first_names[people["sister"]["name"].split()[0]] >= 2


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes_and_fast(person: GeneratedPerson, tmp_path: Path) -> None:
    """A second run, in another process with another hash seed, writes the same bytes."""
    src = Path(familiar.__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(src)}
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "familiar.testing.person",
            "--seed",
            "7",
            "--out",
            str(tmp_path / "again"),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    seconds = time.perf_counter() - started
    assert _digest(tmp_path / "again") == _digest(person.root)
    assert seconds < 30
    size = sum(p.stat().st_size for p in person.root.rglob("*") if p.is_file())
    assert size < 100 * 1024 * 1024


def test_another_seed_another_person(
    person: GeneratedPerson, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--seed", "8", "--out", str(tmp_path / "p8"), "--anchor", "2025-11-15"]) == 0
    assert "facts" in capsys.readouterr().out
    other = GeneratedPerson.load(tmp_path / "p8")
    assert other.manifest["seed"] == 8 and other.manifest["anchor"] == "2025-11-15"
    assert other.manifest["user"] != person.manifest["user"]
    assert other.manifest["people"] != person.manifest["people"]
    for fact in other.manifest["facts"][::7]:
        for item in fact["items"]:
            text = other.text(item)
            assert all(s in text for s in item["strings"]), (fact["id"], item)


def test_refuses_to_overwrite_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        generate(tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "keep me"
