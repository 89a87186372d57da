"""The user's contacts (vCard files, CardDAV servers): find a person's phone, email and details."""

from __future__ import annotations

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
