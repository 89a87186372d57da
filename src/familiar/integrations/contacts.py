"""vCard 3.0 and 4.0 files (one card or many a file), read with vobject, one card at a time.

Each BEGIN:VCARD ... END:VCARD block is parsed on its own, so one broken card in an
export is skipped with its reason and the other cards of the file still count.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

import vobject

from familiar.integrations.base import Driver, Entry, Parsed, entry_lines, fold, walk
from familiar.memory.parsers import SkipFile
from familiar.memory.rows import MONTHS

_CARD = re.compile(r"^BEGIN:VCARD\s*$.*?^END:VCARD\s*$", re.MULTILINE | re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Contact:
    """One person or organisation from a card."""

    uid: str
    name: str
    nicknames: tuple[str, ...]
    emails: tuple[str, ...]
    phones: tuple[tuple[str, str], ...]  # (number, kinds such as "cell")
    org: str
    title: str
    address: str
    birthday: str
    categories: tuple[str, ...]
    related: tuple[str, ...]
    path: str


def _values(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def _str(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_str(v) for v in value if _str(v))
    return str(value).strip()


def _address(card: Any) -> str:
    for adr in _values(card, "adr"):
        value = adr.value
        if isinstance(value, vobject.vcard.Address):
            parts = [value.street, value.city, value.region, value.code, value.country]
            return ", ".join(_str(p) for p in parts if _str(p))
        return ", ".join(p for p in _str(value).split(";") if p)
    return ""


def _phone(tel: Any) -> tuple[str, str]:
    number = _str(tel.value)
    if number.startswith("tel:"):  # vCard 4 writes a URI: tel:+32-476-95-12-65
        number = number.removeprefix("tel:").split(";")[0].replace("-", " ")
    kinds = ",".join(k.lower() for k in tel.params.get("TYPE", []))
    return number, kinds


def _name(card: Any) -> str:
    if card.contents.get("fn"):
        return _str(card.fn.value)
    if card.contents.get("n"):
        n = card.n.value
        return " ".join(p for p in (_str(n.given), _str(n.family)) if p)
    return ""


def contact(card: Any, path: str) -> Contact:
    """The fields familiar uses from a parsed card."""
    name = _name(card)
    if not name:
        raise ValueError("no name (FN or N)")
    org = _values(card, "org")
    return Contact(
        uid=_str(card.uid.value) if card.contents.get("uid") else "",
        name=name,
        nicknames=tuple(_str(n.value) for n in _values(card, "nickname")),
        emails=tuple(_str(e.value) for e in _values(card, "email")),
        phones=tuple(_phone(t) for t in _values(card, "tel")),
        org=_str(org[0].value) if org else "",
        title=", ".join(_str(t.value) for t in _values(card, "title")),
        address=_address(card),
        birthday=", ".join(_str(b.value) for b in _values(card, "bday")),
        categories=tuple(_str(c.value) for c in _values(card, "categories")),
        related=tuple(_str(r.value) for r in _values(card, "related")),
        path=path,
    )


def read(path: Path, data: bytes) -> tuple[list[Contact], list[tuple[str, str]]]:
    """The readable cards of a .vcf file, and (card, reason) for each that is not."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # vCard 2.1/3.0 from old phones
    blocks = _CARD.findall(text)
    if not blocks:
        raise SkipFile("no BEGIN:VCARD ... END:VCARD card in the file")
    cards, skips = [], []
    for n, block in enumerate(blocks, 1):
        try:
            cards.append(contact(vobject.readOne(block), str(path)))
        except Exception as exc:  # vobject raises several kinds; one card must not stop the file
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            skips.append((f"card {n}", f"unreadable card: {first}"))
    return cards, skips


_BDAY = re.compile(r"^(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?$")


def readable_date(value: str) -> str:
    """A vCard date written out, the card's own form kept: '27 May 1963 (19630527)'.

    --0527 (no year) is '27 May'; anything else is returned as it is.
    """
    match = _BDAY.match(value.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        return value
    year, month, day = match[1], int(match[2]), int(match[3])
    if year == "--":
        return f"{day} {MONTHS[month - 1]}"
    return f"{day} {MONTHS[month - 1]} {year} ({value.strip()})"


def headline(person: Contact) -> str:
    """Who a contact is: 'Graça Gonçalves, my aunt', 'Tijl Maes, Hairdresser at Studio Tijl'.

    A card's RELATED (as text) is the owner's relation to the person. As separate
    "Relation: aunt" and "Title:" lines these read as a form to the embedder; said
    in one line they read as who the person is (measured in benchmarks/README.md).
    """
    kin = [r for r in person.related if ":" not in r]  # not a urn:uuid: or other URI
    roles = [f"my {' and '.join(kin)}"] if kin else []
    work = " at ".join(x for x in (person.title, person.org) if x)
    return ", ".join([person.name, *roles, *([work] if work else [])])


def describe(person: Contact) -> str:
    """A card's fields as labelled lines (who the person is goes first, see `headline`).

    Dates are written out (a sentence embedder reads '27 May 1963', not '19630527'),
    the card's own form kept beside them for exact searches.
    """
    phones = ", ".join(f"{n} ({k})" if k else n for n, k in person.phones)
    return entry_lines(
        [
            ("Also called", ", ".join(person.nicknames)),
            ("Email", ", ".join(person.emails)),
            ("Phone", phones),
            ("Address", person.address),
            ("Birthday", ", ".join(readable_date(b) for b in person.birthday.split(", ") if b)),
            ("Groups", ", ".join(person.categories)),
        ]
    )


def parse(path: Path, data: bytes, tz: tzinfo) -> Parsed:
    """A .vcf file's cards as memory entries (dated by the file's modification time)."""
    cards, skips = read(path, data)
    return Parsed(
        entries=entries(cards, datetime.fromtimestamp(path.stat().st_mtime, UTC)), skips=skips
    )


def entries(cards: Iterable[Contact], at: datetime) -> list[Entry]:
    """Cards as memory entries dated `at` (a file's mtime, or when a server card was fetched)."""
    return [
        Entry(title=c.name, text=f"Contact: {headline(c)}\n{describe(c)}", at=at, tags=("contact",))
        for c in cards
    ]


def files(root: Path) -> list[Path]:
    """The .vcf files of a contacts source."""
    return walk(root, (".vcf", ".vcard"))


def score(query: str, person: Contact) -> float:
    """How well a query names a contact: 1 exact, 0.9+ a clear match, below 0.6 none."""
    q = fold(query).strip().removeprefix("my ").removeprefix("the ")
    names = [fold(n) for n in (person.name, *person.nicknames, *person.related, person.title)]
    if q in names:  # "Isabel Gonçalves", "Mãe", "mother", "landlord"
        return 1.0
    digits = re.sub(r"\D", "", q)
    if ("@" in q and any(q in e.lower() for e in person.emails)) or (
        len(digits) >= 4 and any(digits in re.sub(r"\D", "", n) for n, _ in person.phones)
    ):
        return 0.95
    words = [w for n in names[: 1 + len(person.nicknames)] for w in n.split()]
    if all(part in words for part in q.split()):  # "Samir", not "Samira"
        return 0.97
    if all(any(w.startswith(part) for w in words) for part in q.split()):
        return 0.9
    extra = [fold(x) for x in (person.org, person.title, *person.categories) if x]
    if any(q in x for x in extra):
        return 0.6
    best = max(
        [difflib.SequenceMatcher(None, q, n).ratio() for n in names]
        + [difflib.SequenceMatcher(None, q, w).ratio() for w in words]
    )
    return best * 0.85


def find(query: str, people: Iterable[Contact], limit: int = 5) -> list[Contact]:
    """The contacts that best match a name, nickname, email, phone or relation, fuzzily."""
    scored = [(s, p) for p in people if (s := score(query, p)) >= 0.6]
    scored.sort(key=lambda sp: (-sp[0], sp[1].name))
    return [p for _, p in scored[:limit]]


DRIVER = Driver(kind="contacts", files=files, parse=parse)
