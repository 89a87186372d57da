"""Which devices a person means: "the kitchen lights" is every light named kitchen."""

from __future__ import annotations

import difflib
import re

from familiar.integrations.home.discovery import Device

_FILLER = {"the", "my", "a", "all", "in", "on", "of", "please", "device", "devices"}
_WORD = re.compile(r"[a-z0-9]+")
# what people call a component, beside its own name
_KIND_WORDS = {
    "light": {"light", "lamp"},
    "lock": {"lock", "door"},
    "cover": {"blind", "shade", "curtain", "garage", "cover"},
    "switch": {"switch", "plug", "socket"},
    "fan": {"fan"},
    "binary_sensor": {"sensor", "door", "window", "motion"},
    "sensor": {"sensor", "temperature", "humidity"},
}


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("ch", "sh", "x")):
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def words(text: str) -> set[str]:
    """The content words of a name or request, singular."""
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _FILLER}


def match_devices(devices: list[Device], query: str) -> list[Device]:
    """Devices whose name (or kind) has every word of the query; best single guess otherwise."""
    wanted = words(query)
    if not wanted:
        return []
    hits = [d for d in devices if wanted <= words(d.name) | _KIND_WORDS.get(d.component, set())]
    if hits:
        exact = [d for d in hits if words(d.name) == wanted]
        return exact or hits
    names = {d.name.lower(): d for d in devices}
    close = difflib.get_close_matches(query.lower(), list(names), n=1, cutoff=0.75)
    return [names[close[0]]] if close else []
