"""Who the user is and the hundred or so people they know, drawn from the seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

from familiar.testing.person.manifest import Manifest
from familiar.testing.person.world import (
    HISTORY_DAYS,
    Person,
    User,
    World,
    slug,
)
from familiar.testing.person.zones import ZONES

# (city, country, zone, phone style, streets, postcode pattern); "#" is a digit, "@" a letter.
HOMES = [
    (
        "Amsterdam",
        "Netherlands",
        "Europe/Amsterdam",
        "nl",
        ["Bloemgracht", "Jacob van Lennepkade", "Eerste Helmersstraat", "Van Woustraat"],
        "10## @@",
    ),
    (
        "Berlin",
        "Germany",
        "Europe/Berlin",
        "de",
        ["Weserstraße", "Kastanienallee", "Gneisenaustraße", "Pannierstraße"],
        "10###",
    ),
    (
        "Brussels",
        "Belgium",
        "Europe/Brussels",
        "be",
        ["Rue de la Victoire", "Chaussée de Wavre", "Rue Américaine", "Rue du Bailli"],
        "10#0",
    ),
    (
        "Vienna",
        "Austria",
        "Europe/Vienna",
        "at",
        ["Neubaugasse", "Zieglergasse", "Margaretenstraße", "Kaiserstraße"],
        "1##0",
    ),
]
USER_GIVEN = ["Miguel", "Rita", "Tiago", "Sofia", "Pedro", "Carolina", "João", "Catarina"]
FAMILY_NAMES = ["Sousa", "Ferreira", "Carvalho", "Almeida", "Rodrigues", "Gonçalves"]
SISTER_GIVEN = ["Ana", "Inês", "Marta", "Joana"]
DIMINUTIVES = {"Ana": "Aninhas", "Inês": "Inesinha", "Marta": "Martinha", "Joana": "Joaninha"}
MOTHER_GIVEN = ["Maria", "Fernanda", "Isabel", "Teresa"]
FATHER_GIVEN = ["António", "Manuel", "José", "Rui"]
SISTER_CITIES = ["Porto", "Coimbra", "Braga"]
PARENT_CITIES = ["Aveiro", "Viseu", "Guimarães"]
PARTNER = [("Lucas", "Bakker"), ("Noor", "Jansen"), ("Felix", "Wagner"), ("Léa", "Dubois")]
EMPLOYERS = [
    ("Northwind Analytics", "northwind-analytics.example"),
    ("Tidewater Labs", "tidewater-labs.example"),
    ("Helio Systems", "helio-systems.example"),
    ("Quayside Software", "quayside.example"),
]
ROLES = ["data engineer", "product designer", "backend developer", "research scientist"]
TEAMS = ["Platform", "Payments", "Insights", "Mobile"]
DIETS = ["vegetarian", "pescatarian", "vegan"]
ALLERGIES = [
    ["penicillin", "peanuts"],
    ["hazelnuts"],
    ["penicillin"],
    ["shellfish", "birch pollen"],
]
PETS = ["Pimenta", "Miso", "Bolacha", "Tofu"]

# given, family, display name override, latin form, lang, phone style, city
COLLEAGUES = [
    ("Zoë", "Müller", "", None, "de", "de", "Berlin"),
    ("Søren", "Kjærgaard", "", None, "en", "dk", "Copenhagen"),
    ("François", "Lefèvre", "", None, "fr", "fr", "Paris"),
    ("Łukasz", "Wróblewski", "", None, "en", "pl", "Warsaw"),
    ("Дмитрий", "Иванов", "Дмитрий Иванов", "Dmitri Ivanov", "ru", "de", "Berlin"),
    ("Ελένη", "Παπαδοπούλου", "Ελένη Παπαδοπούλου", "Eleni Papadopoulou", "el", "gr", "Athens"),
    ("민준", "김", "김민준", "Min-jun Kim", "ko", "kr", "Seoul"),
    ("Priya", "Raman", "", None, "en", "nl", None),
    ("Ngozi", "Adeyemi", "", None, "en", "nl", None),
    ("Oliver", "Hughes", "", None, "en", "uk", "London"),
    ("Emma", "de Jong", "", None, "en", "nl", None),
    ("Mateo", "García", "", None, "es", "es", "Madrid"),
    ("Chiara", "Bianchi", "", None, "it", "it", "Milan"),
    ("Hannah", "Schmidt", "", None, "de", "de", None),
    ("Tomás", "Ribeiro", "", None, "pt", "pt", "Lisbon"),
    ("Aisha", "Khan", "", None, "en", "uk", "London"),
    ("Jonas", "Lindqvist", "", None, "en", "se", "Stockholm"),
    ("Mei", "Chen", "", None, "en", "nl", None),
    ("Ravi", "Patel", "", None, "en", "uk", "London"),
    ("Julia", "Nowak", "", None, "en", "pl", "Kraków"),
    ("Pieter", "Claes", "", None, "en", "be", None),
    ("Sara", "Rossi", "", None, "it", "it", None),
    ("David", "Cohen", "", None, "en", "nl", None),
    ("Fatima", "El Amrani", "", None, "fr", "fr", None),
    ("Lars", "Eriksen", "", None, "en", "dk", None),
    ("Nina", "Horvat", "", None, "en", "de", None),
    ("Omar", "Haddad", "", None, "en", "de", None),
    ("Kateřina", "Dvořáková", "", None, "en", "cz", "Prague"),
    ("Ben", "Carter", "", None, "en", "us", "Boston"),
    ("Ingrid", "Solberg", "", None, "en", "no", "Oslo"),
]
TITLES = [
    "Engineering Manager",
    "Senior Engineer",
    "Product Manager",
    "Designer",
    "Data Scientist",
    "Staff Engineer",
    "QA Lead",
    "Recruiter",
    "Engineer",
    "Analyst",
    "Head of Product",
]
FRIENDS = [
    ("由紀", "田中", "田中 由紀", "Yuki Tanaka", "ja", "jp", "Tokyo"),
    ("Chloé", "Martin", "", None, "fr", "fr", "Lyon"),
    ("Mateus", "Oliveira", "", None, "pt", "pt", "Lisbon"),
    ("Hugo", "Pereira", "", None, "pt", "pt", "Porto"),
    ("Leonie", "Vogel", "", None, "de", "de", "Hamburg"),
    ("Daan", "Visser", "", None, "en", "nl", None),
    ("Marta", "Kowalska", "", None, "en", "pl", None),
    ("Andrés", "Muñoz", "", None, "es", "es", "Valencia"),
    ("Grace", "O'Neill", "", None, "en", "ie", "Dublin"),
    ("Tariq", "Aziz", "", None, "en", "uk", "London"),
    ("Elif", "Yılmaz", "", None, "en", "de", None),  # noqa: RUF001
    ("Beatriz", "Santos", "", None, "pt", "pt", "Lisbon"),
    ("Kofi", "Mensah", "", None, "en", "nl", None),
    ("Ilse", "Hoffmann", "", None, "de", "de", None),
    ("Rafael", "Costa", "", None, "pt", "br", "São Paulo"),
    ("Amélie", "Laurent", "", None, "fr", "be", None),
    ("Nils", "Berg", "", None, "en", "se", None),
    ("Olga", "Petrova", "", None, "en", "de", None),
    ("Jack", "Murphy", "", None, "en", "us", "New York"),
    ("Clara", "Weiß", "", None, "de", "at", None),
]
SAM_FRIEND = [("Samantha", "Reyes"), ("Samantha", "Brooks"), ("Samira", "Nasser")]
LANDLORDS = [("Samuel", "Okafor"), ("Samuel", "de Vries"), ("Samir", "Haddad-Meyer")]
# relation, display/org name, given, family, title, domain
SERVICES = [
    ("dentist", "Smile Dental Clinic", "Hanna", "Verhoeven", "Dentist", "smiledental.example"),
    (
        "doctor",
        "Stadtpraxis General Practice",
        "Jan",
        "Kuipers",
        "General practitioner",
        "stadtpraxis.example",
    ),
    ("bank", "Kestrel Bank", "", "", "Customer service", "kestrelbank.example"),
    ("pharmacy", "Apotheek Centraal Pharmacy", "", "", "", "centraal-pharmacy.example"),
    ("hairdresser", "Studio Tijl", "Tijl", "Maes", "Hairdresser", "studiotijl.example"),
    ("gym", "Ironworks Gym", "", "", "", "ironworks.example"),
    ("plumber", "Dekker Plumbing", "Rob", "Dekker", "Plumber", "dekker-plumbing.example"),
    ("vet", "Paws & Whiskers Vet", "Lotte", "Smit", "Veterinarian", "pawsvet.example"),
    ("accountant", "Ledger & Co Tax Advice", "Marieke", "Bos", "Tax advisor", "ledgerco.example"),
    ("insurance", "Harbour Insurance", "", "", "Claims", "harbour-insurance.example"),
    ("internet", "Fibrenet", "", "", "Support", "fibrenet.example"),
    ("yoga", "Lotus Yoga Studio", "Anouk", "Peeters", "Teacher", "lotusyoga.example"),
    ("physio", "Move Physiotherapy", "Kim", "de Boer", "Physiotherapist", "movephysio.example"),
    ("bikeshop", "Velo Repair", "Stijn", "Mulder", "Mechanic", "velorepair.example"),
    ("cleaner", "Sparkle Home Cleaning", "Rosa", "Lopes", "Cleaner", "sparklehome.example"),
    (
        "bookshop",
        "Librairie Lefèvre",
        "Hélène",
        "Lefèvre",
        "Bookseller",
        "librairie-lefevre.example",
    ),
]
OTHERS = [
    ("Wim", "Brouwer", "neighbour"),
    ("Fenna", "Koster", "neighbour"),
    ("Gerrit", "Hendriks", "former colleague"),
    ("Yara", "Haddad", "former colleague"),
    ("Bram", "Willems", "former colleague"),
    ("Sophie", "Lambert", "running club"),
    ("Thijs", "van Dijk", "running club"),
    ("Camille", "Roux", "language exchange"),
    ("Lena", "Fischer", "book club"),
    ("Marco", "Ferrari", "book club"),
    ("Ayşe", "Demir", "book club"),
    ("Pablo", "Navarro", "climbing partner"),
    ("Iris", "Meijer", "parent of the niece's friend"),
    ("Hamid", "Karimi", "building caretaker"),
    ("Eva", "Novak", "university friend"),
    ("Kenji", "Sato", "conference contact"),
    ("Zara", "Ahmed", "conference contact"),
    ("Joost", "Vermeulen", "neighbour"),
    ("Maud", "Lefebvre", "choir"),
    ("Rui", "Tavares", "university friend"),
    ("Anja", "Kraus", "climbing gym"),
    ("Stefan", "Weber", "former colleague"),
]
PHONE_STYLES = {
    "pt": "+351 9## ### ###",
    "nl": "+31 6 #### ####",
    "de": "+49 15# #######",
    "be": "+32 4## ## ## ##",
    "at": "+43 66# ######",
    "jp": "+81 90 #### ####",
    "us": "+1 212 555 ####",
    "fr": "+33 6 ## ## ## ##",
    "uk": "+44 7### ######",
    "es": "+34 6## ### ###",
    "it": "+39 3## ### ####",
    "dk": "+45 ## ## ## ##",
    "pl": "+48 5## ### ###",
    "se": "+46 70 ### ## ##",
    "gr": "+30 69# ### ####",
    "kr": "+82 10 #### ####",
    "cz": "+420 7## ### ###",
    "no": "+47 4## ## ###",
    "ie": "+353 8# ### ####",
    "br": "+55 11 9#### ####",
}
COUNTRY_OF_STYLE = {
    "pt": "Portugal",
    "nl": "Netherlands",
    "de": "Germany",
    "be": "Belgium",
    "at": "Austria",
    "jp": "Japan",
    "us": "United States",
    "fr": "France",
    "uk": "United Kingdom",
    "es": "Spain",
    "it": "Italy",
    "dk": "Denmark",
    "pl": "Poland",
    "se": "Sweden",
    "gr": "Greece",
    "kr": "South Korea",
    "cz": "Czechia",
    "no": "Norway",
    "ie": "Ireland",
    "br": "Brazil",
}
MAIL_DOMAINS = ["mailbox.example", "post.example", "inbox.example", "correio.example"]


def pattern(rng: random.Random, template: str) -> str:
    """Fill '#' with digits and '@' with capital letters."""
    out = []
    for ch in template:
        if ch == "#":
            out.append(str(rng.randrange(10)))
        elif ch == "@":
            out.append(chr(ord("A") + rng.randrange(26)))
        else:
            out.append(ch)
    return "".join(out)


def _birthday(rng: random.Random, first_year: int, last_year: int) -> date:
    start = date(first_year, 1, 1)
    return start + timedelta(days=rng.randrange((date(last_year, 12, 31) - start).days))


def _email(given: str, family: str, domain: str) -> str:
    return f"{slug(given)}.{slug(family)}@{domain}".replace("-", "")


def build_world(seed: int, anchor: date) -> World:
    """Draw the user and everyone they know from the seed."""
    rng = random.Random(f"{seed}:people")
    city, country, zone_name, style, streets, postcode = rng.choice(HOMES)
    given, family = rng.choice(USER_GIVEN), rng.choice(FAMILY_NAMES)
    employer, domain = rng.choice(EMPLOYERS)
    user = User(
        given=given,
        family=family,
        email=_email(given, family, rng.choice(MAIL_DOMAINS)),
        work_email=f"{slug(given)}.{slug(family)}@{domain}".replace("-", ""),
        phone=pattern(rng, PHONE_STYLES[style]),
        birthday=_birthday(rng, 1986, 1994),
        street=f"{rng.choice(streets)} {rng.randrange(3, 180)}",
        postcode=pattern(rng, postcode),
        city=city,
        country=country,
        zone=ZONES[zone_name],
        employer=employer,
        employer_domain=domain,
        role=rng.choice(ROLES),
        team=rng.choice(TEAMS),
        diet=rng.choice(DIETS),
        allergies=rng.choice(ALLERGIES),
        preferences={
            "coffee": rng.choice(["flat white, oat milk", "double espresso", "cortado"]),
            "seat": rng.choice(["aisle", "window"]),
            "cuisine": rng.choice(["Japanese", "Lebanese", "Ethiopian", "Georgian"]),
            "music": rng.choice(["jazz", "fado", "ambient electronic", "indie folk"]),
            "units": "metric",
            "morning_routine": rng.choice(["run before work", "yoga before work", "cycle to work"]),
        },
        languages=[
            "Portuguese",
            "English",
            {"nl": "Dutch", "de": "German", "be": "French", "at": "German"}[style],
        ],
        pet=rng.choice(PETS),
    )
    people: list[Person] = []

    def add(p: Person) -> Person:
        p.uid = f"{slug(p.key)}-{seed}@familiar.test"
        people.append(p)
        return p

    fam = user.family
    sister_given = rng.choice(SISTER_GIVEN)
    sister_city, parent_city = rng.choice(SISTER_CITIES), rng.choice(PARENT_CITIES)
    pt_domain = rng.choice(MAIL_DOMAINS)
    bil_given = rng.choice(["Ricardo", "Nuno", "Bruno"])
    niece_given = rng.choice(["Leonor", "Matilde", "Alice"])
    family_rows: list[tuple[str, str, str, str | None, str, int, int, list[str]]] = [
        (
            "mother",
            rng.choice(MOTHER_GIVEN),
            fam,
            "Mãe",
            parent_city,
            1958,
            1964,
            ["Mum", "my mother", "Mãe"],
        ),
        (
            "father",
            rng.choice(FATHER_GIVEN),
            fam,
            "Pai",
            parent_city,
            1955,
            1962,
            ["Dad", "my father", "Pai"],
        ),
        (
            "sister",
            sister_given,
            fam,
            DIMINUTIVES[sister_given],
            sister_city,
            1988,
            1996,
            [sister_given, f"{sister_given} {fam}", DIMINUTIVES[sister_given], "my sister"],
        ),
        (
            "brother-in-law",
            bil_given,
            rng.choice(["Costa", "Lopes", "Marques"]),
            None,
            sister_city,
            1985,
            1992,
            [bil_given, "my brother-in-law"],
        ),
        ("niece", niece_given, fam, None, sister_city, 2016, 2019, [niece_given, "my niece"]),
        (
            "grandmother",
            rng.choice(["Rosa", "Amélia", "Conceição"]),
            rng.choice(["Pinto", "Mendes"]),
            "Avó",
            parent_city,
            1936,
            1942,
            ["Grandma", "my grandmother", "Avó"],
        ),
        (
            "aunt",
            rng.choice(["Luísa", "Graça", "Helena"]),
            fam,
            None,
            "Lisbon",
            1960,
            1966,
            ["my aunt"],
        ),
        (
            "cousin",
            rng.choice(["Diogo", "Filipa", "André"]),
            fam,
            None,
            "Lisbon",
            1990,
            1997,
            ["my cousin"],
        ),
    ]
    for relation, g, f, nick, c, y0, y1, aliases in family_rows:
        add(
            Person(
                key=relation,
                given=g,
                family=f,
                group="family",
                relation=relation,
                email=_email(g, f, pt_domain),
                phone=pattern(rng, PHONE_STYLES["pt"]),
                nickname=nick,
                city=c,
                country="Portugal",
                birthday=_birthday(rng, y0, y1),
                lang="pt",
                aliases=[f"{g} {f}", *aliases],
                vcard_version="4.0",
            )
        )
    pg, pf = rng.choice(PARTNER)
    add(
        Person(
            key="partner",
            given=pg,
            family=pf,
            group="family",
            relation="partner",
            email=_email(pg, pf, rng.choice(MAIL_DOMAINS)),
            phone=pattern(rng, PHONE_STYLES[style]),
            city=city,
            country=country,
            street=user.street,
            postcode=user.postcode,
            birthday=_birthday(rng, 1985, 1993),
            aliases=[pg, f"{pg} {pf}", "my partner"],
        )
    )

    colleagues = list(COLLEAGUES)
    rng.shuffle(colleagues)
    # A colleague who shares the sister's first name, so "Ana" alone is ambiguous.
    colleagues.insert(3, (sister_given, "Lima", "", None, "pt", "br", "São Paulo"))
    manager_index = 0
    for i, (g, f, fn, latin, lang, pstyle, pcity) in enumerate(colleagues[:31]):
        title = "Engineering Manager" if i == manager_index else rng.choice(TITLES[1:])
        relation = "manager" if i == manager_index else "colleague"
        mail_name = latin or f"{g} {f}"
        add(
            Person(
                key=f"colleague-{i:02d}",
                given=g,
                family=f,
                fn=fn,
                group="colleague",
                relation=relation,
                email=_email(mail_name.split()[0], mail_name.split()[-1], domain),
                phone=pattern(rng, PHONE_STYLES[pstyle]),
                org=employer,
                title=title,
                city=pcity or city,
                country=COUNTRY_OF_STYLE[pstyle],
                lang=lang,
                latin_name=latin,
                aliases=[fn or f"{g} {f}", *([latin] if latin else [])],
                vcard_version="3.0",
                birthday=_birthday(rng, 1970, 1999) if rng.random() < 0.4 else None,
            )
        )

    sg, sf = rng.choice(SAM_FRIEND)
    friends: list[tuple[str, str, str, str | None, str, str, str | None]] = list(FRIENDS)
    friends.insert(0, (sg, sf, "", None, "en", style, None))
    for i, (g, f, fn, latin, lang, pstyle, pcity) in enumerate(friends):
        key = "friend-sam" if i == 0 else f"friend-{i:02d}"
        mail_name = latin or f"{g} {f}"
        add(
            Person(
                key=key,
                given=g,
                family=f,
                fn=fn,
                group="friend",
                relation="friend",
                email=_email(mail_name.split()[0], mail_name.split()[-1], rng.choice(MAIL_DOMAINS)),
                phone=pattern(rng, PHONE_STYLES[pstyle]),
                city=pcity or city,
                country=COUNTRY_OF_STYLE[pstyle],
                lang=lang,
                latin_name=latin,
                nickname="Sam" if i == 0 else None,
                birthday=_birthday(rng, 1984, 1996),
                aliases=[
                    fn or f"{g} {f}",
                    *([latin] if latin else []),
                    *(["Sam"] if i == 0 else []),
                ],
                vcard_version="4.0" if i % 2 == 0 else "3.0",
            )
        )

    lg, lf = rng.choice(LANDLORDS)
    add(
        Person(
            key="landlord",
            given=lg,
            family=lf,
            group="service",
            relation="landlord",
            email=_email(lg, lf, "rentals.example"),
            phone=pattern(rng, PHONE_STYLES[style]),
            nickname="Sam",
            org=f"{lf} Rentals",
            title="Landlord",
            city=city,
            country=country,
            aliases=[f"{lg} {lf}", "Sam", "the landlord", "my landlord"],
            vcard_version="3.0",
        )
    )
    for relation, org, g, f, title, sdomain in SERVICES:
        is_org = not g
        add(
            Person(
                key=relation,
                given=g,
                family=f,
                fn=org if is_org else f"{g} {f}",
                group="service",
                relation=relation,
                email=f"{'info' if is_org else slug(g)}@{sdomain}",
                phone=pattern(rng, PHONE_STYLES[style]),
                org=org,
                title=title or None,
                city=city,
                country=country,
                street=f"{rng.choice(streets)} {rng.randrange(1, 200)}",
                postcode=pattern(rng, postcode),
                aliases=[org, *([f"{g} {f}"] if g else []), f"the {relation}"],
                vcard_version="4.0" if len(people) % 2 else "3.0",
            )
        )
    for i, (g, f, relation) in enumerate(OTHERS):
        add(
            Person(
                key=f"other-{i:02d}",
                given=g,
                family=f,
                group="other",
                relation=relation,
                email=_email(g, f, rng.choice(MAIL_DOMAINS)),
                phone=pattern(rng, PHONE_STYLES[style]),
                city=city,
                country=country,
                aliases=[f"{g} {f}"],
                vcard_version="3.0" if i % 2 else "4.0",
            )
        )

    start = anchor - timedelta(days=HISTORY_DAYS)
    manifest = Manifest(
        seed=seed,
        anchor=anchor.isoformat(),
        period={
            "start": start.isoformat(),
            "end": anchor.isoformat(),
            "calendar_until": (anchor + timedelta(days=92)).isoformat(),
            "now": f"{anchor.isoformat()}T08:00:00 {zone_name}",
        },
    )
    return World(seed=seed, anchor=anchor, user=user, people=people, manifest=manifest)
