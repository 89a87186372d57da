"""profile.json: who the user is, as the answer key for profile questions."""

from __future__ import annotations

import json
from typing import Any

from familiar.testing.person.corpus import Corpus
from familiar.testing.person.world import World


def profile_data(world: World) -> dict[str, Any]:
    """The user's profile as JSON-ready data."""
    u = world.user
    family = {
        p.relation: {
            "key": p.key,
            "name": p.fn,
            "city": p.city,
            "birthday": p.birthday.isoformat() if p.birthday else None,
        }
        for p in world.group("family")
    }
    manager = next(p for p in world.people if p.relation == "manager")
    return {
        "name": u.name,
        "given_name": u.given,
        "family_name": u.family,
        "birthday": u.birthday.isoformat(),
        "email": u.email,
        "work_email": u.work_email,
        "phone": u.phone,
        "home": {
            "street": u.street,
            "postcode": u.postcode,
            "city": u.city,
            "country": u.country,
            "time_zone": u.zone.name,
        },
        "work": {
            "employer": u.employer,
            "role": u.role,
            "team": u.team,
            "manager": manager.latin_name or manager.fn,
        },
        "family": family,
        "pet": {"kind": "cat", "name": u.pet},
        "diet": u.diet,
        "allergies": u.allergies,
        "languages": u.languages,
        "preferences": u.preferences,
        "birthdays": {
            p.key: p.birthday.isoformat()
            for p in world.people
            if p.birthday and p.group in ("family", "friend")
        },
    }


def write_profile(world: World, corpus: Corpus) -> None:
    """Add profile.json to the corpus and a short summary to the manifest."""
    data = profile_data(world)
    corpus.file(
        "profile.json", (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode(), "profile"
    )
    world.manifest.user = {
        "name": data["name"],
        "email": data["email"],
        "work_email": data["work_email"],
        "city": data["home"]["city"],
        "time_zone": data["home"]["time_zone"],
    }
