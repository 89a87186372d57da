"""Learning durable profile facts from what the user says, by rules.

Only ever called on the user's own words (a chat turn, `familiar remember`), never on
tool output, mail or documents. Rules rather than the local model: the 0.5B model
is unreliable at this, rules are predictable, and a missed fact costs less than a
wrong one (the labelled set in tests/memory/test_facts.py measures precision first).

A sentence is considered only when it speaks of the user in the first person
("I ...", "my ..."), as a plain statement: questions, conditionals, plans, wishes,
modals ("I might", "I'd", "I will") and reported speech are not facts. A negated
statement ("I'm no longer vegetarian", "I don't live in Lisbon any more") retracts
the value it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from familiar.memory.records import FactChange

_SENTENCE_END = re.compile(
    r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bSt\.)(?<!\bMrs\.)(?<!\bProf\.)(?<=[.!?;])\s+|\n+"
)
_FILLERS = re.compile(
    r"^(?:(?:ok(?:ay)?|so|well|oh|and|also|btw|by the way|fyi|actually|anyway|just so you"
    r" know|for the record|for your information|note that|please note that|please remember"
    r" that|remember that|remember|please remember|just|hey|hi|yes|yeah|no)\b[,:]?\s*)+",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^(?:what|when|where|who|whom|whose|why|how|which|do|does|did|is|are|am|was|were|can|"
    r"could|would|should|will|shall|have|has|tell me|remind me|find|search|show|list)\b",
    re.IGNORECASE,
)
_NOT_A_STATEMENT = re.compile(
    r"\b(?:if|suppose|supposing|imagine|pretend|hypothetically|maybe|perhaps|probably|"
    r"someday|one day|unless|wish|hope|dream|thinking (?:of|about)|considering|plan(?:ning)?"
    r" to|want to|wanna|going to|gonna|said|says|told|thinks|claims|pretending)\b|"
    r"\bi (?:may|might|could|would|should|will|shall|must)\b|\bi'(?:ll|d)\b",
    re.IGNORECASE,
)
_SECRET_WORDS = re.compile(r"\b(?:password|passcode|pin|cvv|security code)\b", re.IGNORECASE)
_TRAILING_TIME = re.compile(
    r"\s+(?:now|nowadays|these days|currently|recently|again|too|as well|since .*|for \d.*|"
    r"for (?:a|two|three|four|five|many|several) .*|last (?:year|month|week)|this (?:year|"
    r"month|week)|a (?:few|couple of) (?:years|months|weeks|days) ago|\d+ (?:years|months)"
    r" ago|with .*|because .*)$",
    re.IGNORECASE,
)

DIETS = (
    "vegetarian|vegan|pescatarian|pescetarian|flexitarian|gluten[- ]free|lactose[- ]intolerant|"
    "kosher|halal|teetotal|teetotaller|celiac|coeliac|diabetic"
)
RELATIONS = (
    "wife|husband|partner|girlfriend|boyfriend|fianc[ée]e?|sister|brother|mother|mom|mum|"
    "father|dad|son|daughter|aunt|uncle|cousin|grandmother|grandma|grandfather|grandpa|"
    "niece|nephew|best friend|friend|boss|manager|colleague|flatmate|roommate|neighbou?r|"
    "dog|cat|doctor|dentist|gp|therapist|landlord|accountant"
)
_CANONICAL = {
    "mom": "mother",
    "mum": "mother",
    "dad": "father",
    "grandma": "grandmother",
    "grandpa": "grandfather",
    "neighbor": "neighbour",
    "gp": "doctor",
}
PROFESSIONS = (
    "teacher|nurse|doctor|engineer|software engineer|software developer|developer|programmer|"
    "designer|lawyer|accountant|architect|student|journalist|writer|chef|cook|pharmacist|"
    "dentist|scientist|researcher|photographer|musician|electrician|plumber|carpenter|"
    "translator|consultant|manager|product manager|data scientist|veterinarian|vet|pilot|"
    "firefighter|police officer|farmer|librarian|designer|freelancer|civil servant"
)
ATTRIBUTES = (
    "phone number|mobile number|email|email address|e-mail|address|home address|"
    "blood type|blood group|shoe size|height|car|licen[cs]e plate|number plate|bank|"
    "employer|job|company|nationality|pronouns|first language|native language|mother tongue|"
    "home ?town|zodiac sign|star sign|wedding anniversary|anniversary|gym|team|"
    "football team|middle name|last name|surname|first name|nickname|religion|"
    "t-shirt size|dress size|glasses prescription|insurance number|insurance company"
)
_PLACE = r"(?P<place>(?:the )?[A-Za-zÀ-ÿ][\w'À-ÿ.-]*(?:[ ,]+[A-Za-zÀ-ÿ][\w'À-ÿ.-]*){0,4})"
_NAME = r"(?P<name>(?-i:[A-ZÀ-Þ])[\w'À-ÿ-]*(?: (?-i:[A-ZÀ-Þ])[\w'À-ÿ-]*){0,2})"
_STATE_TEXT = (
    "at in on out off being broken dead late down up not so too very really still currently a"
    " bit kind sort getting"
)
_STATE_WORDS = frozenset(_STATE_TEXT.split())


def _clean(value: str) -> str:
    value = value.strip().strip("\"'\u201c\u201d\u2018\u2019").strip()
    previous = None
    while previous != value:
        previous = value
        value = _TRAILING_TIME.sub("", value).rstrip(" ,.!;:")
    return " ".join(value.split())


def _place_ok(place: str) -> bool:
    first = place.split(" ", 1)[0].lower()
    return first not in {"a", "an", "my", "our", "his", "her", "their", "this", "that", "it"}


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], FactChange | None]]
# Every pattern is compiled with re.IGNORECASE at the end of this module (values keep
# the user's capitals; `(?-i:...)` marks where a capital is required, as in names).


def _rel(word: str) -> str:
    word = word.lower()
    return _CANONICAL.get(word, word)


def _fact(key: str, value: str) -> FactChange | None:
    value = _clean(value)
    if not value or len(value) > 80 or len(value.split()) > 8:
        return None
    first = value.split(" ", 1)[0].lower()
    if first in _STATE_WORDS or (first.endswith("ing") and not value[0].isupper()):
        return None  # "my car is at the garage", "my team is winning": states, not facts
    return FactChange(key=" ".join(key.lower().split()), value=value)


def _home(m: re.Match[str]) -> FactChange | None:
    place = _clean(m.group("place"))
    return _fact("home city", place) if _place_ok(place) else None


_RULES: list[Rule] = [
    (
        re.compile(rf"^i(?:'m| am)(?: now| currently| actually| strictly)? (?:an? )?({DIETS})$"),
        lambda m: _fact("diet", m.group(1).lower()),
    ),
    (
        re.compile(rf"^i(?:'ve| have) been (?:an? )?({DIETS})$"),
        lambda m: _fact("diet", m.group(1).lower()),
    ),
    (
        re.compile(
            r"^i (?:don't|do not|never) eat (meat|fish|pork|beef|dairy|eggs|gluten|"
            r"shellfish|seafood|sugar|nuts)$"
        ),
        lambda m: _fact(f"doesn't eat {m.group(1)}", "yes"),
    ),
    (
        re.compile(r"^i(?:'m| am) (?:severely |very |really )?allergic to (.+)$"),
        lambda m: _fact(f"allergic to {_clean(m.group(1)).lower()}", "yes"),
    ),
    (
        re.compile(rf"^i (?:now |currently )?live in {_PLACE}$"),
        _home,
    ),
    (
        re.compile(
            rf"^i(?:'ve| have)? (?:just |recently |finally )?(?:moved|relocated) to {_PLACE}$"
        ),
        _home,
    ),
    (
        re.compile(rf"^i(?:'ve| have) (?:been )?liv(?:ed|ing) in {_PLACE}$"),
        _home,
    ),
    (
        re.compile(rf"^i(?:'m| am) (?:now )?(?:based|living) in {_PLACE}$"),
        _home,
    ),
    (
        re.compile(r"^i (?:now |currently )?work (?:at|for) (?P<org>.+)$"),
        lambda m: _fact("employer", m.group("org")),
    ),
    (
        re.compile(rf"^i(?:'m| am) (?:now )?(?:working as )?an? ({PROFESSIONS})(?: at .+)?$"),
        lambda m: _fact("job", m.group(1).lower()),
    ),
    (
        re.compile(r"^i work as an? (.+?)(?: at .+)?$"),
        lambda m: _fact("job", m.group(1)),
    ),
    (
        re.compile(r"^i(?:'m| am) retired$"),
        lambda m: _fact("job", "retired"),
    ),
    (
        re.compile(r"^(?:my name is|my name's) (?P<name>.+)$"),
        lambda m: _fact("name", m.group("name")),
    ),
    (
        re.compile(rf"^(?:call me|i(?:'m| am) called|i go by) {_NAME}$"),
        lambda m: _fact("name", m.group("name")),
    ),
    (
        re.compile(r"^(?:my birthday is|i was born)(?: on)? (.+)$"),
        lambda m: _fact("birthday", m.group(1)),
    ),
    (
        re.compile(rf"^my ({RELATIONS})(?:'s)? birthday is(?: on)? (.+)$"),
        lambda m: _fact(f"{_rel(m.group(1))}'s birthday", m.group(2)),
    ),
    (
        re.compile(rf"^my ({RELATIONS}) {_NAME} (?:lives|is living|is based) in {_PLACE}$", re.I),
        lambda m: _fact(f"{_rel(m.group(1))} {m.group('name')}'s home city", m.group("place")),
    ),
    (
        re.compile(rf"^my ({RELATIONS}) {_NAME} (?:has )?(?:moved|relocated) to {_PLACE}$", re.I),
        lambda m: _fact(f"{_rel(m.group(1))} {m.group('name')}'s home city", m.group("place")),
    ),
    (
        re.compile(rf"^my ({RELATIONS})(?:'s name is| is called| is named) (.+)$"),
        lambda m: _fact(_rel(m.group(1)), m.group(2)),
    ),
    (
        re.compile(
            r"^my (doctor|dentist|gp|therapist|accountant|landlord|boss|manager|vet) is"
            rf" (?:dr\.? |doctor )?{_NAME}$"
        ),
        lambda m: _fact(_rel(m.group(1)), m.group(0).split(" is ", 1)[1]),
    ),
    (
        re.compile(rf"^i have an? ({RELATIONS}) (?:named|called) (.+)$"),
        lambda m: _fact(_rel(m.group(1)), m.group(2)),
    ),
    (
        re.compile(
            r"^my ([a-z][a-z' -]{1,30}?) (?:expires|will expire|runs out|is valid until|"
            r"expire)(?: in| on| at the end of)? (.+)$"
        ),
        lambda m: _fact(f"{m.group(1)} expiry", m.group(2)),
    ),
    (
        re.compile(r"^my favou?rite ([a-z][a-z -]{1,30}?) is (.+)$"),
        lambda m: _fact(f"favourite {m.group(1)}", m.group(2)),
    ),
    (
        re.compile(rf"^my ({ATTRIBUTES}) is (.+)$"),
        lambda m: _fact(m.group(1), m.group(2)),
    ),
    (
        re.compile(r"^i speak (.+)$"),
        lambda m: _fact("speaks", m.group(1)),
    ),
    (
        re.compile(r"^i have (\d+|one|two|three|four|five|six) (kids|children|sons|daughters)$"),
        lambda m: _fact(m.group(2) if m.group(2) != "kids" else "children", m.group(1)),
    ),
]

# Negated forms, rewritten to the positive statement they retract.
_NEGATIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^i(?:'m| am) (?:no longer|not|not really) (.+?)(?: any ?more)?$"), r"i'm \1"),
    (re.compile(r"^i(?:'m| am) not (.+?) any ?more$"), r"i'm \1"),
    (re.compile(r"^i stopped being (.+)$"), r"i'm \1"),
    (
        re.compile(r"^i (?:no longer|don't|do not) (live|work|speak) (.+?)(?: any ?more)?$"),
        r"i \1 \2",
    ),
    (re.compile(r"^i (?:quit|left) my job at (.+)$"), r"i work at \1"),
    (re.compile(r"^i (?:no longer|don't|do not) have an? (.+?)(?: any ?more)?$"), r"i have a \1"),
    (re.compile(r"^my (.+?) (?:is no longer|isn't|is not) (.+?)(?: any ?more)?$"), r"my \1 is \2"),
]
# Negations that are themselves positive statements, matched before any rewriting.
_POSITIVE_NEGATIONS = re.compile(r"^i (?:don't|do not|never) eat ")


def _sentences(text: str) -> Iterator[str]:
    for raw in _SENTENCE_END.split(text.replace("\u2019", "'").replace("\u2018", "'")):
        sentence = raw.strip()
        if sentence:
            yield sentence


def learn_facts(user_text: str) -> list[FactChange]:
    """Facts (and retractions) the user states about themselves in `user_text`."""
    changes: list[FactChange] = []
    for sentence in _sentences(user_text):
        if sentence.endswith("?") or _SECRET_WORDS.search(sentence):
            continue
        body = _FILLERS.sub("", sentence).rstrip(" .!;").strip()
        if not body or _QUESTION_START.match(body) or _NOT_A_STATEMENT.search(body):
            continue
        body = _clean(body)  # "I live in Berlin now" states the same as without "now"
        change = _match(body)
        if change is None and not _POSITIVE_NEGATIONS.match(body):
            change = _retraction(body)
        if change is not None:
            changes.append(FactChange(change.key, change.value, change.retract, statement=sentence))
    return changes


def _match(body: str) -> FactChange | None:
    for pattern, build in _RULES:
        found = pattern.match(body)
        if found is not None:
            change = build(found)
            if change is not None:
                return change
    return None


def _retraction(body: str) -> FactChange | None:
    for pattern, positive in _NEGATIONS:
        found = pattern.match(body)
        if found is None:
            continue
        change = _match(found.expand(positive))
        if change is not None:
            return FactChange(change.key, change.value, retract=True)
    return None


_RULES = [(re.compile(p.pattern, re.IGNORECASE), build) for p, build in _RULES]
_NEGATIONS = [(re.compile(p.pattern, re.IGNORECASE), rewrite) for p, rewrite in _NEGATIONS]
_POSITIVE_NEGATIONS = re.compile(_POSITIVE_NEGATIONS.pattern, re.IGNORECASE)
