"""A work trip to New York across the US daylight-saving change."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from familiar.testing.person import mime
from familiar.testing.person.corpus import Corpus
from familiar.testing.person.events import PERSONAL, WORK
from familiar.testing.person.ical import Event
from familiar.testing.person.mailkit import Mailer, nice_date
from familiar.testing.person.manifest import Fact, Item
from familiar.testing.person.markdown import note_bytes
from familiar.testing.person.pdf import pdf_bytes
from familiar.testing.person.world import World
from familiar.testing.person.zones import ZONES, _nth_sunday

NY = ZONES["America/New_York"]
AIRPORTS = {"Amsterdam": "AMS", "Berlin": "BER", "Brussels": "BRU", "Vienna": "VIE"}


def dst_day(world: World) -> tuple[date, str]:
    """The latest US clock change well inside the history, and its direction.

    The window is about 290 days long and US changes are at most 238 days apart, so
    there is always one; which one depends on the anchor.
    """
    changes = [
        (_nth_sunday(y, month, n), direction)
        for y in (world.anchor.year - 1, world.anchor.year)
        for month, n, direction in ((3, 2, "forward"), (11, 1, "back"))
    ]
    inside = [
        c
        for c in changes
        if world.start + timedelta(days=45) <= c[0] <= world.anchor - timedelta(days=30)
    ]
    return max(inside)


def trip(world: World, corpus: Corpus, mailer: Mailer, series: dict[str, Event]) -> None:
    """Flights, hotel, meetings and a moved team sync, in two time zones."""
    rng = world.rng("trip")
    m = world.manifest
    u = world.user
    home = world.zone
    spring, direction = dst_day(world)
    depart = spring - timedelta(days=3)  # Thursday before
    back = spring + timedelta(days=4)  # Thursday after
    ref = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
    hotel_conf = f"{rng.randrange(10_000_000, 99_999_999)}"
    airport = AIRPORTS[u.city]
    seat = "23C" if u.preferences["seat"] == "aisle" else "23A"
    out_dep = datetime.combine(depart, time(10, 30))
    out_arr = datetime.combine(depart, time(12, 55))  # New York time
    back_dep = datetime.combine(back, time(18, 15))  # New York time
    back_arr = datetime.combine(back + timedelta(days=1), time(7, 40))
    tz, ny = home.name, NY.name
    uid = f"{{}}-{world.seed}@familiar.test".format
    flight_out = corpus.event(
        PERSONAL,
        "Personal",
        Event(
            uid("flight-out"),
            f"Flight SK 641 {airport} → JFK",
            out_dep,
            out_arr,
            tzid=tz,
            end_tzid=ny,
            location=f"{airport} airport",
            description=f"Booking reference {ref}. Seat {seat}.",
            alarm_minutes=180,
        ),
    )
    corpus.event(
        PERSONAL,
        "Personal",
        Event(
            uid("flight-back"),
            f"Flight SK 642 JFK → {airport}",
            back_dep,
            back_arr,
            tzid=ny,
            end_tzid=tz,
            location="JFK Terminal 4",
            description=f"Booking reference {ref}.",
        ),
    )
    corpus.event(
        PERSONAL,
        "Personal",
        Event(
            uid("trip-ny"), "New York trip", depart, back + timedelta(days=2), categories=["Travel"]
        ),
    )
    workshop_day = depart + timedelta(days=1)
    workshop = corpus.event(
        WORK,
        "Work",
        Event(
            uid("ny-workshop"),
            "Customer workshop at Brightline (New York)",
            datetime.combine(workshop_day, time(9)),
            datetime.combine(workshop_day, time(16)),
            tzid=ny,
            location="Brightline, 55 Water St, New York",
        ),
    )
    jack = world.person("friend-19")
    dinner = corpus.event(
        PERSONAL,
        "Personal",
        Event(
            uid("ny-dinner"),
            f"Dinner with {jack.given} in New York",
            datetime.combine(spring - timedelta(days=1), time(19, 30)),
            datetime.combine(spring - timedelta(days=1), time(22)),
            tzid=ny,
            location="Via Carota, 51 Grove St",
        ),
    )
    partner_day = spring + timedelta(days=1)
    corpus.event(
        WORK,
        "Work",
        Event(
            uid("ny-partner"),
            "Partner meeting at Brightline",
            datetime.combine(partner_day, time(14)),
            datetime.combine(partner_day, time(15, 30)),
            tzid=ny,
            location="55 Water St, 12th floor",
        ),
    )

    # The Monday team sync moves so it falls at 10:30 in New York, after the clocks changed.
    sync = series["team-sync"]
    assert isinstance(sync.start, datetime)
    ny_local = datetime.combine(partner_day, sync.start.time())
    home_local = home.from_utc(NY.to_utc(ny_local))
    override = corpus.event(
        WORK,
        "Work",
        Event(
            sync.uid,
            f"{sync.summary} (moved: {u.given} in New York)",
            home_local,
            home_local + timedelta(hours=1),
            tzid=tz,
            location="Video call",
            recurrence_id=datetime.combine(partner_day, sync.start.time()),
            sequence=1,
            organizer=sync.organizer,
            attendees=sync.attendees,
        ),
    )
    manager = next(p for p in world.people if p.relation == "manager")
    moved = mailer.send(
        sender=(manager.latin_name or manager.fn, manager.email),
        to=[mailer.me_work],
        subject=f"Moving Monday's team sync to {home_local:%H:%M}",
        when=datetime.combine(depart - timedelta(days=6), time(15, 20)),
        body=f"Hi team,\n\n{u.given} is in New York that week, so on Monday "
        f"{nice_date(partner_day)} the team sync moves to {home_local:%H:%M} our time "
        f"({ny_local:%H:%M} in New York). Note the US clocks go {direction} the day before, "
        "so the time difference is not what you are used to.\n\nThanks!\n",
    )

    e_ticket = pdf_bytes(
        f"E-ticket {ref}",
        [
            f"Passenger: {u.family.upper()}/{u.given.upper()}",
            f"Booking reference: {ref}",
            f"SK 641  {depart:%d %b %Y}  {airport} 10:30 -> JFK 12:55  Seat {seat}",
            f"SK 642  {back:%d %b %Y}  JFK 18:15 -> {airport} 07:40 (+1)  Seat {seat}",
            "Baggage: 1 x 23 kg",
            "Fare: EUR 612.40 (economy light)",
        ],
    )
    ticket_path = corpus.file(f"documents/travel/e-ticket-{ref}.pdf", e_ticket, "pdf")
    booking = mailer.send(
        sender=("Skyline Air", "bookings@skylineair.example"),
        to=[mailer.me],
        subject=f"Your booking {ref}: {airport} - New York",
        when=datetime.combine(depart - timedelta(days=41), time(22, 7)),
        body=mime.multipart(
            "mixed",
            mime.multipart(
                "alternative",
                mime.text(
                    f"Booking confirmed.\n\nBooking reference: {ref}\nOutbound: SK 641, "
                    f"{nice_date(depart)}, departs {airport} 10:30, arrives JFK 12:55 "
                    f"(local time).\nReturn: SK 642, {nice_date(back)}, departs JFK 18:15, "
                    f"arrives {airport} 07:40 the next day.\nSeat: {seat}\n"
                ),
                mime.text(
                    f"<html><body><h1>Booking confirmed</h1><p>Booking reference: <b>{ref}"
                    f"</b></p><p>Outbound SK 641 departs {airport} 10:30</p></body></html>",
                    "html",
                ),
            ),
            mime.attachment(e_ticket, "application/pdf", f"e-ticket-{ref}.pdf"),
        ),
    )
    hotel = mailer.send(
        sender=("Hotel Larkspur", "reservations@larkspur-hotel.example"),
        to=[mailer.me],
        subject="Reservation confirmed - Hotel Larkspur, Midtown",
        when=datetime.combine(depart - timedelta(days=38), time(9, 31)),
        body=mime.text(
            f"<html><body><h2>See you soon, {u.given}!</h2><p>Confirmation number: "
            f"{hotel_conf}</p><p>Check-in: {nice_date(depart)} from 15:00<br>Check-out: "
            f"{nice_date(back)} by 11:00</p><p>221 W 46th St, New York, NY 10036</p>"
            "<p>Room: queen, non-smoking</p></body></html>",
            "html",
        ),
    )
    trip_note = corpus.file(
        f"notes/Trips/New York {spring.year}.md",
        note_bytes(
            {
                "tags": ["travel", "work"],
                "aliases": ["NYC trip", "New York trip"],
                "start": depart.isoformat(),
                "end": back.isoformat(),
            },
            f"# New York {spring.year}\n\n"
            "Customer workshop at Brightline, then partner meeting.\n\n"
            f"- Flights: SK 641 out {depart:%d %b}, SK 642 back {back:%d %b}; ref {ref}\n"
            f"- Hotel Larkspur, conf. {hotel_conf}\n"
            f"- Dinner with [[{jack.fn}]] on Saturday\n"
            f"- Careful: US clocks go {direction} on {spring:%d %B}, not on the same day as "
            "in Europe, so the time difference to home changes by an hour mid-trip.\n\n"
            "## Packing\n- [ ] adapter (type A)\n- [x] laptop + charger\n- [ ] running shoes\n"
            "\n#travel #work\n",
        ),
        "markdown",
    )
    m.add_fact(
        Fact(
            "trip.flight-out",
            f"The flight to New York (SK 641) left {airport} on "
            f"{depart.isoformat()} at 10:30 local time and landed at JFK at 12:55.",
            "travel",
            "When did my flight to New York leave?",
            f"{nice_date(depart)} at 10:30",
            [
                booking.item("SK 641", "10:30"),
                Item(PERSONAL, ("SK 641", f"{out_dep:%Y%m%dT%H%M%S}"), uid=flight_out.uid),
                Item(ticket_path, ("SK 641", "10:30")),
            ],
        )
    )
    m.add_fact(
        Fact(
            "trip.booking-ref",
            f"The booking reference for the New York flights is {ref}.",
            "travel",
            "What was the booking reference of my New York flight?",
            ref,
            [booking.item(ref), Item(ticket_path, (ref,)), Item(trip_note, (ref,))],
        )
    )
    m.add_fact(
        Fact(
            "trip.hotel",
            f"In New York the user stayed at Hotel Larkspur, confirmation {hotel_conf}.",
            "travel",
            "Which hotel did I stay at in New York?",
            "Hotel Larkspur",
            [hotel.item("Hotel Larkspur", hotel_conf)],
        )
    )
    m.add_fact(
        Fact(
            "trip.team-sync-moved",
            f"On Monday {partner_day.isoformat()} the team sync "
            f"moved to {home_local:%H:%M} home time ({ny_local:%H:%M} in New York).",
            "event",
            f"When was the team sync on {nice_date(partner_day)}?",
            f"{home_local:%H:%M}",
            [
                moved.item(f"{home_local:%H:%M}"),
                Item(
                    WORK,
                    (f"{home_local:%Y%m%dT%H%M%S}",),
                    uid=sync.uid,
                    recurrence_id=override.recurrence_id_text,
                ),
            ],
        )
    )
    m.add_fact(
        Fact(
            "trip.dst",
            f"During the New York trip the US clocks went {direction} on "
            f"{spring.isoformat()}, on a different day than in Europe.",
            "travel",
            "Did the clocks change during the New York trip?",
            f"Yes, on {spring:%d %B} in the US",
            [Item(trip_note, (f"US clocks go {direction} on {spring:%d %B}",))],
        )
    )
    m.add_fact(
        Fact(
            "trip.workshop",
            f"The customer workshop at Brightline was on "
            f"{workshop_day.isoformat()} from 09:00 to 16:00 New York time.",
            "event",
            "When was the Brightline workshop?",
            f"{nice_date(workshop_day)} 09:00",
            [Item(WORK, ("Brightline", f"{workshop_day:%Y%m%d}T090000"), uid=workshop.uid)],
        )
    )
    m.add_fact(
        Fact(
            "trip.dinner",
            f"In New York the user had dinner with {jack.fn} at Via Carota.",
            "event",
            f"Where did I have dinner with {jack.given} in New York?",
            "Via Carota",
            [Item(PERSONAL, ("Via Carota",), uid=dinner.uid)],
        )
    )
