"""The one entry point that runs every writer in a fixed order."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from familiar.testing.person import (
    mail_bulk,
    mail_people,
    stories_home,
    stories_trip,
    stories_work,
)
from familiar.testing.person.broken import add_broken
from familiar.testing.person.contacts import write_contacts
from familiar.testing.person.corpus import Corpus
from familiar.testing.person.devices import write_devices
from familiar.testing.person.documents import write_documents
from familiar.testing.person.events import add_routine
from familiar.testing.person.mailkit import Mailer
from familiar.testing.person.manifest import Manifest
from familiar.testing.person.notes import write_notes
from familiar.testing.person.people import build_world
from familiar.testing.person.profile import write_profile
from familiar.testing.person.world import DEFAULT_ANCHOR, DEFAULT_SEED


def generate(out: Path, seed: int = DEFAULT_SEED, anchor: date = DEFAULT_ANCHOR) -> Manifest:
    """Write one synthetic person's year into `out` (emptied first) and return its manifest."""
    out = Path(out)
    if out.exists():
        if any(out.iterdir()) and not (out / "manifest.json").exists():
            raise FileExistsError(
                f"{out} is not empty and holds no generated person; refusing to overwrite it"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True)
    world = build_world(seed, anchor)
    corpus = Corpus(seed)
    # Mail from the last day before "now" stays unread, in Maildir's new/.
    corpus.unread_after = datetime.combine(anchor - timedelta(days=1), time(0), tzinfo=UTC)
    mailer = Mailer(world, corpus)

    write_profile(world, corpus)
    write_contacts(world, out)
    series = add_routine(world, corpus)
    stories_home.dentist(world, corpus, mailer)
    stories_home.lease(world, corpus, mailer)
    stories_home.family_news(world, corpus, mailer)
    stories_home.series_changes(world, corpus, mailer, series)
    stories_trip.trip(world, corpus, mailer, series)
    stories_work.heron(world, corpus, mailer)
    stories_work.invitations(world, corpus, mailer)
    stories_work.meeting_exceptions(world, corpus, mailer, series)
    mail_people.work_threads(world, corpus, mailer)
    mail_people.friend_threads(world, corpus, mailer)
    mail_people.foreign_charsets(world, corpus, mailer)
    mail_people.health_and_diet(world, corpus, mailer)
    mail_bulk.newsletters(world, corpus, mailer)
    mail_bulk.bills(world, corpus, mailer)
    mail_bulk.orders(world, corpus, mailer)
    mail_bulk.notifications(world, corpus, mailer)
    mail_bulk.mbox_archive(world, corpus, mailer)
    write_notes(world, corpus)
    write_documents(world, corpus)
    write_devices(world, corpus)
    add_broken(world, corpus)
    corpus.write(out, world.manifest)
    world.manifest.write(out)
    return world.manifest
