"""Calendar writes on a CalDAV server: a new resource, or a moved event PUT over its ETag.

The new body is made by the same code as for .ics files (calendar_write), from the body
of the last sync; the PUT is conditional, so a resource changed on the server since then
is refused (412) and nothing is written anywhere.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from familiar.errors import UserError
from familiar.integrations.calendar import Occurrence
from familiar.integrations.calendar_write import added, cancelled, moved
from familiar.integrations.dav.cache import DavCache, Resource
from familiar.integrations.dav.client import Collection, DavClient
from familiar.integrations.sources import SourceEntry

NEW_CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//familiar//familiar//EN\r\nEND:VCALENDAR\r\n"
)


def add_on_server(
    name: str,
    entry: SourceEntry,
    collection: Collection,
    event: tuple[str, datetime, datetime, str],
    now: datetime,
) -> str:
    """PUT a new event (summary, start, end, location) as a new resource; returns its UID."""
    summary, start, end, location = event
    data, uid = added(NEW_CALENDAR, Path("new event.ics"), summary, start, end, location, now)
    with DavClient.for_source(name, entry) as dav:
        dav.put(collection.url + quote(uid, safe="") + ".ics", data, "caldav", None)
    return uid


def _synced(cache: DavCache, name: str, occurrence: Occurrence) -> tuple[Resource, Path]:
    """The event's resource as last synced (the base of a write), and a name for messages."""
    synced = cache.resource(name, occurrence.path)
    if synced is None:
        raise UserError(
            f"{occurrence.summary!r} is not synced yet; run familiar sources sync {name}"
        )
    return synced, Path(Path(unquote(urlsplit(occurrence.path).path)).name)


def move_on_server(
    cache: DavCache,
    name: str,
    entry: SourceEntry,
    occurrence: Occurrence,
    start: datetime,
    tz: tzinfo,
    now: datetime,
) -> str:
    """Move an event or one occurrence (an override) in its resource; says which."""
    synced, label = _synced(cache, name, occurrence)
    data, how = moved(synced.body, label, occurrence, start, tz, now)
    with DavClient.for_source(name, entry) as dav:
        dav.put(occurrence.path, data, "caldav", synced.etag)
    return how


def cancel_on_server(
    cache: DavCache,
    name: str,
    entry: SourceEntry,
    occurrence: Occurrence,
    tz: tzinfo,
    now: datetime,
) -> str:
    """Delete an event's resource, or exclude one occurrence (PUT), over its ETag."""
    synced, label = _synced(cache, name, occurrence)
    data, how = cancelled(synced.body, label, occurrence, tz, now)
    with DavClient.for_source(name, entry) as dav:
        if b"BEGIN:VEVENT" in data:
            dav.put(occurrence.path, data, "caldav", synced.etag)
        else:  # the resource held only this event
            dav.delete(occurrence.path, synced.etag)
    return how
