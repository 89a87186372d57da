"""The shared model every writer draws from: the user, the people they know, and time."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from familiar.testing.person.manifest import Manifest
from familiar.testing.person.zones import ZONES, Zone

DEFAULT_SEED = 7
DEFAULT_ANCHOR = date(2026, 6, 1)
HISTORY_DAYS = 365  # the year of life before the anchor
FUTURE_DAYS = 92  # upcoming appointments after it


@dataclass
class Person:
    """Someone in the user's life, and how they appear in the data."""

    key: str  # stable id used in the manifest ("sister", "colleague-07")
    given: str
    family: str
    group: str  # family, friend, colleague, service, other
    relation: str  # sister, landlord, dentist, colleague, ...
    email: str
    phone: str
    fn: str = ""  # display name as written in the card; defaults to "given family"
    org: str | None = None
    title: str | None = None
    city: str | None = None
    country: str | None = None
    street: str | None = None
    postcode: str | None = None
    birthday: date | None = None
    nickname: str | None = None
    aliases: list[str] = field(default_factory=list)
    lang: str = "en"
    latin_name: str | None = None  # for non-Latin names: how others write it
    note: str | None = None
    uid: str = ""
    path: str = ""  # the contacts file that holds the card, set when written
    vcard_version: str = "4.0"

    def __post_init__(self) -> None:
        if not self.fn:
            self.fn = f"{self.given} {self.family}".strip()

    @property
    def short(self) -> str:
        """How the user would name this person in passing."""
        return self.nickname or self.latin_name or self.given


@dataclass
class User:
    """The person whose year this is."""

    given: str
    family: str
    email: str
    work_email: str
    phone: str
    birthday: date
    street: str
    postcode: str
    city: str
    country: str
    zone: Zone
    employer: str
    employer_domain: str
    role: str
    team: str
    diet: str
    allergies: list[str]
    preferences: dict[str, str]
    languages: list[str]
    pet: str

    @property
    def name(self) -> str:
        """Full name."""
        return f"{self.given} {self.family}"


@dataclass
class World:
    """Everything the writers share: seed, anchor, user, people and the manifest."""

    seed: int
    anchor: date
    user: User
    people: list[Person]
    manifest: Manifest
    shared: dict[str, int] = field(default_factory=dict)  # numbers storylines agree on

    @property
    def start(self) -> date:
        """First day of the generated history."""
        return self.anchor - timedelta(days=HISTORY_DAYS)

    @property
    def end(self) -> date:
        """Last day that upcoming events may fall on."""
        return self.anchor + timedelta(days=FUTURE_DAYS)

    @property
    def now(self) -> datetime:
        """The moment the data is a snapshot of: 08:00 on the anchor day, home time."""
        return datetime.combine(self.anchor, time(8, 0))

    @property
    def zone(self) -> Zone:
        """The user's home time zone."""
        return self.user.zone

    def rng(self, topic: str) -> random.Random:
        """A generator private to one topic, so adding data elsewhere changes nothing here."""
        return random.Random(f"{self.seed}:{topic}")

    def person(self, key: str) -> Person:
        """The person with this key."""
        for p in self.people:
            if p.key == key:
                return p
        raise KeyError(key)

    def group(self, name: str) -> list[Person]:
        """Everyone in one group, in a stable order."""
        return [p for p in self.people if p.group == name]

    def day(self, offset: int) -> date:
        """The date `offset` days from the anchor (negative: before it)."""
        return self.anchor + timedelta(days=offset)

    def days(self) -> list[date]:
        """Every day of the history, oldest first."""
        return [self.start + timedelta(days=i) for i in range(HISTORY_DAYS)]


_TRANSLIT = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ı": "i",  # noqa: RUF001
        "đ": "d",
        "Đ": "D",
        "œ": "oe",
    }
)


def slug(text: str) -> str:
    """A file-name-safe ASCII slug ("Zoë Müller" -> "zoe-muller")."""
    # Letters that do not decompose into ASCII under NFKD.
    text = text.translate(_TRANSLIT)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def weekday_on_or_after(d: date, weekday: int) -> date:
    """The first date on or after `d` falling on `weekday` (Monday=0)."""
    return d + timedelta(days=(weekday - d.weekday()) % 7)


ZONE_NAMES = sorted(ZONES)
