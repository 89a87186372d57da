"""The user's contacts (vCard files, CardDAV servers): find a person's phone, email and details."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from familiar.errors import ToolRetry
from familiar.kernel.tools import Reply, ToolContext, tool
from familiar.memory.parsers import SkipFile
from familiar.security.policy import Effect
from familiar.skills.base import Skill
from familiar.skills.builtin.sourcefiles import server_resources, source_files

if TYPE_CHECKING:  # vobject is imported when the tool first runs, not at start-up
    from familiar.integrations.contacts import Contact


def _everyone(ctx: ToolContext) -> list[Contact]:
    from familiar.integrations.contacts import read

    people: list[Contact] = []
    for _, path in source_files(ctx, "contacts"):
        try:
            people.extend(read(path, path.read_bytes())[0])
        except (OSError, SkipFile):
            continue  # `familiar sources list` reports it
    for resource, _ in server_resources(ctx, "contacts"):
        try:
            people.extend(read(Path(resource.url), resource.body)[0])
        except SkipFile:
            continue
    return people


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _named(person: Contact, who: str) -> bool:
    """True when `who` is the person's name, one of its words, or a nickname, exactly."""
    wanted = _folded(who)
    names = [_folded(person.name), *(_folded(n) for n in person.nicknames)]
    return wanted in names or wanted in _folded(person.name).split()


def mail_addresses(ctx: ToolContext, recipients: str) -> str:
    """Recipients with each name ("Dana") replaced by that contact's one address.

    Only an unambiguous match is used: one contact with one email address. Anything
    else goes back to the model, which asks the user.
    """
    from email.utils import formataddr, getaddresses

    from familiar.integrations.contacts import find

    resolved = []
    for name, address in getaddresses([recipients]):
        if "@" in address:
            resolved.append(formataddr((name, address)))
            continue
        who = (name or address).strip()
        # sending: a forgiving match ("Ana" finds "Dana") would mail the wrong person
        matches = [p for p in find(who, _everyone(ctx)) if p.emails and _named(p, who)]
        if not matches:
            raise ToolRetry(f"no contact called {who!r} has an email address; ask the user for it")
        if len(matches) > 1 or len(matches[0].emails) > 1:
            options = [f"{p.name} <{e}>" for p in matches for e in p.emails]
            raise ToolRetry(f"{who!r} could be {'; '.join(options)}; ask the user which")
        resolved.append(formataddr((matches[0].name, matches[0].emails[0])))
    if not resolved:
        raise ToolRetry("say whom to send it to")
    return ", ".join(resolved)


def _shown(person: Contact) -> dict[str, Any]:
    shown: dict[str, Any] = {"name": person.name}
    for key, value in (
        ("also_called", list(person.nicknames)),
        ("phones", [f"{n} ({k})" if k else n for n, k in person.phones]),
        ("emails", list(person.emails)),
        ("organisation", person.org),
        ("address", person.address),
        ("birthday", person.birthday),
        ("relation", ", ".join(person.related)),
    ):
        if value:
            shown[key] = value
    return shown


@tool(effect=Effect.READ, trusted_output=False, permissions=("contacts.read",))
def find_contact(ctx: ToolContext, who: str) -> Reply:
    """Find a contact's phone or email, as in "what's Ana's phone number?".

    Args:
        who: a name, nickname, relation, email or number
    """
    if not who.strip():
        raise ToolRetry("say whom to look for")
    from familiar.integrations.contacts import find

    matches = find(who, _everyone(ctx))
    data = {"query": who, "contacts": [_shown(p) for p in matches]}
    if not matches:
        return Reply(data, f"No contact matches {who!r}.")
    lines = []
    for person in matches:
        details = [n for n, _ in person.phones] + list(person.emails)
        lines.append(f"- {person.name}: {', '.join(details) or 'no phone or email'}")
    return Reply(data, "\n".join(lines))


SKILL = Skill(
    name="contacts",
    description="Your contacts (vCard, CardDAV): phone numbers, email addresses, details.",
    tools=(find_contact,),
    enabled_by_default=False,  # `familiar sources add contacts` turns it on
)
