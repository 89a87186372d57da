"""Storylines of home life that span formats: the dentist, the lease, family news."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from familiar.testing.person import mime
from familiar.testing.person.corpus import Corpus
from familiar.testing.person.events import PERSONAL
from familiar.testing.person.ical import Event, calendar_bytes
from familiar.testing.person.mailkit import Mailer, Thread, nice_date
from familiar.testing.person.manifest import Fact, Item
from familiar.testing.person.markdown import note_bytes
from familiar.testing.person.pdf import pdf_bytes
from familiar.testing.person.world import World, weekday_on_or_after


def _weekday_after(world: World, offset: int) -> date:
    d = world.day(offset)
    return d if d.weekday() < 5 else weekday_on_or_after(d, 0)


def dentist(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """A cleaning booked, then moved by the clinic: the calendar keeps only the new time."""
    m = world.manifest
    doc = world.person("dentist")
    clinic = doc.org or ""
    tz = world.zone.name
    first = datetime.combine(_weekday_after(world, 10), time(14, 0))
    moved = datetime.combine(_weekday_after(world, 15), time(9, 30))
    uid = f"dental-cleaning-{world.seed}@smiledental.example"
    where = f"{clinic}, {doc.street}, {doc.city}"

    def invite(start: datetime, seq: int) -> bytes:
        ev = Event(
            uid,
            f"Dental cleaning at {clinic}",
            start,
            start + timedelta(minutes=45),
            tzid=tz,
            location=where,
            sequence=seq,
            organizer=(clinic, doc.email),
            attendees=[(world.user.name, world.user.email, "ACCEPTED")],
        )
        return calendar_bytes(clinic, [ev], method="REQUEST")

    def body(text: str, start: datetime, seq: int) -> mime.Part:
        return mime.multipart("mixed", mime.text(text), mime.calendar(invite(start, seq)))

    u = world.user
    ok = mailer.send(
        sender=(clinic, doc.email),
        to=[mailer.me],
        subject=f"Appointment confirmation: dental cleaning on {nice_date(first.date())}",
        when=datetime.combine(world.day(-40), time(11, 12)),
        body=body(
            f"Dear {u.given} {u.family},\n\nThis confirms your dental cleaning (hygienist) "
            f"on {nice_date(first.date())} at {first:%H:%M} with {doc.fn}.\n"
            f"Address: {where}.\n\nPlease arrive 10 minutes early. If you need to "
            f"change the time, call us on {doc.phone}.\n\nKind regards,\n{clinic}\n",
            first,
            0,
        ),
    )
    moved_mail = mailer.send(
        sender=(clinic, doc.email),
        to=[mailer.me],
        subject="Your appointment has been moved",
        when=datetime.combine(world.day(-6), time(16, 40)),
        body=body(
            f"Dear {u.given},\n\nUnfortunately {doc.fn} is unavailable on "
            f"{nice_date(first.date())}. We have moved your cleaning to "
            f"{nice_date(moved.date())} at {moved:%H:%M}.\nThe updated invitation is "
            "attached. Reply to this mail if the new time does not suit you.\n\n"
            f"Kind regards,\n{clinic}\n",
            moved,
            1,
        ),
    )
    event = corpus.event(
        PERSONAL,
        "Personal",
        Event(
            uid,
            f"Dental cleaning at {clinic}",
            moved,
            moved + timedelta(minutes=45),
            tzid=tz,
            location=where,
            sequence=1,
            organizer=(clinic, doc.email),
            alarm_minutes=120,
        ),
    )
    checkup_day = _weekday_after(world, -170)
    checkup = corpus.event(
        PERSONAL,
        "Personal",
        Event(
            f"dental-checkup-{world.seed}@smiledental.example",
            f"Dental check-up at {clinic}",
            datetime.combine(checkup_day, time(10)),
            datetime.combine(checkup_day, time(10, 30)),
            tzid=tz,
            location=where,
        ),
    )
    first_s = f"{nice_date(first.date())} at {first:%H:%M}"
    moved_s = f"{nice_date(moved.date())} at {moved:%H:%M}"
    m.add_fact(
        Fact(
            "dentist.cleaning.booked",
            f"The dental cleaning at {clinic} was booked for {first_s}.",
            "appointment",
            "When was the dental cleaning first booked for?",
            first_s,
            [ok.item(nice_date(first.date()), f"{first:%H:%M}")],
        )
    )
    m.add_fact(
        Fact(
            "dentist.cleaning.moved",
            f"The dentist moved the cleaning to {moved_s}.",
            "appointment",
            "When is my dental cleaning?",
            moved_s,
            [
                moved_mail.item(nice_date(moved.date()), f"{moved:%H:%M}"),
                Item(PERSONAL, (event.summary, f"{moved:%Y%m%dT%H%M%S}"), uid=uid),
            ],
            supersedes="dentist.cleaning.booked",
            distractors=[Item(PERSONAL, (checkup.summary,), uid=checkup.uid)],
        )
    )


def lease(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """The lease renewal negotiated with the landlord, ending in a signed PDF."""
    rng = world.rng("lease")
    m = world.manifest
    u = world.user
    sam = world.person("landlord")
    friend_sam = world.person("friend-sam")
    plumber = world.person("plumber")
    old_rent = rng.randrange(1350, 1700, 25)
    proposed = old_rent + rng.choice([75, 100, 125])
    agreed = proposed - 50
    deposit = old_rent * 2
    world.shared["old_rent"] = old_rent
    ends = world.day(29)
    new_start = ends + timedelta(days=1)
    new_end = date(new_start.year + 2, new_start.month, new_start.day) - timedelta(days=1)
    plumber_day = _weekday_after(world, -63)
    iban_tail = f"{rng.randrange(1000, 9999)}"
    t = Thread(f"Lease renewal {u.street}")
    me = mailer.me
    landlord = mailer.who(sam)

    def at(offset: int, h: int, mi: int) -> datetime:
        return datetime.combine(world.day(offset), time(h, mi))

    m1 = mailer.send(
        sender=landlord,
        to=[me],
        subject=t.subject,
        when=at(-75, 9, 5),
        thread=t,
        body=f"Hi {u.given},\n\nYour lease for {u.street} ends on {nice_date(ends)} "
        f"{ends.year}. I'd be glad to renew for another 12 months. With the yearly "
        f"indexation the new rent would be EUR {proposed} per month (now EUR "
        f"{old_rent}), starting {nice_date(new_start)}.\n\nLet me know what you "
        f"think.\n\nBest,\nSam\n{sam.fn}\n{sam.phone}\n",
    )
    m2 = mailer.send(
        sender=me,
        to=[landlord],
        subject=t.subject,
        when=at(-73, 21, 40),
        thread=t,
        body=f"Hi Sam,\n\nThanks for the offer, I'd like to stay. Two things before "
        "I sign: the dishwasher has been leaking for a few weeks, could someone "
        f"look at it? And would you accept EUR {agreed} if I sign for two years "
        f"instead of one?\n\nThanks,\n{u.given}\n",
    )
    m3 = mailer.send(
        sender=landlord,
        to=[me],
        subject=t.subject,
        when=at(-68, 8, 30),
        thread=t,
        body=f"Hi {u.given},\n\nFair enough: two years at EUR {agreed} a month "
        f"works for me. {plumber.fn} from {plumber.org} will come for the "
        f"dishwasher on {nice_date(plumber_day)} between 8 and 10.\n\nSam\n",
    )
    contract = pdf_bytes(
        f"Lease renewal agreement - {u.street}",
        [
            f"Landlord: {sam.fn}, {sam.org}",
            f"Tenant: {u.name}",
            f"Property: {u.street}, {u.postcode} {u.city}",
            f"Term: {new_start:%d %B %Y} to {new_end:%d %B %Y} (24 months)",
            f"Monthly rent: EUR {agreed}.00, due on the 1st of each month",
            f"Deposit: EUR {deposit}.00 (unchanged)",
            f"Payment to account ending {iban_tail}",
            "Notice period: two months, in writing.",
            "Signed electronically by both parties.",
        ],
    )
    doc_path = corpus.file(f"documents/home/lease-renewal-{new_start.year}.pdf", contract, "pdf")
    m4 = mailer.send(
        sender=landlord,
        to=[me],
        subject=t.subject,
        when=at(-60, 17, 2),
        thread=t,
        body=mime.multipart(
            "mixed",
            mime.text(
                f"Hi {u.given},\n\nAttached is the renewal contract as agreed. "
                "Please sign and send it back when you can.\n\nSam\n"
            ),
            mime.attachment(contract, "application/pdf", f"lease-renewal-{new_start.year}.pdf"),
        ),
    )
    m5 = mailer.send(
        sender=me,
        to=[landlord],
        subject=t.subject,
        when=at(-55, 19, 15),
        thread=t,
        body=f"Hi Sam,\n\nSigned it electronically just now. The deposit stays at "
        f"EUR {deposit}, right?\n\n{u.given}\n",
    )
    m6 = mailer.send(
        sender=landlord,
        to=[me],
        subject=t.subject,
        when=at(-54, 10, 1),
        thread=t,
        body=f"Yes, the deposit of EUR {deposit} stays as it is. Thanks!\n\nSam\n",
    )
    m7 = mailer.send(
        sender=me,
        to=[landlord],
        subject=t.subject,
        when=at(-20, 12, 48),
        thread=t,
        body=f"Hi Sam,\n\nQuick one about the lease: from {nice_date(new_start)} "
        f"the rent goes to the account ending {iban_tail}, as in the contract? "
        f"I'll update my standing order.\n\n{u.given}\n",
    )
    mailer.send(
        sender=landlord,
        to=[me],
        subject=t.subject,
        when=at(-19, 7, 55),
        thread=t,
        body=f"Correct, the account ending {iban_tail}. Have a good week!\n\nSam\n",
    )
    corpus.event(
        PERSONAL,
        "Personal",
        Event(
            f"plumber-dishwasher-{world.seed}@familiar.test",
            "Plumber: dishwasher repair",
            datetime.combine(plumber_day, time(8)),
            datetime.combine(plumber_day, time(10)),
            tzid=world.zone.name,
            location=u.street,
        ),
    )
    ft = Thread("Flat hunting, ugh")
    distractor = mailer.send(
        sender=mailer.who(friend_sam),
        to=[me],
        subject=ft.subject,
        when=at(-30, 20, 12),
        thread=ft,
        body=f"Hey {u.given}!\n\nMy lease ends in August and my landlord wants 15% "
        "more rent, so I'm flat hunting again. Any tips for your neighbourhood? Does your "
        "landlord have anything free?\n\nSam x\n",
    )
    mailer.send(
        sender=me,
        to=[mailer.who(friend_sam)],
        subject=ft.subject,
        when=at(-29, 8, 3),
        thread=ft,
        body="Oh no! I'll ask around. Coffee on Saturday to look at listings "
        f"together?\n\n{u.given}\n",
    )
    thread_items = [s.item("Lease renewal") for s in t.messages]
    m.add_fact(
        Fact(
            "lease.thread",
            f"The lease renewal thread with the landlord {sam.fn} (Sam) about {u.street}.",
            "thread",
            "Find the lease renewal thread with my landlord.",
            t.subject,
            thread_items,
            distractors=[distractor.item("lease")],
        )
    )
    m.add_fact(
        Fact(
            "lease.rent.proposed",
            f"The landlord first proposed a rent of EUR {proposed} per month.",
            "home",
            "What rent did the landlord first propose?",
            f"EUR {proposed}",
            [m1.item(f"EUR {proposed}")],
        )
    )
    m.add_fact(
        Fact(
            "lease.rent.agreed",
            f"The new rent is EUR {agreed} per month from {new_start.isoformat()}, for two years.",
            "home",
            "How much is my rent from the new lease?",
            f"EUR {agreed}",
            [m3.item(f"EUR {agreed}"), Item(doc_path, (f"EUR {agreed}.00",))],
            supersedes="lease.rent.proposed",
        )
    )
    m.add_fact(
        Fact(
            "lease.term",
            f"The renewed lease runs from {new_start.isoformat()} to {new_end.isoformat()}.",
            "home",
            "Until when does my lease run?",
            f"{new_end:%d %B %Y}",
            [Item(doc_path, (f"{new_end:%d %B %Y}",))],
        )
    )
    m.add_fact(
        Fact(
            "lease.deposit",
            f"The deposit stays at EUR {deposit}.",
            "home",
            "How much is my rental deposit?",
            f"EUR {deposit}",
            [m6.item(f"EUR {deposit}"), Item(doc_path, (f"EUR {deposit}.00",))],
        )
    )
    m.add_fact(
        Fact(
            "lease.last-email",
            f"The last email the user sent Sam (the landlord) about "
            f"the lease was on {m7.when.date().isoformat()}.",
            "thread",
            "When did I last email Sam about the lease?",
            m7.when.date().isoformat(),
            [m7.item("lease", f"account ending {iban_tail}")],
            distractors=[m5.item("Signed"), m2.item("dishwasher")],
        )
    )
    m.add_fact(
        Fact(
            "lease.plumber",
            f"The plumber came for the dishwasher on {plumber_day.isoformat()} between 8 and 10.",
            "home",
            "When did the plumber come for the dishwasher?",
            nice_date(plumber_day),
            [m3.item(nice_date(plumber_day), "dishwasher")],
        )
    )
    _ = m4


def family_news(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """The sister's new number, a friend's move, the mother's birthday lunch."""
    rng = world.rng("family")
    m = world.manifest
    u = world.user
    sis = world.person("sister")
    me = mailer.me
    digits = "9" + "".join(str(rng.randrange(10)) for _ in range(8))
    new_phone = f"+351 {digits[:3]} {digits[3:6]} {digits[6:]}"
    compact = new_phone.replace(" ", "")
    t = Thread("Número novo")
    news = mailer.send(
        sender=mailer.who(sis),
        to=[me],
        subject=t.subject,
        thread=t,
        when=datetime.combine(world.day(-95), time(21, 14)),
        body=f"Olá {u.given}!\n\nMudei de operadora: o meu número novo é {new_phone}. O "
        f"antigo ({sis.phone}) deixa de funcionar no fim do mês. Guarda este!\n\n"
        f"Beijinhos,\n{sis.given}\n",
    )
    mailer.send(
        sender=me,
        to=[mailer.who(sis)],
        subject=t.subject,
        thread=t,
        when=datetime.combine(world.day(-95), time(22, 3)),
        body="Guardado! Beijinhos e até domingo.\n",
    )
    niece = world.person("niece")
    bil = world.person("brother-in-law")
    note_path = corpus.file(
        f"notes/People/{sis.given} {sis.family}.md",
        note_bytes(
            {
                "aliases": sis.aliases,
                "tags": ["people", "family"],
                "created": world.start.isoformat(),
            },
            f"# {sis.given} {sis.family}\n\nMy sister. Lives in {sis.city} with "
            f"[[{bil.given}]] and "
            f"their daughter [[{niece.given}]].\n\n- Phone (new since {world.day(-95):%B %Y}): "
            f"{compact}\n- Birthday: {sis.birthday:%d %B}\n- Likes: hiking, bossa nova, "
            f"dark chocolate\n\n#family\n",
        ),
        "markdown",
    )
    m.add_fact(
        Fact(
            "contact.sister.phone.new",
            f"{sis.given} {sis.family} (sister) has a new "
            f"phone number: {new_phone}; the old one stopped working.",
            "contact",
            f"What is my sister {sis.given}'s phone number?",
            new_phone,
            [news.item(new_phone), Item(note_path, (compact,))],
            supersedes="contact.sister.phone",
        )
    )
    city_fact = m.fact("contact.sister.city")
    city_fact.items.append(Item(note_path, (f"Lives in {sis.city}",)))

    hugo = world.person("friend-04")
    moved_to = "Lisbon" if hugo.city != "Lisbon" else "Braga"
    ht = Thread("New address!")
    hugo_mail = mailer.send(
        sender=mailer.who(hugo),
        to=[me, mailer.who(world.person("friend-03"))],
        subject=ht.subject,
        thread=ht,
        when=datetime.combine(world.day(-140), time(18, 30)),
        body=f"Hi all,\n\nAfter six years in {hugo.city} we finally moved to {moved_to}! New "
        f"address: Rua das Flores 27, 2.º esq., {moved_to}. Housewarming soon, dates to follow."
        f"\n\nAbraço,\n{hugo.given}\n",
    )
    m.add_fact(
        Fact(
            "contact.friend-04.city.new",
            f"{hugo.fn} moved from {hugo.city} to {moved_to}.",
            "contact",
            f"Where does {hugo.fn} live now?",
            moved_to,
            [hugo_mail.item(f"moved to {moved_to}", "Rua das Flores 27")],
            supersedes="contact.friend-04.city",
        )
    )

    mother = world.person("mother")
    assert mother.birthday is not None
    # The latest lunch whose planning mails (24 to 21 days before) all fall in the history;
    # it may still be ahead. Saturday on or before the birthday; 29 February becomes the 28th.
    lunches = []
    for year in range(world.anchor.year - 1, world.anchor.year + 2):
        bday = date(
            year,
            mother.birthday.month,
            min(mother.birthday.day, 28) if mother.birthday.month == 2 else mother.birthday.day,
        )
        lunch = bday - timedelta(days=(bday.weekday() - 5) % 7)
        if lunch - timedelta(days=24) >= world.start and lunch - timedelta(days=20) < world.anchor:
            lunches.append(lunch)
    lunch_day = max(lunches)
    restaurant = rng.choice(["O Lavrador", "Casa da Tia Rosa", "Adega do Largo"])
    lt = Thread("Almoço de anos da mãe")
    mailer.send(
        sender=mailer.who(sis),
        to=[me],
        subject=lt.subject,
        thread=lt,
        when=datetime.combine(lunch_day - timedelta(days=24), time(13, 2)),
        body=f"Olá!\n\nPara os anos da mãe pensei num almoço no {restaurant}, em "
        f"{mother.city}, no sábado {lunch_day.day} de "
        f"{_PT_MONTHS[lunch_day.month - 1]}. Consegues vir?\n\n{sis.given}\n",
    )
    mailer.send(
        sender=me,
        to=[mailer.who(sis)],
        subject=lt.subject,
        thread=lt,
        when=datetime.combine(lunch_day - timedelta(days=23), time(8, 40)),
        body=f"Claro! Reserva para todos. Lembra-te que sou {_PT_DIET[u.diet]}.\n"
        "Eu trago o bolo.\n",
    )
    confirm = mailer.send(
        sender=mailer.who(sis),
        to=[me],
        subject=lt.subject,
        thread=lt,
        when=datetime.combine(lunch_day - timedelta(days=21), time(19, 45)),
        body=f"Reservado: mesa para 7 às 13h00 no {restaurant}. Já avisei que há uma pessoa "
        f"{_PT_DIET[u.diet]}.\n\nBeijinhos\n",
    )
    ev = corpus.event(
        PERSONAL,
        "Personal",
        Event(
            f"mother-birthday-lunch-{world.seed}@familiar.test",
            f"Almoço de anos da {mother.nickname} ({restaurant})",
            datetime.combine(lunch_day, time(13)),
            datetime.combine(lunch_day, time(16)),
            tzid="Europe/Lisbon",
            location=f"{restaurant}, {mother.city}",
        ),
    )
    m.add_fact(
        Fact(
            "family.mother-birthday-lunch",
            f"The birthday lunch for the user's mother "
            f"is booked at {restaurant} in {mother.city} on {lunch_day.isoformat()} at 13:00.",
            "event",
            "Where is Mum's birthday lunch booked?",
            f"{restaurant}, {mother.city}",
            [confirm.item(restaurant, "13h00"), Item(PERSONAL, (restaurant,), uid=ev.uid)],
        )
    )


_PT_MONTHS = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
]
_PT_DIET = {"vegetarian": "vegetariano(a)", "pescatarian": "pescetariano(a)", "vegan": "vegan"}


def series_changes(world: World, corpus: Corpus, mailer: Mailer, series: dict[str, Event]) -> None:
    """Exceptions to recurring series: a cancelled class and a moved book club."""
    m = world.manifest
    u = world.user
    tz = world.zone.name
    yoga = series["yoga"]
    studio = world.person("yoga")
    closed = weekday_on_or_after(world.day(-48), 1)
    yoga.exdates.append(datetime.combine(closed, time(19)))
    notice = mailer.send(
        sender=(studio.org or "", studio.email),
        to=[mailer.me],
        subject=f"No classes on {nice_date(closed)}",
        when=datetime.combine(closed - timedelta(days=9), time(10, 0)),
        body=f"Dear yogis,\n\nThe studio is closed on {nice_date(closed)} while the floor is "
        f"being refinished. Classes resume the following week as usual.\n\nNamaste,\n"
        f"{studio.given}\n{studio.org}\n",
    )
    m.add_fact(
        Fact(
            "yoga.closed",
            f"There was no yoga class on {closed.isoformat()} (studio floor refinished).",
            "event",
            f"Was there yoga on {nice_date(closed)}?",
            "No, the studio was closed",
            [
                notice.item(nice_date(closed)),
                Item(PERSONAL, (f"EXDATE;TZID={tz}:{closed:%Y%m%d}T190000",), uid=yoga.uid),
            ],
        )
    )

    club = series["book-club"]
    lena = world.person("other-08")
    month_first = world.day(-80).replace(day=1)
    original = weekday_on_or_after(month_first, 3)
    new_day = original - timedelta(days=1)
    book = "Klara and the Sun"
    override = corpus.event(
        PERSONAL,
        "Personal",
        Event(
            club.uid,
            "Book club (moved to Wednesday)",
            datetime.combine(new_day, time(19, 30)),
            datetime.combine(new_day, time(21, 30)),
            tzid=tz,
            location="Marco's place",
            recurrence_id=datetime.combine(original, time(19, 30)),
            sequence=1,
        ),
    )
    mail = mailer.send(
        sender=mailer.who(lena),
        to=[mailer.me],
        subject=f"Book club moves to Wednesday {new_day.day} {new_day:%B}",
        when=datetime.combine(original - timedelta(days=12), time(20, 5)),
        body=f"Hi all,\n\nI'm away that Thursday, so this month we meet on {nice_date(new_day)} "
        f"at 19:30, at Marco's place instead of mine. We're discussing '{book}'.\n\nLena\n",
    )
    m.add_fact(
        Fact(
            "bookclub.moved",
            f"The book club of {original:%B %Y} moved from Thursday "
            f"{original.isoformat()} to Wednesday {new_day.isoformat()} at Marco's place.",
            "event",
            f"When was book club in {original:%B %Y}?",
            f"{nice_date(new_day)} at 19:30",
            [
                mail.item(nice_date(new_day), "Marco's place"),
                Item(
                    PERSONAL,
                    ("Marco's place", f"{new_day:%Y%m%d}T193000"),
                    uid=club.uid,
                    recurrence_id=override.recurrence_id_text,
                ),
            ],
        )
    )
    _ = u
