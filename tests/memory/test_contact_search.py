"""Cards as synced entries are found by who the person is and when they were born."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from memhelpers import write

from familiar.integrations import contacts
from familiar.memory import Memory

CARDS = """BEGIN:VCARD
VERSION:4.0
FN:Graça Gonçalves
ADR;TYPE=home:;;;Lisbon;;;Portugal
BDAY:19630527
RELATED;TYPE=kin;VALUE=text:aunt
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Manuel Gonçalves
ADR;TYPE=home:;;;Aveiro;;;Portugal
BDAY:19600615
RELATED;TYPE=kin;VALUE=text:father
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Marieke Bos
ORG:Ledger & Co Tax Advice
TITLE:Tax advisor
BDAY:19791102
END:VCARD
"""


def _sync(memory: Memory, tmp_path: Path) -> None:
    path = write(tmp_path / "family.vcf", CARDS)
    for entry in contacts.entries(contacts.read(path, path.read_bytes())[0], datetime.now(UTC)):
        memory.add_event(entry.text, source="contacts", tags=entry.tags)
    memory.embed_backlog()


def test_a_birthday_month_finds_the_card(memory: Memory, tmp_path: Path) -> None:
    """'19600615' held no month for BM25 to match ("may" is a stop word, so not May)."""
    _sync(memory, tmp_path)
    for month, name in {"June": "Manuel Gonçalves", "November": "Marieke Bos"}.items():
        hits = memory.search(f"born in {month}", limit=3, mode="text")
        assert [h.item.text.split(",")[0] for h in hits] == [f"Contact: {name}"]


def test_what_someone_does_finds_their_card(memory: Memory, tmp_path: Path) -> None:
    _sync(memory, tmp_path)
    top = memory.search("my tax advisor", limit=1, mode="vector")[0].item
    assert top.text.startswith("Contact: Marieke Bos, Tax advisor at Ledger & Co Tax Advice")
    top = memory.search("when was my father born", limit=1, mode="vector")[0].item
    assert top.text.startswith("Contact: Manuel Gonçalves, my father")
