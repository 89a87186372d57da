"""Contacts as vCard 3.0 and 4.0 files, one card a file plus one multi-card export."""

from __future__ import annotations

from pathlib import Path

from familiar.testing.person.manifest import Fact, Item
from familiar.testing.person.textformat import escape, to_bytes
from familiar.testing.person.world import Person, World, slug

DIRECTORY_FILE = "contacts/work-directory.vcf"  # colleagues, exported from the company directory
RELATED = {
    "mother": "parent",
    "father": "parent",
    "sister": "sibling",
    "partner": "spouse",
    "niece": "kin",
    "grandmother": "kin",
    "aunt": "kin",
    "cousin": "kin",
    "brother-in-law": "kin",
}


def phone_as_written(p: Person) -> str:
    """The phone number exactly as the card writes it (4.0 services use tel: URIs)."""
    if p.vcard_version == "4.0" and p.group == "service":
        return "tel:" + p.phone.replace(" ", "-")
    return p.phone


def birthday_as_written(p: Person) -> str | None:
    """BDAY as the card writes it: basic format in 4.0, extended in 3.0."""
    if p.birthday is None:
        return None
    return p.birthday.strftime("%Y%m%d" if p.vcard_version == "4.0" else "%Y-%m-%d")


def card_lines(p: Person, rev: str) -> list[str]:
    """The content lines of one card."""
    v4 = p.vcard_version == "4.0"
    is_org = p.group == "service" and not p.given
    lines = ["BEGIN:VCARD", f"VERSION:{p.vcard_version}"]
    if v4:
        lines.append("KIND:org" if is_org else "KIND:individual")
    lines += [
        "PRODID:-//familiar//synthetic person//EN",
        f"UID:{p.uid}",
        f"FN:{escape(p.fn)}",
        f"N:{escape(p.family)};{escape(p.given)};;;",
    ]
    if p.latin_name:
        lines.append(f"X-PHONETIC-FIRST-NAME:{escape(p.latin_name.split()[0])}")
        lines.append(f"X-PHONETIC-LAST-NAME:{escape(p.latin_name.split()[-1])}")
    if p.nickname or p.latin_name:
        lines.append(f"NICKNAME:{escape(p.nickname or p.latin_name or '')}")
    if p.org:
        lines.append(f"ORG:{escape(p.org)}")
    if p.title:
        lines.append(f"TITLE:{escape(p.title)}")
    kind = "work" if p.group in ("colleague", "service") else "home"
    if v4:
        lines.append(f"EMAIL;TYPE={kind}:{p.email}")
        tel = phone_as_written(p)
        value = ";VALUE=uri" if tel.startswith("tel:") else ""
        lines.append(f"TEL;TYPE=cell,voice{value}:{tel}")
    else:
        lines.append(f"EMAIL;TYPE=INTERNET,{kind.upper()}:{p.email}")
        tel_type = "WORK,VOICE" if p.group == "service" else "CELL"
        lines.append(f"TEL;TYPE={tel_type}:{p.phone}")
    if p.city:
        adr_type = "work" if p.group in ("colleague", "service") else "home"
        adr = ";".join(
            escape(x or "") for x in ("", "", p.street, p.city, "", p.postcode, p.country)
        )
        lines.append(f"ADR;TYPE={adr_type if v4 else adr_type.upper()}:{adr}")
    bday = birthday_as_written(p)
    if bday:
        lines.append(f"BDAY:{bday}")
    if v4 and p.relation in RELATED:
        lines.append(f"RELATED;TYPE={RELATED[p.relation]};VALUE=text:{escape(p.relation)}")
    lines.append(f"CATEGORIES:{escape(p.group)}")
    if p.note:
        lines.append(f"NOTE:{escape(p.note)}")
    lines += [f"REV:{rev}", "END:VCARD"]
    return lines


def write_contacts(world: World, out: Path) -> None:
    """Write every card, record the files and the facts each card holds."""
    (out / "contacts").mkdir(parents=True, exist_ok=True)
    rev = world.start.strftime("%Y%m%dT090000Z")
    directory: list[str] = []
    for p in world.people:
        if p.group == "colleague":
            p.path = DIRECTORY_FILE
            directory += card_lines(p, rev)
            continue
        p.path = f"contacts/{slug(p.latin_name or p.fn)}.vcf"
        (out / p.path).write_bytes(to_bytes(card_lines(p, rev)))
        world.manifest.add_file(p.path, f"vcard-{p.vcard_version}")
    p_dir = out / DIRECTORY_FILE
    p_dir.write_bytes(to_bytes(directory))
    world.manifest.add_file(DIRECTORY_FILE, "vcard-3.0")
    for p in world.people:
        _record(world, p)


def describe(p: Person, world: World) -> str:
    """Name plus relation, so a fact's text is unambiguous ("Ana Sousa (sister)")."""
    rel = p.relation if p.group != "colleague" else f"{p.relation} at {p.org}"
    return f"{p.latin_name or p.fn} ({rel})"


def _record(world: World, p: Person) -> None:
    m = world.manifest
    name = p.latin_name or p.fn
    who = describe(p, world)

    def item(*strings: str) -> list[Item]:
        return [Item(p.path, tuple(strings), uid=p.uid)]

    m.people.append(
        {
            "key": p.key,
            "name": p.fn,
            "latin_name": p.latin_name,
            "group": p.group,
            "relation": p.relation,
            "aliases": p.aliases,
            "email": p.email,
            "phone": p.phone,
            "city": p.city,
            "path": p.path,
            "uid": p.uid,
            "vcard_version": p.vcard_version,
        }
    )
    tel = phone_as_written(p)
    m.add_fact(
        Fact(
            f"contact.{p.key}.phone",
            f"The phone number of {who} is {p.phone}.",
            "contact",
            f"What is {name}'s phone number?",
            p.phone,
            item(tel),
        )
    )
    m.add_fact(
        Fact(
            f"contact.{p.key}.email",
            f"The email address of {who} is {p.email}.",
            "contact",
            f"What is {name}'s email address?",
            p.email,
            item(p.email),
        )
    )
    if p.city and p.group in ("family", "friend"):
        m.add_fact(
            Fact(
                f"contact.{p.key}.city",
                f"{who} lives in {p.city}.",
                "contact",
                f"Where does {name} live?",
                p.city,
                item(p.city),
            )
        )
    if p.birthday:
        m.add_fact(
            Fact(
                f"contact.{p.key}.birthday",
                f"{who} was born on {p.birthday.isoformat()}.",
                "contact",
                f"When is {name}'s birthday?",
                f"{p.birthday:%B} {p.birthday.day}",
                item(birthday_as_written(p) or ""),
            )
        )
    if p.title and p.org and p.given:
        m.add_fact(
            Fact(
                f"contact.{p.key}.work",
                f"{who} works at {p.org} as {p.title}.",
                "contact",
                f"What does {name} do?",
                f"{p.title} at {p.org}",
                item(p.title, p.org),
            )
        )
