"""The routine calendar: recurring series, meetings, social plans, birthdays and holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from familiar.testing.person.corpus import Corpus
from familiar.testing.person.ical import Event
from familiar.testing.person.manifest import Fact, Item
from familiar.testing.person.textformat import ical_date, ical_datetime
from familiar.testing.person.world import Person, World, slug, weekday_on_or_after

PERSONAL = "calendar/personal.ics"
WORK = "calendar/work.ics"
BIRTHDAYS = "calendar/birthdays.ics"
HOLIDAYS = "calendar/holidays.ics"

MEETING_TOPICS = [
    "API review",
    "design critique",
    "retro",
    "roadmap check-in",
    "hiring debrief",
    "architecture review",
    "metrics deep-dive",
    "pairing session",
    "demo prep",
    "incident review",
    "budget review",
    "customer call",
    "onboarding sync",
    "security review",
    "data model walkthrough",
    "release readiness",
]
PROJECTS = ["Heron", "Lighthouse", "Atlas", "Kite", "Juniper", "Marlin"]
ROOMS = [
    "Room Fjord (3.14)",
    "Room Delta (2.07)",
    "Room Polder (4.01)",
    "Video call",
    "Room Harbour (1.12)",
    "Kitchen corner",
]
RESTAURANTS = [
    "Tasca Lusitana",
    "Little Kyoto",
    "Beirut Garden",
    "Café Oost",
    "Addis Table",
    "Supra Tbilisi",
    "Trattoria Nonna",
    "The Green Fork",
    "Pho Saigon",
    "Mezze & Co",
]
SOCIAL = [
    "Dinner with {n} at {r}",
    "Drinks with {n}",
    "Cinema with {n}",
    "Climbing with {n}",
    "Brunch with {n} at {r}",
    "Concert with {n}",
    "Board games at {n}'s",
    "Coffee with {n}",
    "Walk in the park with {n}",
    "Lunch with {n} at {r}",
]
ERRANDS = [
    ("Haircut at Studio Tijl", 60, "hairdresser"),
    ("Physio session", 45, "physio"),
    ("Vet check-up for {pet}", 30, "vet"),
    ("Bike service at Velo Repair", 30, "bikeshop"),
    ("Apartment cleaning", 180, "cleaner"),
    ("Tax advisor meeting", 60, "accountant"),
]


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    return date(year, month, (h + l_ - 7 * m + 114) % 31 + 1)


def holidays(country: str, first: date, last: date) -> list[tuple[date, str]]:
    """Public holidays of the user's country between two dates."""
    national = {
        "Netherlands": [(4, 27, "King's Day"), (5, 5, "Liberation Day")],
        "Germany": [(5, 1, "Labour Day"), (10, 3, "German Unity Day")],
        "Belgium": [
            (5, 1, "Labour Day"),
            (7, 21, "Belgian National Day"),
            (11, 1, "All Saints' Day"),
            (11, 11, "Armistice Day"),
        ],
        "Austria": [
            (5, 1, "Labour Day"),
            (10, 26, "Austrian National Day"),
            (12, 8, "Immaculate Conception"),
        ],
    }[country]
    out: list[tuple[date, str]] = []
    for year in range(first.year, last.year + 1):
        e = easter(year)
        days = [
            (date(year, 1, 1), "New Year's Day"),
            (e - timedelta(days=2), "Good Friday"),
            (e + timedelta(days=1), "Easter Monday"),
            (e + timedelta(days=39), "Ascension Day"),
            (e + timedelta(days=50), "Whit Monday"),
            (date(year, 12, 25), "Christmas Day"),
            (date(year, 12, 26), "Boxing Day"),
        ]
        days += [(date(year, mo, d), name) for mo, d, name in national]
        out += [(d, n) for d, n in days if first <= d <= last]
    return sorted(out)


def _stamp(world: World) -> datetime:
    return datetime.combine(world.start, time(9), tzinfo=UTC)


def add_routine(world: World, corpus: Corpus) -> dict[str, Event]:
    """Add the routine calendar; returns the named recurring series for the storylines."""
    rng = world.rng("events")
    tz = world.zone.name
    u = world.user
    stamp = _stamp(world)
    start, end = world.start, world.end
    hol = holidays(u.country, start, end)
    hol_weekdays = [d for d, _ in hol if d.weekday() < 5]
    manager = next(p for p in world.people if p.relation == "manager")
    colleagues = world.group("colleague")
    series: dict[str, Event] = {}

    def at(d: date, h: int, m: int = 0) -> datetime:
        return datetime.combine(d, time(h, m))

    def uid(name: str) -> str:
        return f"{slug(name)}-{world.seed}@familiar.test"

    for d, name in hol:
        corpus.event(
            HOLIDAYS,
            f"Public holidays {u.country}",
            Event(
                uid(f"holiday-{d.isoformat()}"),
                name,
                d,
                d + timedelta(days=1),
                stamp=stamp,
                categories=["Holiday"],
            ),
        )

    for p in world.people:
        if p.birthday and p.group in ("family", "friend", "colleague"):
            corpus.event(
                BIRTHDAYS,
                "Birthdays",
                Event(
                    uid(f"birthday-{p.key}"),
                    f"{p.short}'s birthday",
                    p.birthday,
                    p.birthday + timedelta(days=1),
                    rrule="FREQ=YEARLY",
                    stamp=stamp,
                    categories=["Birthday"],
                    alarm_minutes=720,
                ),
            )

    monday = weekday_on_or_after(start, 0)
    standup = Event(
        uid("standup"),
        f"{u.team} stand-up",
        at(monday, 9, 30),
        at(monday, 9, 45),
        tzid=tz,
        rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        exdates=[at(d, 9, 30) for d in hol_weekdays],
        location="Video call",
        organizer=(manager.latin_name or manager.fn, manager.email),
        stamp=stamp,
    )
    series["standup"] = corpus.event(WORK, "Work", standup)
    series["team-sync"] = corpus.event(
        WORK,
        "Work",
        Event(
            uid("team-sync"),
            f"{u.team} team sync",
            at(monday, 10, 30),
            at(monday, 11, 30),
            tzid=tz,
            rrule="FREQ=WEEKLY;BYDAY=MO",
            location=ROOMS[0],
            organizer=(manager.latin_name or manager.fn, manager.email),
            stamp=stamp,
            attendees=[(c.latin_name or c.fn, c.email, "ACCEPTED") for c in colleagues[:6]],
        ),
    )
    thursday = weekday_on_or_after(start, 3)
    series["one-on-one"] = corpus.event(
        WORK,
        "Work",
        Event(
            uid("one-on-one"),
            f"1:1 {manager.latin_name or manager.given} / {u.given}",
            at(thursday, 14),
            at(thursday, 14, 30),
            tzid=tz,
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            organizer=(manager.latin_name or manager.fn, manager.email),
            stamp=stamp,
            attendees=[(u.name, u.work_email, "ACCEPTED")],
        ),
    )
    switch = world.day(-120)
    tuesday = weekday_on_or_after(start, 1)
    corpus.event(
        WORK,
        "Work",
        Event(
            uid("sprint-planning"),
            "Sprint planning",
            at(tuesday, 13),
            at(tuesday, 14, 30),
            tzid=tz,
            rrule=f"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL={ical_date(switch)}T235959Z",
            location=ROOMS[2],
            stamp=stamp,
        ),
    )
    new_planning = weekday_on_or_after(switch + timedelta(days=1), 2)
    corpus.event(
        WORK,
        "Work",
        Event(
            uid("planning-v2"),
            "Planning (new format, 45 min)",
            at(new_planning, 11),
            at(new_planning, 11, 45),
            tzid=tz,
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            location=ROOMS[2],
            stamp=stamp,
            description="Replaces the Tuesday sprint planning. Bring one slide per team.",
        ),
    )
    wed = weekday_on_or_after(start, 2)
    corpus.event(
        WORK,
        "Work",
        Event(
            uid("all-hands"),
            f"{u.employer} all-hands",
            at(wed, 16),
            at(wed, 17),
            tzid=tz,
            rrule="FREQ=MONTHLY;BYDAY=1WE",
            location="Auditorium and stream",
            stamp=stamp,
        ),
    )

    yoga = world.person("yoga")
    series["yoga"] = corpus.event(
        PERSONAL,
        "Personal",
        Event(
            uid("yoga"),
            f"Yoga at {yoga.org}",
            at(tuesday, 19),
            at(tuesday, 20, 15),
            tzid=tz,
            rrule="FREQ=WEEKLY;BYDAY=TU",
            location=f"{yoga.street}, {yoga.city}",
            stamp=stamp,
            alarm_minutes=60,
        ),
    )
    saturday = weekday_on_or_after(start, 5)
    corpus.event(
        PERSONAL,
        "Personal",
        Event(
            uid("running-club"),
            "Running club (long run)",
            at(saturday, 9),
            at(saturday, 10, 30),
            tzid=tz,
            rrule=f"FREQ=WEEKLY;BYDAY=SA;UNTIL={ical_date(world.day(40))}T235959Z",
            location="Park entrance, north gate",
            stamp=stamp,
        ),
    )
    first_thu = weekday_on_or_after(start, 3)
    series["book-club"] = corpus.event(
        PERSONAL,
        "Personal",
        Event(
            uid("book-club"),
            "Book club",
            at(first_thu, 19, 30),
            at(first_thu, 21, 30),
            tzid=tz,
            rrule="FREQ=MONTHLY;BYDAY=1TH",
            location="Lena's place",
            stamp=stamp,
        ),
    )
    sunday = weekday_on_or_after(start, 6)
    mother = world.person("mother")
    corpus.event(
        PERSONAL,
        "Personal",
        Event(
            uid("call-mother"),
            f"Call {mother.nickname}",
            at(sunday, 18),
            at(sunday, 18, 30),
            tzid=tz,
            rrule="FREQ=WEEKLY;BYDAY=SU",
            stamp=stamp,
        ),
    )
    first = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    corpus.event(
        PERSONAL,
        "Personal",
        Event(
            uid("pay-rent"),
            "Rent due",
            first,
            first + timedelta(days=1),
            rrule="FREQ=MONTHLY;BYMONTHDAY=1",
            stamp=stamp,
            alarm_minutes=600,
        ),
    )
    corpus.event(
        PERSONAL,
        "Personal",
        Event(
            uid("recycling"),
            "Put out paper recycling",
            wed,
            wed + timedelta(days=1),
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            stamp=stamp,
        ),
    )

    singles: list[tuple[str, Event]] = []
    busy: set[tuple[date, int]] = set()
    day_count = (end - start).days
    for i in range(170):
        d = start + timedelta(days=rng.randrange(day_count))
        if d.weekday() >= 5 or d in hol_weekdays:
            continue
        hour = rng.choice([9, 10, 11, 13, 14, 15, 16])
        if (d, hour) in busy:
            continue
        busy.add((d, hour))
        project = rng.choice(PROJECTS)
        topic = rng.choice(MEETING_TOPICS)
        people = rng.sample(colleagues, rng.randrange(1, 5))
        organizer = rng.choice([*people, None])
        length = rng.choice([30, 45, 60])
        org = (
            (organizer.latin_name or organizer.fn, organizer.email)
            if organizer
            else (u.name, u.work_email)
        )
        attendees = [
            (
                p.latin_name or p.fn,
                p.email,
                rng.choice(["ACCEPTED", "ACCEPTED", "TENTATIVE", "NEEDS-ACTION"]),
            )
            for p in people
        ]
        attendees.append((u.name, u.work_email, "ACCEPTED"))
        ev = Event(
            uid(f"meeting-{i}"),
            f"{project}: {topic}",
            at(d, hour),
            at(d, hour) + timedelta(minutes=length),
            tzid=tz,
            location=rng.choice(ROOMS),
            organizer=org,
            attendees=attendees,
            stamp=stamp,
            description=f"Agenda: {topic} for {project}. Notes in the shared doc.",
        )
        singles.append((WORK, corpus.event(WORK, "Work", ev)))

    friends = [*world.group("friend"), world.person("sister"), world.person("cousin")]
    for i in range(115):
        d = start + timedelta(days=rng.randrange(day_count))
        weekend = d.weekday() >= 5
        if rng.random() < 0.75:
            friend = rng.choice(friends)
            template, restaurant = rng.choice(SOCIAL), rng.choice(RESTAURANTS)
            summary = template.format(n=friend.short, r=restaurant)
            hour = rng.choice([11, 13, 15]) if weekend else rng.choice([18, 19, 20])
            length = 120
            location = restaurant if "{r}" in template else None
        else:
            errand, length, key = rng.choice(ERRANDS)
            summary = errand.format(pet=u.pet)
            hour = rng.choice([10, 11, 14]) if weekend else rng.choice([8, 17, 18])
            svc = world.person(key)
            location = f"{svc.org}, {svc.street}"
        ev = Event(
            uid(f"personal-{i}"),
            summary,
            at(d, hour),
            at(d, hour) + timedelta(minutes=length),
            tzid=tz,
            location=location,
            stamp=stamp,
            alarm_minutes=30,
        )
        singles.append((PERSONAL, corpus.event(PERSONAL, "Personal", ev)))

    for i, (place, nights) in enumerate([("Lisbon", 4), ("the Alps", 6), ("Porto", 3)]):
        d = start + timedelta(days=40 + i * 110 + rng.randrange(20))
        ev = Event(
            uid(f"holiday-trip-{i}"),
            f"Vacation: {place}",
            d,
            d + timedelta(days=nights),
            stamp=stamp,
            categories=["Vacation"],
        )
        singles.append((PERSONAL, corpus.event(PERSONAL, "Personal", ev)))

    _record_singles(world, singles)
    return series


def _record_singles(world: World, singles: list[tuple[str, Event]]) -> None:
    """One fact per single event whose title is unique, so its question has one answer."""
    counts: dict[str, int] = {}
    for _, ev in singles:
        counts[ev.summary] = counts.get(ev.summary, 0) + 1
    for path, ev in singles:
        if counts[ev.summary] != 1:
            continue
        if isinstance(ev.start, datetime):
            when = f"{ev.start:%A %d %B %Y at %H:%M}"
            shown = ical_datetime(ev.start)
        else:
            when = f"{ev.start:%A %d %B %Y} (all day)"
            shown = ical_date(ev.start)
        world.manifest.add_fact(
            Fact(
                f"event.{ev.uid.split('@')[0]}",
                f"'{ev.summary}' is on {when}.",
                "event",
                f"When is '{ev.summary}'?",
                when,
                [Item(path, (ev.summary, shown), uid=ev.uid)],
            )
        )


def person_name(p: Person) -> str:
    """The name used in invitations."""
    return p.latin_name or p.fn
