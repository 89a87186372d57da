"""Work storylines: a launch date that moves, invitations, exceptions to meeting series."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from familiar.testing.person import mime
from familiar.testing.person.corpus import Corpus
from familiar.testing.person.events import WORK
from familiar.testing.person.ical import Event, calendar_bytes
from familiar.testing.person.mailkit import Mailer, Thread, nice_date
from familiar.testing.person.manifest import Fact, Item
from familiar.testing.person.markdown import note_bytes
from familiar.testing.person.world import World, weekday_on_or_after


def heron(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """The Heron launch, announced for one date and later moved."""
    m = world.manifest
    u = world.user
    manager = next(p for p in world.people if p.relation == "manager")
    boss = (manager.latin_name or manager.fn, manager.email)
    team = [mailer.who(c) for c in world.group("colleague")[1:8]]
    first = weekday_on_or_after(world.day(-30), 1)
    second = weekday_on_or_after(world.day(21), 1)
    t = Thread("Heron launch plan")
    plan = mailer.send(
        sender=boss,
        to=[mailer.me_work, *team],
        subject=t.subject,
        thread=t,
        when=datetime.combine(world.day(-150), time(9, 12)),
        body=f"Hi all,\n\nWe are aiming to launch Heron (the new onboarding flow) on "
        f"{nice_date(first)} {first.year}. Code freeze one week before. Please flag risks in "
        "the planning doc by Friday.\n\nThanks,\n" + (manager.latin_name or manager.given) + "\n",
    )
    mailer.send(
        sender=mailer.me_work,
        to=[boss],
        subject=t.subject,
        thread=t,
        when=datetime.combine(world.day(-149), time(10, 2)),
        body="Sounds doable from the data side. The migration needs two days of "
        "backfill, I'll schedule it for the week before the freeze.\n",
    )
    slip = mailer.send(
        sender=boss,
        to=[mailer.me_work, *team],
        subject=f"Heron launch moves to {nice_date(second)}",
        when=datetime.combine(world.day(-45), time(16, 48)),
        body=f"Hi all,\n\nAfter the security review we are moving the Heron launch from "
        f"{nice_date(first)} to {nice_date(second)} {second.year}. The code freeze moves "
        "with it. The pilot customers have been told.\n\n"
        + (manager.latin_name or manager.given)
        + "\n",
    )
    note = corpus.file(
        "notes/Projects/Heron.md",
        note_bytes(
            {
                "tags": ["project", "work"],
                "status": "active",
                "owner": manager.latin_name or manager.fn,
            },
            f"# Heron\n\nNew onboarding flow. Team: {u.team}.\n\n## Dates\n- Launch: "
            f"{second.isoformat()} (was {first.isoformat()}, moved after the security review)\n"
            f"- Backfill: week before the freeze\n\n## Links\n- [[Daily/{world.day(-45)}]]\n\n"
            "#project/heron\n",
        ),
        "markdown",
    )
    m.add_fact(
        Fact(
            "work.heron.launch.planned",
            f"The Heron launch was first planned for {first.isoformat()}.",
            "work",
            "When was Heron first going to launch?",
            nice_date(first),
            [plan.item(nice_date(first))],
        )
    )
    m.add_fact(
        Fact(
            "work.heron.launch",
            f"The Heron launch moved to {second.isoformat()}.",
            "work",
            "When does Heron launch?",
            nice_date(second),
            [slip.item(nice_date(second)), Item(note, (second.isoformat(),))],
            supersedes="work.heron.launch.planned",
        )
    )


def invitations(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """Invitation mails with .ics attachments for meetings others organised."""
    rng = world.rng("invitations")
    events = [
        e
        for e in corpus.calendars[WORK][1]
        if "-meeting-" not in e.uid
        and e.uid.startswith("meeting-")
        and e.organizer
        and e.organizer[1] != world.user.work_email
        and isinstance(e.start, datetime)
        and e.start < world.now
    ]
    for ev in rng.sample(events, min(45, len(events))):
        assert isinstance(ev.start, datetime) and ev.organizer is not None
        ics = calendar_bytes("Invitation", [ev], method="REQUEST")
        when = ev.start - timedelta(days=rng.randrange(1, 12), hours=rng.randrange(0, 5))
        when = when.replace(minute=rng.randrange(60))
        if when.date() < world.start:
            continue  # the invitation would predate the history
        text = (
            f"{ev.organizer[0]} has invited you to: {ev.summary}\n\nWhen: "
            f"{nice_date(ev.start.date())} {ev.start:%H:%M}-{ev.end:%H:%M} "
            f"({world.zone.name})\nWhere: {ev.location}\n\n{ev.description}\n"
        )
        sent = mailer.send(
            sender=ev.organizer,
            to=[mailer.me_work],
            subject=f"Invitation: {ev.summary} @ {ev.start:%a %d %b %Y %H:%M}",
            when=when,
            body=mime.multipart(
                "mixed",
                mime.multipart(
                    "alternative",
                    mime.text(text),
                    mime.text(f"<p>{text}</p>".replace("\n", "<br>"), "html"),
                ),
                mime.attachment(ics, "application/ics", "invite.ics"),
            ),
        )
        fact_id = f"event.{ev.uid.split('@')[0]}"
        if any(f.id == fact_id for f in world.manifest.facts):
            world.manifest.fact(fact_id).items.append(sent.item(ev.summary))


def meeting_exceptions(
    world: World, corpus: Corpus, mailer: Mailer, series: dict[str, Event]
) -> None:
    """A moved 1:1 and a team sync cancelled for the offsite."""
    m = world.manifest
    tz = world.zone.name
    manager = next(p for p in world.people if p.relation == "manager")
    boss = (manager.latin_name or manager.fn, manager.email)
    one = series["one-on-one"]
    assert isinstance(one.start, datetime)
    # The master starts on a Thursday and repeats every two weeks: find one near day -100.
    weeks = (world.day(-100) - one.start.date()).days // 14
    original = one.start + timedelta(days=14 * weeks)
    moved = datetime.combine(original.date() + timedelta(days=1), time(11))
    override = corpus.event(
        WORK,
        "Work",
        Event(
            one.uid,
            one.summary,
            moved,
            moved + timedelta(minutes=30),
            tzid=tz,
            sequence=1,
            recurrence_id=original,
            organizer=one.organizer,
            attendees=one.attendees,
            location="Café on the ground floor",
        ),
    )
    note = mailer.send(
        sender=boss,
        to=[mailer.me_work],
        subject="Our 1:1 this week",
        when=original - timedelta(days=2, hours=3),
        body=f"Hi {world.user.given}, can we move Thursday's 1:1 to Friday "
        f"{nice_date(moved.date())} at 11:00? Let's do it over coffee "
        "downstairs.\n",
    )
    m.add_fact(
        Fact(
            "work.one-on-one.moved",
            f"The 1:1 of {original.date().isoformat()} "
            f"moved to Friday {moved.date().isoformat()} at 11:00.",
            "event",
            f"When was the 1:1 in the week of {nice_date(original.date())}?",
            f"{nice_date(moved.date())} at 11:00",
            [
                note.item("11:00"),
                Item(
                    WORK,
                    (f"{moved:%Y%m%dT%H%M%S}",),
                    uid=one.uid,
                    recurrence_id=override.recurrence_id_text,
                ),
            ],
        )
    )
    sync = series["team-sync"]
    assert isinstance(sync.start, datetime)
    offsite = weekday_on_or_after(world.day(-200), 0)
    sync.exdates.append(datetime.combine(offsite, sync.start.time()))
    mail = mailer.send(
        sender=boss,
        to=[mailer.me_work],
        subject=f"Offsite {nice_date(offsite)}: no team sync",
        when=datetime.combine(offsite - timedelta(days=10), time(11, 30)),
        body=f"Hi all,\n\nReminder: on {nice_date(offsite)} we're all at the offsite in the "
        "old harbour warehouse, so there is no team sync that day. Bring a jacket.\n",
    )
    m.add_fact(
        Fact(
            "work.offsite",
            f"The team offsite was on {offsite.isoformat()}; the team sync was cancelled that day.",
            "work",
            "When was the team offsite?",
            nice_date(offsite),
            [
                mail.item(nice_date(offsite)),
                Item(WORK, (f"EXDATE;TZID={tz}:{offsite:%Y%m%d}",), uid=sync.uid),
            ],
        )
    )
