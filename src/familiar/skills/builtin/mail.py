"""The user's mail (Maildir, mbox and IMAP sources, in memory): find messages, newest first.

"When did I last email Sam about the lease?" needs the newest message that matches, not
the most similar one: messages are found by their words in memory's full-text index,
narrowed to the people named in their From/To/Cc lines, and sorted by date.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from pathlib import Path
from typing import Any

from familiar.errors import ToolRetry, UserError
from familiar.integrations.base import fold
from familiar.kernel.tools import Reply, ToolContext, tool
from familiar.memory import Filters, MemoryItem
from familiar.memory.parsers import SkipFile
from familiar.security.policy import Effect
from familiar.skills.base import Skill
from familiar.skills.builtin.mail_send import send_draft, send_mail
from familiar.skills.builtin.sourcefiles import resync, source_files, with_memory

CANDIDATES = 200  # word matches considered before narrowing by person and sorting by date
_MESSAGE_ID = re.compile(r"^Message-ID: (.+)$", re.MULTILINE)
_PEOPLE = re.compile(r"^(From|To|Cc): (.*)$", re.MULTILINE)


def _people(item: MemoryItem) -> str:
    return fold(" ".join(m.group(2) for m in _PEOPLE.finditer(item.text)))


def _shown(item: MemoryItem, tz: tzinfo) -> dict[str, Any]:
    headers = {m.group(1).lower(): m.group(2) for m in _PEOPLE.finditer(item.text)}
    date = f"{item.created_at.astimezone(tz):%a %Y-%m-%d %H:%M}"
    return {"subject": item.title, "date": date, **headers}


def _addresses(ctx: ToolContext, person: str) -> set[str]:
    """The email addresses of the contacts a name clearly means ("Sam" -> Samir's), if any."""
    if not person or not any(e.kind == "contacts" for e in ctx.settings.sources.values()):
        return set()
    from familiar.integrations.contacts import find, read, score

    people = []
    for _, path in source_files(ctx, "contacts"):
        try:
            people.extend(read(path, path.read_bytes())[0])
        except (OSError, SkipFile):
            continue
    scored = [(score(person, p), p) for p in find(person, people)]
    best = max((s for s, _ in scored), default=0.0)
    if best < 0.9:
        return set()
    # the best match, or several equally good ("Sam" is two people): the mail's words decide
    return {fold(e) for s, p in scored if s == best for e in p.emails}


def _with(item: MemoryItem, person: str, addresses: set[str]) -> bool:
    if not person:
        return True
    people = _people(item)
    if addresses:  # a contact was meant: "Sam" is Samir, not Samira
        return any(a in people for a in addresses)
    return all(w in people for w in fold(person).split())


def _mail_sources(ctx: ToolContext) -> tuple[str, ...]:
    kinds = ("mail", "imap")
    sources = tuple(n for n, e in sorted(ctx.settings.sources.items()) if e.kind in kinds)
    if not sources:
        raise ToolRetry("no mail source is set up; tell the user: familiar sources add mail PATH")
    return sources


def matching(ctx: ToolContext, about: str, person: str, sent_by_me: bool) -> list[MemoryItem]:
    """Mail items with the words of `about` and `person` among their people, newest first."""
    about, person = about.strip(), person.strip()
    if not about and not person:
        raise ToolRetry("say what the mail is about or who it is with")
    tags = ("folder:sent",) if sent_by_me else ()
    filters = Filters(sources=_mail_sources(ctx), tags=tags)
    addresses = _addresses(ctx, person)
    words = about or " ".join(a.split("@")[0].replace(".", " ") for a in addresses) or person
    found: list[MemoryItem] = []

    def look(memory: Any) -> None:
        hits = memory.search(words, filters=filters, mode="text", limit=CANDIDATES)
        found.extend(hit.item for hit in hits)

    with_memory(ctx, look)
    matches = [i for i in found if _with(i, person, addresses)]
    matches.sort(key=lambda i: i.created_at, reverse=True)
    return matches


@tool(effect=Effect.READ, trusted_output=False, permissions=("mail.read",))
def search_mail(ctx: ToolContext, about: str, person: str = "", sent_by_me: bool = False) -> Reply:
    """Find mail, newest first, as in "when did I last email Sam about the lease?".

    Args:
        about: words about the subject, e.g. "lease"
        person: a name or address in From/To/Cc, or ""
        sent_by_me: only mail the user sent
    """
    matches = matching(ctx, about, person, sent_by_me)
    shown = [_shown(i, ctx.tz) for i in matches[:5]]
    data = {"about": about, "person": person, "messages": shown, "found": len(matches)}
    if not shown:
        return Reply(data, "No mail matches.")
    lines = [f"- {m['date']}: {m['subject']} (from {m.get('from', '?')})" for m in shown]
    return Reply(data, f"{len(matches)} messages match; the newest:\n" + "\n".join(lines))


@tool(effect=Effect.WRITE, permissions=("mail.read", "files.write"))
def draft_reply(ctx: ToolContext, person: str, text: str, about: str = "") -> Reply:
    """Draft a reply, saved in Drafts and not sent,
    as in "draft a reply to the landlord saying I'll pay on the 5th".

    Args:
        person: whom the reply is to, e.g. "the landlord"
        text: what the reply says, e.g. "I'll pay on the 5th."
        about: words about the conversation, if said, e.g. "rent"
    """
    from familiar.integrations.mail_write import maildir_of, original, reply, save_draft

    if not text.strip():
        raise ToolRetry("say what the reply says")
    found = matching(ctx, about, person, sent_by_me=False)
    if not found:
        raise ToolRetry(f"no mail with {person!r} to reply to; call search_mail to look")
    item = found[0]
    owner = ctx.store.sync_state().owner(item.id)
    message_id = _MESSAGE_ID.search(item.text)
    if owner is None or message_id is None:
        raise ToolRetry("that message is no longer synced; tell the user to sync mail")
    source, file = owner
    if file.startswith("imap://"):
        raise UserError("that message is on an IMAP server; drafts go only into a Maildir")
    if Path(file).parent.name not in ("cur", "new"):
        raise UserError("that message is in an mbox archive; drafts go only into a Maildir")
    parent = original(Path(file), message_id.group(1))
    draft = reply(parent, text, "folder:sent" in item.tags, ctx.clock())
    saved = save_draft(maildir_of(Path(file)), draft)
    resync(ctx, source)
    shown = {"to": str(draft["to"]), "subject": str(draft["subject"]), "file": saved.name}
    return Reply(
        {"draft": shown, "sent": False},
        f"Draft saved in Drafts, not sent: to {shown['to']}, {shown['subject']}.",
    )


SKILL = Skill(
    name="mail",
    description="Your mail (Maildir, mbox, IMAP): find messages, newest first; draft, send.",
    tools=(search_mail, draft_reply, send_mail, send_draft),
    enabled_by_default=False,  # `familiar sources add mail` turns it on
)
