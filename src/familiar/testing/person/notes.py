"""The notes folder, in the style of an Obsidian vault."""

from __future__ import annotations

import json
import struct
import zlib
from datetime import date, timedelta

from familiar.testing.person.corpus import Corpus
from familiar.testing.person.manifest import Fact, Item
from familiar.testing.person.markdown import note_bytes
from familiar.testing.person.world import World

VAULT = "notes"
DAILY_LINES = [
    "Slow start, good focus after lunch.",
    "Too many meetings today. Blocked Friday morning.",
    "Ran the river loop, legs heavy.",
    "Finally fixed the backfill job. #work",
    "Tried the new bakery on the corner: the rye bread is excellent.",
    "Called {mother} - she sounds well, worried about the garden.",
    "Read 40 pages of the book club book.",
    "Headache in the afternoon, early night.",
    "{pet} knocked a plant off the shelf again.",
    "Sorted the tax papers. #admin",
    "Long chat with [[{partner}]] about summer plans.",
    "Cooked the lentil ragù, double batch.",
    "Yoga was hard today, good though.",
    "Paid the electricity bill. #admin",
    "Cycled to work in the rain. Need better mudguards.",
]
RECIPES = {
    "Lentil ragù": ["red lentils", "tomatoes", "carrot", "celery", "red wine"],
    "Miso greens": ["kale", "white miso", "garlic", "sesame"],
    "Chickpea stew": ["chickpeas", "spinach", "cumin", "coconut milk"],
    "Arroz doce": ["short-grain rice", "milk", "lemon peel", "cinnamon"],
    "Crispy tofu": ["firm tofu", "cornflour", "soy sauce", "chilli"],
    "Weeknight dal": ["yellow split peas", "turmeric", "ginger", "mustard seeds"],
}


def png_bytes(width: int = 4, height: int = 4) -> bytes:
    """A small valid PNG (a grey square)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def daily_days(world: World) -> list[date]:
    """The days that have a daily note: a fixed few the storylines link to, plus a sample."""
    rng = world.rng("daily")
    days = {world.day(-45), world.day(-3), world.day(-1)}
    days |= {world.start + timedelta(days=rng.randrange(365)) for _ in range(70)}
    return sorted(days)


def write_notes(world: World, corpus: Corpus) -> None:
    """Daily notes, people, recipes, health, home and the vault's settings."""
    rng = world.rng("notes")
    m = world.manifest
    u = world.user
    mother = world.person("mother")
    partner = world.person("partner")
    corpus.file(
        f"{VAULT}/.obsidian/app.json",
        json.dumps(
            {
                "alwaysUpdateLinks": True,
                "newFileLocation": "folder",
                "newFileFolderPath": "Inbox",
                "attachmentFolderPath": "attachments",
            },
            indent=2,
        ).encode(),
        "json",
    )
    corpus.file(
        f"{VAULT}/.obsidian/daily-notes.json",
        json.dumps(
            {"folder": "Daily", "format": "YYYY-MM-DD", "template": "Templates/Daily"}, indent=2
        ).encode(),
        "json",
    )
    corpus.file(
        f"{VAULT}/Templates/Daily.md",
        b"---\ntags:\n  - daily\n---\n\n# {{date}}\n\n## Log\n\n## Todo\n- [ ] \n",
        "markdown",
    )
    corpus.file(f"{VAULT}/attachments/balcony-herbs.png", png_bytes(), "png")
    coffee_day = world.day(-3)
    for d in daily_days(world):
        lines = [
            rng.choice(DAILY_LINES).format(mother=mother.nickname, pet=u.pet, partner=partner.fn)
            for _ in range(rng.randrange(2, 5))
        ]
        if d == coffee_day:
            lines.append(f"New café near the office. My usual: {u.preferences['coffee']}.")
        if d == world.day(-1):
            lines.append("Balcony herbs are finally growing: ![[balcony-herbs.png]]")
        todo = rng.sample(
            [
                "call the bank",
                "book train tickets",
                "water the plants",
                "reply to Sam",
                "buy cat food",
                "renew gym membership",
                "back up the laptop",
            ],
            2,
        )
        body = (
            f"# {d:%A %d %B %Y}\n\n## Log\n"
            + "".join(f"- {line}\n" for line in lines)
            + "\n## Todo\n"
            + "".join(f"- [{'x' if rng.random() < 0.5 else ' '}] {t}\n" for t in todo)
            + "\n#daily\n"
        )
        path = corpus.file(
            f"{VAULT}/Daily/{d.isoformat()}.md",
            note_bytes({"tags": ["daily"], "created": d.isoformat()}, body),
            "markdown",
        )
        if d == coffee_day:
            m.add_fact(
                Fact(
                    "profile.coffee",
                    f"The user's usual coffee order is {u.preferences['coffee']}.",
                    "profile",
                    "What's my usual coffee?",
                    u.preferences["coffee"],
                    [Item(path, (u.preferences["coffee"],))],
                )
            )
    allergies = ", ".join(u.allergies)
    health = corpus.file(
        f"{VAULT}/Health/Allergies.md",
        note_bytes(
            {"tags": ["health"], "aliases": ["allergies", "medical"]},
            f"# Allergies and medical\n\n- Allergies: **{allergies}**\n- Diet: {u.diet}\n"
            f"- Blood type: {rng.choice(['A+', 'O+', 'B+', 'A-'])}\n- GP: "
            f"[[{world.person('doctor').fn}]]\n\n#health\n",
        ),
        "markdown",
    )
    m.fact("profile.allergies").items.append(Item(health, tuple(u.allergies)))
    m.fact("profile.diet").items.append(Item(health, (f"Diet: {u.diet}",)))
    for title, ingredients in RECIPES.items():
        corpus.file(
            f"{VAULT}/Recipes/{title}.md",
            note_bytes(
                {"tags": ["recipe", u.diet], "serves": 4},
                f"# {title}\n\n## Ingredients\n"
                + "".join(f"- {i}\n" for i in ingredients)
                + "\n## Method\nCook slowly, season at the end, taste often.\n\n#recipe\n",
            ),
            "markdown",
        )
    books = [
        "Klara and the Sun",
        "The Overstory",
        "Piranesi",
        "A Gentleman in Moscow",
        "The Remains of the Day",
    ]
    corpus.file(
        f"{VAULT}/Books/Reading list.md",
        note_bytes(
            {"tags": ["books"]},
            "# Reading list\n\n"
            + "".join(f"- [{'x' if i < 2 else ' '}] {b}\n" for i, b in enumerate(books)),
        ),
        "markdown",
    )
    for key in ("mother", "father", "partner", "friend-sam", "friend-01", "landlord"):
        p = world.person(key)
        gift = rng.choice(
            [
                "a good olive oil",
                "concert tickets",
                "a linen scarf",
                "a cookbook",
                "a plant",
                "a fountain pen",
            ]
        )
        path = corpus.file(
            f"{VAULT}/People/{p.latin_name or p.fn}.md",
            note_bytes(
                {"aliases": p.aliases, "tags": ["people", p.group]},
                f"# {p.latin_name or p.fn}\n\nRelation: {p.relation}. Based in {p.city}.\n\n"
                f"- Gift idea: {gift}\n- Email: {p.email}\n\n#people\n",
            ),
            "markdown",
        )
        m.add_fact(
            Fact(
                f"note.gift.{key}",
                f"Gift idea noted for {p.latin_name or p.fn} ({p.relation}): {gift}.",
                "note",
                f"What gift idea did I note for {p.latin_name or p.fn}?",
                gift,
                [Item(path, (gift,))],
            )
        )
    devices_note = corpus.file(
        f"{VAULT}/Home/Smart home.md",
        note_bytes(
            {"tags": ["home", "smart-home"]},
            "# Smart home\n\nHome Assistant on the mini PC in the hallway cupboard.\n\n"
            "- Living room, kitchen and bedroom lights (Zigbee)\n- Front door lock: auto-locks "
            "at 23:00\n- Thermostat: 20.5 °C day, 17 °C night\n- Balcony temperature sensor\n\n"
            "Wi-Fi guest network: **Casa-Guest**\n\n#home\n",
        ),
        "markdown",
    )
    m.add_fact(
        Fact(
            "home.lock-auto",
            "The front door lock auto-locks at 23:00.",
            "home",
            "When does the front door lock itself?",
            "23:00",
            [Item(devices_note, ("auto-locks at 23:00",))],
        )
    )
