"""Mail written by people: work threads, friends, family (some in latin-1), Japanese mail."""

from __future__ import annotations

import unicodedata
from datetime import datetime, time, timedelta

from familiar.testing.person import mime
from familiar.testing.person.corpus import Corpus
from familiar.testing.person.events import PROJECTS, RESTAURANTS
from familiar.testing.person.mailkit import Mailer, Thread, nice_date
from familiar.testing.person.manifest import Fact
from familiar.testing.person.world import World
from familiar.testing.person.zones import ZONES

# Each template: subject, then message bodies alternating other -> user -> other ...
# Slots: {me} user's first name, {them} the colleague, {p} project, {d} a date, {n} a number.
WORK_THREADS = [
    (
        "{p}: numbers for the review",
        [
            "Hi {me}, could you pull the weekly active numbers for {p} before {d}? The review "
            "deck needs them.",
            "Sure, I'll have them by {d} noon. Do you want the split by country too?",
            "Yes please, top 5 countries is enough. Thanks!",
        ],
    ),
    (
        "Flaky test in {p} CI",
        [
            "The onboarding integration test failed {n} times this week. Is it the clock thing "
            "again?",
            "Looks like it: the fixture uses the real time. I'll freeze it.",
            "Great, ping me for the review.",
        ],
    ),
    (
        "Can we swap on-call?",
        [
            "Hi {me}, any chance we could swap on-call weeks? I'm away around {d}.",
            "Works for me, I'll take yours and you take the one after.",
            "Deal, updating the rota.",
        ],
    ),
    (
        "{p} retro notes",
        [
            "Notes from today's retro are in the doc. Action items: faster reviews, fewer "
            "meetings on Wednesdays, and a runbook for the backfill.",
            "Thanks! I'll own the runbook, draft by {d}.",
        ],
    ),
    (
        "Lunch talk on {d}?",
        [
            "Would you give a 20-minute lunch talk on the {p} data pipeline on {d}?",
            "Happy to. I'll keep it light: architecture, two war stories, questions.",
            "Perfect, I've booked the kitchen corner.",
        ],
    ),
    (
        "Expense report",
        [
            "Hi {me}, finance asks for the receipt for the EUR {n} taxi on your last trip.",
            "Attached it in the expense tool just now.",
            "Got it, approved.",
        ],
    ),
    (
        "Interview feedback: backend candidate",
        [
            "Please add your feedback for the candidate from {d} in the hiring tool today.",
            "Done: strong on systems design, weaker on testing. Lean hire.",
        ],
    ),
    (
        "{p} dashboard looks off",
        [
            "The {p} dashboard shows {n}% more sign-ups than the database. Any idea?",
            "Duplicate events from the mobile client. I'll dedupe in the model.",
            "Thanks, that explains the spike on {d}.",
        ],
    ),
    (
        "Quick question about the {p} schema",
        [
            "Is user_id in the events table nullable on purpose?",
            "Yes, for anonymous sessions before sign-up. I'll document it.",
            "Makes sense, thanks.",
        ],
    ),
    (
        "Offsite ideas",
        [
            "We're collecting ideas for the next offsite. Vote in the doc by {d}!",
            "Voted: boat trip or the climbing hall, please.",
        ],
    ),
]
FRIEND_THREADS = [
    (
        "Dinner next week?",
        [
            "Hey {me}! Dinner next week? I'm free {d}. {r}?",
            "Yes! {d} works. I'll book {r} for 19:30.",
            "Perfect, see you there.",
        ],
    ),
    (
        "Book recommendation",
        [
            "Finished the book you lent me. Loved it! Got anything else?",
            "Try 'The Overstory'. Long, but worth it.",
            "Adding it to my list.",
        ],
    ),
    (
        "Photos from the weekend",
        [
            "Here are the photos from Saturday, the sunset ones came out great.",
            "These are lovely, thanks for sharing!",
        ],
    ),
    (
        "Concert tickets",
        [
            "Got two tickets for the concert on {d}, want to come?",
            "Absolutely. How much do I owe you?",
            "EUR {n}, no rush.",
        ],
    ),
    (
        "Help moving?",
        [
            "Could you help me move a sofa on {d}? Pizza and beer included.",
            "Sure, I'll be there at 10.",
        ],
    ),
    (
        "Hiking trip",
        [
            "Thinking of a hiking weekend around {d}. In?",
            "In! Let's keep it under 20 km a day.",
            "Agreed. I'll look at huts.",
        ],
    ),
]
FAMILY_THREADS = [
    (
        "Domingo",
        [
            "Olá! Ligas no domingo? A avó quer falar contigo.",
            "Ligo às 18h como sempre.",
            "Está bem, beijinhos.",
        ],
    ),
    (
        "Fotografias",
        ["Mandei as fotografias do jantar. A {niece} cresceu tanto!", "Que lindas! Obrigado(a)."],
    ),
    (
        "Natal",
        [
            "Este ano o Natal é cá em casa. Vens no dia 23?",
            "Sim, chego dia 23 à tarde.",
            "Ótimo, vou fazer bacalhau.",
        ],
    ),
    (
        "Receita do arroz doce",
        [
            "Aqui vai a receita do arroz doce que pediste: arroz, leite, "
            "açúcar, casca de limão e canela.",
            "Obrigado(a)! Vou fazer este fim de semana.",
        ],
    ),
]


def work_threads(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """Conversations with colleagues on the work address."""
    rng = world.rng("work-threads")
    colleagues = world.group("colleague")
    u = world.user
    for _ in range(62):
        subject_t, bodies = rng.choice(WORK_THREADS)
        them = rng.choice(colleagues)
        d0 = world.start + timedelta(days=rng.randrange(0, 358))
        while d0.weekday() >= 5:
            d0 += timedelta(days=1)
        slots = {
            "me": u.given,
            "them": them.latin_name or them.given,
            "p": rng.choice(PROJECTS),
            "d": nice_date(d0 + timedelta(days=rng.randrange(2, 9))),
            "n": str(rng.randrange(3, 40)),
        }
        t = Thread(subject_t.format(**slots))
        when = datetime.combine(d0, time(rng.randrange(9, 17), rng.randrange(60)))
        for i, body in enumerate(bodies):
            mine = i % 2 == 1
            sign = u.given if mine else (them.latin_name or them.given).split()[0]
            sender = mailer.me_work if mine else mailer.who(them)
            to = [mailer.who(them)] if mine else [mailer.me_work]
            mailer.send(
                sender=sender,
                to=to,
                subject=t.subject,
                thread=t,
                when=when,
                body=body.format(**slots) + f"\n\n{sign}\n",
                # Old work mail has been filed away.
                folder="Archive" if not mine and d0 < world.day(-180) else None,
            )
            when += timedelta(hours=rng.randrange(1, 20), minutes=rng.randrange(60))


def friend_threads(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """Plans and chatter with friends, and family mail in Portuguese."""
    rng = world.rng("friend-threads")
    u = world.user
    friends = [p for p in world.group("friend") if p.lang != "ja"]
    for _ in range(30):
        subject, bodies = rng.choice(FRIEND_THREADS)
        them = rng.choice(friends)
        d0 = world.start + timedelta(days=rng.randrange(0, 358))
        slots = {
            "me": u.given,
            "d": nice_date(d0 + timedelta(days=rng.randrange(3, 10))),
            "r": rng.choice(RESTAURANTS),
            "n": str(rng.randrange(25, 70)),
        }
        t = Thread(subject)
        when = datetime.combine(d0, time(rng.randrange(8, 23), rng.randrange(60)))
        for i, body in enumerate(bodies):
            mine = i % 2 == 1
            sender = mailer.me if mine else mailer.who(them)
            to = [mailer.who(them)] if mine else [mailer.me]
            sign = u.given if mine else them.short
            mailer.send(
                sender=sender,
                to=to,
                subject=t.subject,
                thread=t,
                when=when,
                body=body.format(**slots) + f"\n\n{sign}\n",
            )
            when += timedelta(hours=rng.randrange(1, 30))
    family = [world.person(k) for k in ("mother", "father", "sister", "grandmother", "aunt")]
    niece = world.person("niece")
    for _ in range(16):
        subject, bodies = rng.choice(FAMILY_THREADS)
        them = rng.choice(family)
        # The father's old mail client still sends ISO-8859-1.
        charset = "iso-8859-1" if them.key == "father" else "utf-8"
        d0 = world.start + timedelta(days=rng.randrange(0, 358))
        t = Thread(subject)
        when = datetime.combine(d0, time(rng.randrange(9, 22), rng.randrange(60)))
        for i, body in enumerate(bodies):
            mine = i % 2 == 1
            sender = mailer.me if mine else mailer.who(them)
            to = [mailer.who(them)] if mine else [mailer.me]
            text = body.format(niece=niece.given) + f"\n\n{u.given if mine else them.short}\n"
            part = mime.text(text) if mine else mime.text(text, charset=charset)
            mailer.send(
                sender=sender,
                to=to,
                subject=t.subject,
                thread=t,
                when=when,
                body=part,
                zone=ZONES["Europe/Lisbon"] if not mine else None,
            )
            when += timedelta(hours=rng.randrange(1, 30))


def foreign_charsets(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """Shift_JIS mail from a friend in Tokyo and latin-1 mail from a French bookshop."""
    m = world.manifest
    u = world.user
    yuki = world.person("friend-01")
    tokyo = ZONES["Asia/Tokyo"]
    # Shift_JIS has no accented Latin letters: Yuki writes the name without them.
    name = unicodedata.normalize("NFKD", u.given).encode("ascii", "ignore").decode()
    visit = world.day(130)
    visit_end = visit + timedelta(days=6)
    jp_month = f"{visit.month}月{visit.day}日"
    jp_end = f"{visit_end.month}月{visit_end.day}日"
    t = Thread("久しぶり！")  # noqa: RUF001
    mailer.send(
        sender=mailer.who(yuki),
        to=[mailer.me],
        subject=t.subject,
        thread=t,
        when=datetime.combine(world.day(-210), time(22, 5)),
        zone=tokyo,
        body=mime.text(
            f"{name}さん\n\nお元気ですか？送ってくれたポルトガルのお菓子、"  # noqa: RUF001
            "とても美味しかったです。ありがとう！\n\n由紀\n",  # noqa: RUF001
            charset="shift_jis",
            cte="8bit",
        ),
    )
    mailer.send(
        sender=mailer.me,
        to=[mailer.who(yuki)],
        subject=t.subject,
        thread=t,
        when=datetime.combine(world.day(-209), time(9, 30)),
        body="Yuki! So glad you liked them. Next time I'll bring pastéis de nata in person.\n",
    )
    plan = mailer.send(
        sender=mailer.who(yuki),
        to=[mailer.me],
        subject=f"{u.city}に行きます",
        zone=tokyo,
        when=datetime.combine(world.day(-50), time(23, 40)),
        body=mime.text(
            f"{name}さん\n\n{jp_month}から{jp_end}まで{u.city}に行く予定です。"
            "会えるかな？美味しいコーヒーの店を教えてください。\n\n由紀\n",  # noqa: RUF001
            charset="shift_jis",
            cte="base64",
        ),
    )
    m.add_fact(
        Fact(
            "friend.yuki.visit",
            f"Yuki Tanaka (friend in Tokyo) plans to visit "
            f"{u.city} from {visit.isoformat()} to {visit_end.isoformat()}.",
            "plans",
            "When is Yuki visiting?",
            f"{visit.isoformat()} to {visit_end.isoformat()}",
            [plan.item(jp_month, jp_end)],
        )
    )
    shop = world.person("bookshop")
    d = world.day(-160)
    order = f"LL-{world.rng('bookshop').randrange(10000, 99999)}"
    sent = mailer.send(
        sender=(shop.org or "", shop.email),
        to=[mailer.me],
        subject=f"Votre commande n° {order} a été expédiée",
        when=datetime.combine(d, time(15, 4)),
        zone=ZONES["Europe/Brussels"],
        body=mime.text(
            f"Bonjour {u.given},\n\nVotre commande n° {order} (« L'Étranger » d'Albert "
            "Camus, édition de poche, 8,90 EUR) a été expédiée aujourd'hui.\n"
            "Livraison prévue sous 3 à 5 jours ouvrés.\n\nMerci et à bientôt,\n"
            f"{shop.fn}\n{shop.org}\n",
            charset="iso-8859-1",
        ),
    )
    m.add_fact(
        Fact(
            "purchase.bookshop",
            f"The user ordered L'Étranger by Albert Camus from "
            f"{shop.org} (order {order}), shipped on {d.isoformat()}.",
            "purchase",
            "Which book did I order from the French bookshop?",
            "L'Étranger (Camus)",
            [sent.item(order, "L'Étranger")],
        )
    )


def health_and_diet(world: World, corpus: Corpus, mailer: Mailer) -> None:
    """The diet and allergies, stated in mail to a friend and to a restaurant."""
    m = world.manifest
    u = world.user
    friend = world.person("friend-02")
    d = world.day(-120)
    t = Thread("Dinner at mine on Saturday")
    invite = mailer.send(
        sender=mailer.who(friend),
        to=[mailer.me],
        subject=t.subject,
        thread=t,
        when=datetime.combine(d, time(12, 10)),
        body=f"Hi {u.given}! Dinner at mine on Saturday? Anything you don't "
        "eat? I forget.\n\n" + friend.short + "\n",
    )
    allergies = " and ".join(u.allergies)
    reply = mailer.send(
        sender=mailer.me,
        to=[mailer.who(friend)],
        subject=t.subject,
        thread=t,
        when=datetime.combine(d, time(13, 2)),
        body=f"Yes please! Still {u.diet}, and I'm allergic to {allergies}, so "
        f"nothing with {u.allergies[-1]} please. I'll bring dessert.\n\n"
        f"{u.given}\n",
    )
    m.add_fact(
        Fact(
            "profile.diet",
            f"The user is {u.diet}.",
            "profile",
            "What is my diet?",
            u.diet,
            [reply.item(u.diet)],
            distractors=[invite.item("eat")],
        )
    )
    m.add_fact(
        Fact(
            "profile.allergies",
            f"The user is allergic to {allergies}.",
            "profile",
            "What am I allergic to?",
            allergies,
            [reply.item(*u.allergies)],
        )
    )
