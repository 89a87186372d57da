"""Machine-sent mail: newsletters (HTML only), receipts, bills with PDFs, notifications."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from html import escape as html_escape

from familiar.testing.person import mime
from familiar.testing.person.corpus import Corpus
from familiar.testing.person.mailkit import Mailer, nice_date
from familiar.testing.person.manifest import Fact, Item
from familiar.testing.person.pdf import pdf_bytes
from familiar.testing.person.world import World

NEWSLETTERS = [
    # sender, address, weekday, headline pool
    (
        "The Weekly Byte",
        "news@weeklybyte.example",
        0,
        [
            "Why your database is slower on Mondays",
            "A field guide to flaky tests",
            "Rust in the data pipeline: a year later",
            "The quiet return of SQLite",
            "Five ways to shrink a container image",
            "What we learned from 1,000 incident reviews",
            "Local models are getting good",
            "Stop writing cron jobs",
        ],
    ),
    (
        "Bird & Field",
        "letters@birdandfield.example",
        3,
        [
            "The grey heron's winter routine",
            "Where the spoonbills went",
            "Heron colonies in the city parks",
            "Listening for the first swifts",
            "A beginner's guide to wader ID",
            "Why herons stand so still",
            "Kingfisher season",
        ],
    ),
    (
        "Kitchen Notes",
        "hello@kitchennotes.example",
        5,
        [
            "Ten-minute miso greens",
            "A better lentil ragù",
            "Crispy tofu, three ways",
            "Summer salads without lettuce",
            "One-pot chickpea stew",
            "Baking with rye",
            "The weeknight dal",
        ],
    ),
    (
        "Rail & Road Deals",
        "deals@railroad.example",
        2,
        [
            "New York from EUR 399 this spring",
            "Night trains to Vienna are back",
            "Lisbon weekends from EUR 89",
            "Porto city breaks",
            "Alpine rail passes on sale",
            "Last-minute Copenhagen",
        ],
    ),
]
MONTHLY = [
    (
        "Smile Dental Clinic News",
        "news@smiledental.example",
        [
            "Spring cleaning special: book your hygienist cleaning",
            "Whitening myths",
            "Why flossing still matters",
            "Meet our new hygienist",
            "Kids' check-up week",
        ],
    ),
    (
        "Property Watch",
        "digest@propertywatch.example",
        [
            "Lease renewals: what landlords may ask",
            "Rents rose 6% this year",
            "Deposit rules explained",
            "How indexation works",
            "Tenant rights update",
        ],
    ),
]
SHOP_ITEMS = [
    ("Noise-cancelling headphones", 249.00),
    ("Running shoes", 129.95),
    ("Cast-iron pan 28 cm", 54.90),
    ("Desk lamp", 39.99),
    ("Rain jacket", 89.00),
    ("Yoga mat", 34.50),
    ("USB-C dock", 119.00),
    ("Houseplant: monstera", 27.95),
    ("Cat tree", 64.00),
    ("Coffee grinder", 79.00),
    ("Bike lights set", 24.99),
    ("Board game: Wingspan", 49.95),
    ("Linen bedsheets", 99.00),
    ("Electric kettle", 45.00),
    ("Hiking backpack 30 l", 110.00),
]


def _html_newsletter(title: str, sender: str, items: list[str], unsubscribe: str) -> str:
    lis = "".join(
        f'<li><a href="https://example.org/a/{i}">{html_escape(t)}</a></li>'
        for i, t in enumerate(items)
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html_escape(title)}'
        f'</title></head><body style="font-family:sans-serif"><h1>{html_escape(title)}</h1>'
        f"<p>This week from {html_escape(sender)}:</p><ul>{lis}</ul>"
        f'<p style="font-size:small">You receive this because you subscribed. '
        f'<a href="{unsubscribe}">Unsubscribe</a></p></body></html>'
    )


def newsletters(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """Weekly and monthly HTML-only newsletters, filed in the Newsletters folder."""
    rng = world.rng("newsletters")
    m = world.manifest
    heron_distractors: list[Item] = []
    linked: set[str] = set()
    for sender, addr, weekday, pool in NEWSLETTERS:
        for d in world.days():
            if d.weekday() != weekday:
                continue
            picks = rng.sample(pool, 3)
            body = _html_newsletter(picks[0], sender, picks, f"https://{addr.split('@')[1]}/u")
            sent = mailer.send(
                sender=(sender, addr),
                to=[mailer.me],
                subject=picks[0],
                when=datetime.combine(d, time(6, rng.randrange(60))),
                body=mime.text(body, "html"),
                folder="Newsletters",
                extra=[
                    ("List-Unsubscribe", f"<mailto:unsubscribe@{addr.split('@')[1]}>"),
                    ("List-Id", f"<{addr.split('@')[1]}>"),
                ],
            )
            # A bird newsletter about herons shares its word with the Heron project.
            if "heron" in picks[0].lower() and not heron_distractors:
                heron_distractors.append(sent.item(picks[0]))
    m.fact("work.heron.launch").distractors.extend(heron_distractors)
    for sender, addr, pool in MONTHLY:
        for month in range(12):
            d = world.start + timedelta(days=30 * month + 3)
            subject = pool[month % len(pool)]
            body = _html_newsletter(
                subject, sender, [subject, *rng.sample(pool, 2)], f"https://{addr.split('@')[1]}/u"
            )
            sent = mailer.send(
                sender=(sender, addr),
                to=[mailer.me],
                subject=subject,
                when=datetime.combine(d, time(7, 15)),
                body=mime.text(body, "html"),
                folder="Newsletters",
            )
            # Newsletters that share words with the dentist and lease facts (first one each).
            for word, fact_id in (
                ("cleaning", "dentist.cleaning.moved"),
                ("Lease renewals", "lease.thread"),
            ):
                if word in subject and fact_id not in linked:
                    linked.add(fact_id)
                    m.fact(fact_id).distractors.append(sent.item(word))


def bills(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """Monthly bills with PDF attachments; the last one of each is a fact."""
    rng = world.rng("bills")
    u = world.user
    m = world.manifest
    for company, addr, what, low, high in [
        ("Voltastroom Energy", "billing@voltastroom.example", "Electricity", 55, 120),
        ("Fibrenet", "billing@fibrenet.example", "Internet", 45, 45),
        ("Mobiq", "invoices@mobiq.example", "Mobile phone", 18, 31),
    ]:
        for month in range(1, 13):
            issued = (world.start.replace(day=1) + timedelta(days=32 * month)).replace(day=4)
            if issued >= world.anchor:
                break
            period_end = issued.replace(day=1) - timedelta(days=1)
            amount = f"{rng.uniform(low, high):.2f}" if low != high else f"{low:.2f}"
            number = f"{company[:3].upper()}-{issued:%Y%m}-{rng.randrange(1000, 9999)}"
            pdf = pdf_bytes(
                f"{company} invoice {number}",
                [
                    f"Customer: {u.name}, {u.street}, {u.postcode} {u.city}",
                    f"Invoice number: {number}",
                    f"Period: {period_end:%B %Y}",
                    f"{what}: EUR {amount}",
                    f"Total due: EUR {amount}",
                    f"Direct debit on {issued + timedelta(days=10):%d %B %Y}",
                ],
            )
            sent = mailer.send(
                sender=(company, addr),
                to=[mailer.me],
                subject=f"Your {what.lower()} invoice for {period_end:%B %Y}",
                when=datetime.combine(issued, time(5, 40)),
                body=mime.multipart(
                    "mixed",
                    mime.text(
                        f"Dear {u.given} {u.family},\n\nYour invoice {number} for "
                        f"{period_end:%B %Y} is attached. Amount: EUR {amount}, collected by "
                        f"direct debit.\n\n{company}\n"
                    ),
                    mime.attachment(pdf, "application/pdf", f"invoice-{number}.pdf"),
                ),
            )
            m.add_fact(
                Fact(
                    f"bill.{what.split()[0].lower()}.{period_end:%Y-%m}",
                    f"The {what.lower()} bill for {period_end:%B %Y} was EUR {amount}.",
                    "purchase",
                    f"How much was my {what.lower()} bill for {period_end:%B %Y}?",
                    f"EUR {amount}",
                    [sent.item(f"EUR {amount}", f"{period_end:%B %Y}")],
                )
            )


def orders(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """Online orders: confirmation then shipping, each order a fact."""
    rng = world.rng("orders")
    m = world.manifest
    items = list(SHOP_ITEMS)
    rng.shuffle(items)
    for i, (item, price) in enumerate(items):
        d = world.start + timedelta(days=rng.randrange(5, 355))
        number = f"BX-{rng.randrange(100000, 999999)}"
        shop = ("Boxly", "orders@boxly.example")
        conf = mailer.send(
            sender=shop,
            to=[mailer.me],
            subject=f"Order {number} confirmed",
            when=datetime.combine(d, time(rng.randrange(8, 23), rng.randrange(60))),
            body=mime.multipart(
                "alternative",
                mime.text(
                    f"Thanks for your order!\n\nOrder: {number}\nItem: {item}\nPrice: EUR "
                    f"{price:.2f}\nExpected delivery: {nice_date(d + timedelta(days=2))}\n"
                ),
                mime.text(
                    f"<html><body><h2>Thanks for your order!</h2><table><tr><td>Order"
                    f"</td><td>{number}</td></tr><tr><td>{html_escape(item)}</td><td>EUR "
                    f"{price:.2f}</td></tr></table></body></html>",
                    "html",
                ),
            ),
        )
        mailer.send(
            sender=shop,
            to=[mailer.me],
            subject=f"Order {number} has shipped",
            when=datetime.combine(d + timedelta(days=1), time(14, rng.randrange(60))),
            body=f"Good news: order {number} ({item}) is on its way. Track it with "
            f"code PK{rng.randrange(10**9, 10**10)}.\n",
        )
        m.add_fact(
            Fact(
                f"purchase.order-{i:02d}",
                f"On {d.isoformat()} the user ordered "
                f"{item} from Boxly for EUR {price:.2f} (order {number}).",
                "purchase",
                f"When did I buy the {item.lower()}?",
                d.isoformat(),
                [conf.item(number, item, f"EUR {price:.2f}")],
            )
        )


def notifications(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """Code review, card payments, groceries, rides: the bulk of a real inbox."""
    rng = world.rng("notifications")
    u = world.user
    repo = f"{u.employer.split()[0].lower()}/heron"
    colleagues = world.group("colleague")
    shops = [
        "Albert's Market",
        "Bakkerij Bloem",
        "Corner Pharmacy",
        "Cinema Lux",
        "Tasca Lusitana",
        "Little Kyoto",
        "Bookshop Paper Moon",
        "Station kiosk",
        "Ironworks Gym",
    ]
    for d in world.days():
        weekday = d.weekday()
        if weekday < 5:
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                who = rng.choice(colleagues)
                pr = rng.randrange(100, 2400)
                verb = rng.choice(
                    ["requested your review on", "commented on", "approved", "merged"]
                )
                title = rng.choice(
                    [
                        "Fix flaky onboarding test",
                        "Add backfill job",
                        "Bump dependencies",
                        "Speed up events query",
                        "Remove old feature flag",
                        "Add retry to webhook sender",
                    ]
                )
                mailer.send(
                    sender=(who.latin_name or who.fn, "notifications@codehost.example"),
                    to=[mailer.me_work],
                    subject=f"[{repo}] {title} (PR #{pr})",
                    when=datetime.combine(d, time(rng.randrange(9, 19), rng.randrange(60))),
                    body=f"{who.latin_name or who.fn} {verb} pull request #{pr}: "
                    f"{title}\n\nView it on CodeHost: https://codehost.example/{repo}/"
                    f"pull/{pr}\n",
                    extra=[("X-Mailer", "CodeHost")],
                )
        if rng.random() < 0.2:
            shop = rng.choice(shops)
            amount = f"{rng.uniform(3, 80):.2f}"
            mailer.send(
                sender=("Kestrel Bank", "alerts@kestrelbank.example"),
                to=[mailer.me],
                subject="Card payment",
                when=datetime.combine(d, time(rng.randrange(8, 22), rng.randrange(60))),
                body=f"A payment of EUR {amount} to {shop} was made with your card "
                "ending 2291.\nNot you? Call us immediately.\n",
            )
        if weekday == 4 and rng.random() < 0.8:
            total = f"{rng.uniform(38, 96):.2f}"
            mailer.send(
                sender=("Picnic Groceries", "receipts@picnic-groceries.example"),
                to=[mailer.me],
                subject=f"Your receipt for {nice_date(d)}",
                when=datetime.combine(d, time(18, rng.randrange(60))),
                body=mime.multipart(
                    "alternative",
                    mime.text(
                        f"Delivered today. Total: EUR {total}.\nTofu, oat milk, spinach, "
                        "tomatoes, bread, coffee beans, cat food.\n"
                    ),
                    mime.text(f"<p>Delivered today. <b>Total: EUR {total}</b></p>", "html"),
                ),
            )
        if rng.random() < 0.07:
            fare = f"{rng.uniform(9, 34):.2f}"
            mailer.send(
                sender=("Zoom Rides", "receipts@zoomrides.example"),
                to=[mailer.me],
                subject=f"Your ride on {nice_date(d)}",
                when=datetime.combine(d, time(rng.choice([7, 19, 23]), rng.randrange(60))),
                body=f"Thanks for riding. Fare: EUR {fare}. Driver: "
                f"{rng.choice(['Youssef', 'Marek', 'Ilona', 'Dirk'])}.\n",
            )
        if d.day == 1:
            mailer.send(
                sender=("Kestrel Bank", "statements@kestrelbank.example"),
                to=[mailer.me],
                subject=f"Your statement for {(d - timedelta(days=1)):%B %Y} is ready",
                when=datetime.combine(d, time(4, 0)),
                body="Your monthly statement is available in the app.\n",
            )


def mbox_archive(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """A mailing-list archive kept as one mbox file."""
    rng = world.rng("mbox")
    club = [world.person(f"other-{i:02d}") for i in (5, 6)] + world.group("friend")[5:9]
    topics = [
        "Sunday long run route",
        "Race registration opens",
        "New club shirts",
        "Track session moved",
        "Injury tips?",
        "Post-run breakfast spot",
        "From the archive: 2019 relay photos",
        "Marathon training plan",
    ]
    list_addr = ("Running Club", "runners@lists.runclub.example")
    race_day = weekday_on_or_after_sunday(world.day(-70))
    for _ in range(64):
        d = world.start + timedelta(days=rng.randrange(0, 360))
        who = rng.choice(club)
        topic = rng.choice(topics)
        body = (
            f"{rng.choice(['Hi all', 'Hey runners', 'Morning'])},\n\n"
            f"{_club_line(rng, topic)}\n"
            "From now on we meet at the north gate.\n\n" + who.given + "\n"
        )
        mailer.send(
            sender=mailer.who(who),
            to=[list_addr],
            subject=f"[runclub] {topic}",
            when=datetime.combine(d, time(rng.randrange(6, 22), rng.randrange(60))),
            body=body,
            folder="mbox",
            extra=[("List-Id", "<runners.lists.runclub.example>")],
        )
    race = mailer.send(
        sender=mailer.who(club[0]),
        to=[list_addr],
        subject="[runclub] City 10K: bib pickup",
        folder="mbox",
        when=datetime.combine(race_day - timedelta(days=5), time(20, 0)),
        body=f"Hi all,\n\nBib pickup for the City 10K is on Friday at the "
        f"Sports Hall, 16:00-20:00. Race starts Sunday {nice_date(race_day)} at "
        "10:00 sharp.\n\n" + club[0].given + "\n",
    )
    world.manifest.add_fact(
        Fact(
            "runclub.10k",
            f"The City 10K was on {race_day.isoformat()} at 10:00; bibs were picked "
            "up on the Friday before at the Sports Hall.",
            "event",
            "When was the City 10K?",
            f"{nice_date(race_day)} at 10:00",
            [Item(race.path, ("City 10K", nice_date(race_day)), message_id=race.message_id)],
        )
    )


def weekday_on_or_after_sunday(d: date) -> date:
    """The Sunday on or after `d`."""
    return d + timedelta(days=(6 - d.weekday()) % 7)


def _club_line(rng: random.Random, topic: str) -> str:
    lines = {
        "Sunday long run route": "This Sunday we do the river loop, 18 km, easy pace.",
        "Race registration opens": "Registration for the City 10K is open until the end of "
        "the month.",
        "New club shirts": "The new shirts are in. EUR 25, sizes S-XL.",
        "Track session moved": "Tuesday's track session moves to Wednesday, same time.",
        "Injury tips?": "Anyone know a good physio for a grumpy Achilles?",
        "Post-run breakfast spot": "Café Oost opens at 8 now, shall we go after the run?",
        "From the archive: 2019 relay photos": "Found the relay photos from 2019, link below.",
        "Marathon training plan": "I've shared a 16-week plan for the autumn marathon.",
    }
    return lines[topic] + rng.choice(["", " Questions welcome.", " See you there!"])
