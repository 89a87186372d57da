"""The synthetic person: one plausible year of a life, in the formats real tools write.

A development tool for tests and measurements, not a user command. No model, no network.

    python -m familiar.testing.person --seed 7 --out /tmp/person [--anchor 2026-06-01]

or from Python: ``generate(Path("/tmp/person"), seed=7, anchor=date(2026, 6, 1))``, which
returns the `Manifest`. The output folder is replaced if it holds a generated person and
refused if it holds anything else. The same seed and anchor give byte-identical output
(checked across processes with different PYTHONHASHSEED); another seed gives another
person (name, city, employer, family, numbers, dates).

Time: the history covers the 365 days before the anchor (default 2026-06-01, so
2025-06-01 to 2026-05-31); "now" is 08:00 home time on the anchor day and no mail is
dated later; the calendar also holds upcoming events for 92 days after it. The time zone
rules are written out in `zones.py` (not read from the system's tzdata) so the output
does not change when tzdata does; a test checks them against tzdata.

Layout (all paths relative to the output folder):
    profile.json                 the user: name, home and zone, work, family, diet,
                                 allergies, birthdays, preferences (the answer key)
    contacts/*.vcf               one card a file (vCard 3.0 and 4.0) plus
                                 work-directory.vcf, a multi-card 3.0 export of colleagues
    calendar/*.ics               personal, work, birthdays, holidays: RRULE, EXDATE,
                                 RECURRENCE-ID overrides, all-day events, attendees, a
                                 New York trip across a US clock change
    mail/Maildir/                INBOX plus .Sent, .Archive, .Newsletters (Maildir++);
                                 threads, HTML-only newsletters, bills with PDFs,
                                 invitations with .ics, latin-1 and Shift_JIS mail
    mail/archive.mbox            a running club's mailing-list archive
    notes/                       an Obsidian vault: front matter, #tags, [[links]]
    documents/                   PDF, HTML, plain text, CSV
    devices/discovery/<topic>.json   Home Assistant MQTT discovery payloads
    devices/states.jsonl         one day of state messages
    manifest.json                see below

manifest.json holds ``files`` (path, kind, broken, reason), ``people`` (key, names,
aliases such as "my sister", card path and UID) and ``facts``: id, text, category,
question, answer, supersedes / superseded_by, ``items`` (path plus uid / recurrence_id /
message_id / line, and the strings that show the fact in that item), the union of those
``strings`` and ``distractors`` (items that share words but do not answer). Question sets
and checks are written against the manifest, never against files read by hand;
`lookup.GeneratedPerson` loads a folder and reads any item back as decoded text.

Measured on the 2-core development machine (seed 7, default anchor):
    /usr/bin/time -v python -m familiar.testing.person --seed 7 --out /tmp/person
    du -sh /tmp/person
gives 0.6-1.8 s wall time (the machine was shared, load 4-5), about 125 MB peak memory
(the 50 MiB text file is built in memory), 56 MB on disk (50 MiB of it that deliberately
oversized file) in 1,231 files: 100 contacts, 317 events, 1,041 Maildir messages and 65
in the mbox, 89 notes, 517 facts. The tests in tests/person assert < 30 s and < 100 MB.
"""

from familiar.testing.person.build import generate
from familiar.testing.person.lookup import GeneratedPerson
from familiar.testing.person.manifest import Fact, Item, Manifest
from familiar.testing.person.world import DEFAULT_ANCHOR, DEFAULT_SEED

__all__ = [
    "DEFAULT_ANCHOR",
    "DEFAULT_SEED",
    "Fact",
    "GeneratedPerson",
    "Item",
    "Manifest",
    "generate",
]
