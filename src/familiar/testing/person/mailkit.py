"""Composing and filing messages: senders, threads, Message-IDs and dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from familiar.testing.person import mime
from familiar.testing.person.corpus import Corpus
from familiar.testing.person.manifest import Item
from familiar.testing.person.world import Person, World, slug
from familiar.testing.person.zones import Zone

Who = tuple[str, str]  # (display name, address)


@dataclass(frozen=True)
class Sent:
    """Where a stored message ended up, for manifest items."""

    path: str
    message_id: str
    subject: str
    when: datetime

    def item(self, *strings: str) -> Item:
        """A manifest item naming this message."""
        return Item(self.path, strings, message_id=self.message_id)


@dataclass
class Thread:
    """A conversation: each reply points at the one before and lists all before it."""

    subject: str
    ids: list[str] = field(default_factory=list)
    messages: list[Sent] = field(default_factory=list)


class Mailer:
    """Builds messages for one world and files them in the corpus."""

    def __init__(self, world: World, corpus: Corpus) -> None:
        self.world = world
        self.corpus = corpus
        self.count = 0
        u = world.user
        self.me: Who = (u.name, u.email)
        self.me_work: Who = (u.name, u.work_email)

    def who(self, p: Person) -> Who:
        """A person as a mail address."""
        return (p.latin_name or p.fn, p.email)

    def send(
        self,
        *,
        sender: Who,
        to: list[Who],
        subject: str,
        when: datetime,
        body: mime.Part | str,
        folder: str | None = None,
        cc: list[Who] | None = None,
        thread: Thread | None = None,
        extra: list[tuple[str, str]] | None = None,
        zone: Zone | None = None,
    ) -> Sent:
        """Compose one message at naive local time `when` and store it."""
        self.count += 1
        domain = sender[1].split("@", 1)[1]
        message_id = f"{slug(subject)[:28]}.{self.count:04d}.{self.world.seed}@{domain}"
        aware = (zone or self.world.zone).aware(when)
        if isinstance(body, str):
            body = mime.text(body)
        is_reply = thread is not None and bool(thread.ids)
        full_subject = (
            subject if not is_reply or subject.lower().startswith("re:") else ("Re: " + subject)
        )
        raw = mime.message(
            sender=mime.address(*sender),
            to=[mime.address(*t) for t in to],
            cc=[mime.address(*c) for c in cc] if cc else None,
            subject=full_subject,
            date=aware,
            message_id=message_id,
            body=body,
            in_reply_to=thread.ids[-1] if thread and thread.ids else None,
            references=list(thread.ids) if thread and thread.ids else None,
            extra=extra,
        )
        if folder is None:
            folder = "Sent" if sender[1] in (self.me[1], self.me_work[1]) else "INBOX"
        path = self.corpus.mail(folder, raw, message_id, aware)
        sent = Sent(path, message_id, full_subject, when)
        if thread is not None:
            thread.ids.append(message_id)
            thread.messages.append(sent)
        return sent


def nice_date(d: date) -> str:
    """'Saturday 14 March' — how people write dates in mail."""
    return f"{d:%A} {d.day} {d:%B}"


def nice_time(t: datetime) -> str:
    """'09:30'."""
    return f"{t:%H:%M}"
