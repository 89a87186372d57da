"""Words of the personal-assistant domain that say what kind of tool a request needs.

The embedder does not know that someone who asks "am I busy Wednesday morning?" wants
their calendar: the time words pull it towards reminders and forecasts. This lexicon
is domain knowledge, written from what the words mean in an assistant's work, not word
by word from requests a selector missed: each domain (calendar, mail, files, home
devices, money, ...) lists the everyday words for it. A request and a tool are each
tagged with the domains their words belong to (a tool by its name and description), and
the selector counts the tags they share. Actions work the same way: what a request asks
to do, by its verbs ("drop my 3pm" deletes) or by being a question (a look-up), against
what a tool does, by the verbs of its name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_WORD = re.compile(r"[a-z0-9]+")

# Everyday words of each domain; a word may belong to several.
DOMAINS: Mapping[str, str] = {
    "calendar": "calendar event meeting appointment busy free schedule agenda invite "
    "invitation availability available booked diary",
    "mail": "email mail mailbox inbox emailed unread sender newsletter",
    "chat": "chat message channel dm",
    "contacts": "contact phone birthday",
    "files": "file folder document pdf directory upload download drive",
    "notes": "note notebook jot",
    "tasks": "task todo reminder remind forget errand deadline",
    "home": "light lamp thermostat heating heater temperature sensor device lock door vacuum "
    "scene fan switch plug blinds humidity",
    "weather": "weather rain forecast sunny snow wind umbrella storm",
    "money": "spend spent paid pay payment transaction bank card balance invoice expense "
    "budget money cost charge refund",
    "web": "web online internet research",
    "music": "music song playlist album artist track",
    "maps": "directions route map nearby place restaurant",
    "code": "issue bug ticket repo repository branch commit",
}

# What a request asks to do, by its words...
ASKED: Mapping[str, str] = {
    "look up": "search find look list show get read check view see status state",
    "search": "search find look where about mention anything anyone somewhere who",
    "create": "create add new make schedule log book remind",
    "delete": "delete remove cancel drop trash erase",
    "update": "update change move rename edit reschedule modify",
    "send": "send tell reply forward post share",
}
# ...and what a tool does, by the verbs of its name (a search is a look-up too).
DONE: Mapping[str, str] = {
    "look up": "search find list show get read check view query",
    "search": "search find query",
    "create": "create add new make insert append",
    "delete": "delete remove cancel",
    "update": "update change move rename edit",
    "send": "send reply post share",
}
# A request that starts like a question asks to look something up.
_QUESTION = frozenset(
    _WORD.findall("is are am do does did has have was were what whats which who where when how any")
)


def base(word: str) -> str:
    """`word` without a plural or past ending ("devices", "device" -> "devic")."""
    if len(word) > 3 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def _table(groups: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """Each word's base form -> the groups that list it."""
    table: dict[str, set[str]] = {}
    for group, words in groups.items():
        for word in words.split():
            table.setdefault(base(word), set()).add(group)
    return {word: frozenset(tags) for word, tags in table.items()}


_DOMAIN_TABLE = _table(DOMAINS)
_ASKED_TABLE = _table(ASKED)
_DONE_TABLE = _table(DONE)


def bases(text: str) -> set[str]:
    """The base forms of the words of `text` ("to-do" is "todo")."""
    return {base(w) for w in _WORD.findall(text.lower().replace("to-do", "todo"))}


def _tags(words: Iterable[str], table: Mapping[str, frozenset[str]]) -> frozenset[str]:
    return frozenset(tag for word in words for tag in table.get(word, ()))


def domains(text: str) -> frozenset[str]:
    """The domains the words of `text` belong to."""
    return _tags(bases(text), _DOMAIN_TABLE)


def asked(text: str) -> frozenset[str]:
    """The actions `text` asks for: its verbs, and a look-up if it is a question."""
    first = _WORD.match(text.lower().lstrip())
    question = {"look up"} if first and first.group() in _QUESTION else set()
    return _tags(bases(text), _ASKED_TABLE) | question


def done(name: str) -> frozenset[str]:
    """The actions a tool named `name` does, by the verbs in its name."""
    return _tags(bases(name), _DONE_TABLE)
