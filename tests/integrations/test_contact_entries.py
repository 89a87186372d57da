"""A card's entry says who the person is in words, with dates written out."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from familiar.integrations import contacts
from familiar.integrations.contacts import readable_date

AUNT = """BEGIN:VCARD
VERSION:4.0
UID:aunt-1@example.test
FN:Graça Gonçalves
EMAIL;TYPE=home:graca@post.example
ADR;TYPE=home:;;;Lisbon;;;Portugal
BDAY:19630527
RELATED;TYPE=kin;VALUE=text:aunt
RELATED;TYPE=contact:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af
CATEGORIES:family
END:VCARD
BEGIN:VCARD
VERSION:3.0
UID:hair-1@example.test
FN:Tijl Maes
ORG:Studio Tijl
TITLE:Hairdresser
TEL;TYPE=WORK,VOICE:+32 412 44 41 97
BDAY:--0814
END:VCARD
"""


def test_a_card_reads_as_who_the_person_is(tmp_path: Path) -> None:
    path = tmp_path / "family.vcf"
    path.write_text(AUNT, encoding="utf-8")
    aunt, hairdresser = contacts.entries(
        contacts.read(path, path.read_bytes())[0], datetime.now(UTC)
    )

    assert aunt.text.split("\n") == [
        "Contact: Graça Gonçalves, my aunt",
        "Email: graca@post.example",
        "Address: Lisbon, Portugal",
        "Birthday: 27 May 1963 (19630527)",
        "Groups: family",
    ]
    assert hairdresser.text.split("\n")[0] == "Contact: Tijl Maes, Hairdresser at Studio Tijl"
    assert "Birthday: 14 August\n" in hairdresser.text + "\n"


def test_dates_are_written_out_and_others_left_alone() -> None:
    assert readable_date("1960-06-15") == "15 June 1960 (1960-06-15)"
    assert readable_date("19600615T000000Z") == "15 June 1960 (19600615T000000Z)"
    assert readable_date("--06-15") == "15 June"
    assert readable_date("circa 1960") == "circa 1960"
    assert readable_date("19601315") == "19601315"


def test_parse_dates_entries_by_the_file(tmp_path: Path) -> None:
    path = tmp_path / "one.vcf"
    path.write_text(AUNT, encoding="utf-8")
    parsed = contacts.parse(path, path.read_bytes(), ZoneInfo("UTC"))
    assert [e.title for e in parsed.entries] == ["Graça Gonçalves", "Tijl Maes"]
    assert all(e.tags == ("contact",) for e in parsed.entries)
