"""The user's calendars (.ics files, CalDAV servers): what is on, add an event, move an event.

Times are the user's own words resolved by code (familiar.timewords), never the model's
arithmetic. Adding an event writes a new VEVENT into the user's file; moving one changes
an existing entry, which other people may rely on, so it is an external effect and the
dispatcher asks first (the policy lets `write` through without asking).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from familiar.errors import AskUser, ToolRetry
from familiar.integrations.base import fold
from familiar.kernel.tools import Reply, ToolContext, tool
from familiar.memory.parsers import SkipFile
from familiar.security.policy import Effect
from familiar.skills.base import Skill
from familiar.skills.builtin.sourcefiles import (
    resync,
    server_resources,
    server_sources,
    source_files,
)
from familiar.timewords import resolve_when, users_time_words, users_words_in

if TYPE_CHECKING:  # icalendar is imported when a calendar tool first runs, not at start-up
    from familiar.integrations.calendar import Occurrence
    from familiar.integrations.dav.client import Collection

_CLOCK = re.compile(r"\d{1,2}:\d{2}|\d\s*(am|pm)\b|\b(noon|midnight)\b", re.IGNORECASE)
_SAME_TIME = re.compile(r"\b(at\s+)?the\s+same\s+time\b|\bsame\s+time\b", re.IGNORECASE)
_PREFERRED = ("personal", "calendar", "home", "main")


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tz)


def day_range(words: str, now: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """The days that words such as "thursday", "tomorrow" or "next week" cover."""
    text = words.strip().lower() or "today"
    today = now.astimezone(tz).date()
    if "weekend" in text:
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        saturday += timedelta(days=7) if "next" in text else timedelta(0)
        return _midnight(saturday, tz), _midnight(saturday + timedelta(days=2), tz)
    if "week" in text:
        monday = today - timedelta(days=today.weekday())
        monday += timedelta(days=7 if "next" in text else -7 if "last" in text else 0)
        return _midnight(monday, tz), _midnight(monday + timedelta(days=7), tz)
    day = resolve_when(text, now, tz).date()
    return _midnight(day, tz), _midnight(day + timedelta(days=1), tz)


def _calendars(ctx: ToolContext) -> list[tuple[str, str, str, Any]]:
    """(source, file path or resource URL, calendar name or '', parsed calendar)."""
    from familiar.integrations.calendar import load

    found = []
    for source, path in source_files(ctx, "calendar"):
        try:
            found.append((source, str(path), "", load(path.read_bytes())))
        except (OSError, SkipFile):
            continue  # `familiar sources list` reports it
    for resource, name in server_resources(ctx, "calendar"):
        try:
            found.append((resource.source, resource.url, name, load(resource.body)))
        except SkipFile:
            continue
    return found


def _events(ctx: ToolContext, lo: datetime, hi: datetime) -> list[Occurrence]:
    from familiar.integrations.calendar import occurrences

    found = []
    for _, where, name, cal in _calendars(ctx):
        found.extend(occurrences(cal, lo, hi, ctx.tz, where, name))
    found.sort(key=lambda o: (o.start, o.summary))
    return found


def describe(occ: Occurrence, tz: tzinfo) -> dict[str, Any]:
    """An occurrence as the model and the user see it, in the user's zone."""
    start, end = occ.start.astimezone(tz), occ.end.astimezone(tz)
    when = (
        f"{start:%a %Y-%m-%d}, all day" if occ.all_day else f"{start:%a %Y-%m-%d %H:%M}-{end:%H:%M}"
    )
    shown = {"title": occ.summary, "when": when, "calendar": occ.calendar}
    if occ.location:
        shown["where"] = occ.location
    if occ.recurring:
        shown["repeats"] = "yes"
    return shown


def _user_words(proposed: str, ctx: ToolContext) -> str:
    try:
        return users_time_words(proposed, ctx.request_text, ctx.now())
    except ToolRetry:
        return proposed  # no time phrase in the request: the model's words stand


@tool(effect=Effect.READ, trusted_output=False, permissions=("calendar.read",))
def list_events(ctx: ToolContext, when: str = "today") -> Reply:
    """List calendar events, as in "what's on my calendar <day>?".

    Args:
        when: the user's words for the day or week, e.g. "thursday"
    """
    lo, hi = day_range(_user_words(when, ctx), ctx.clock(), ctx.tz)
    shown = [describe(o, ctx.tz) for o in _events(ctx, lo, hi)]
    last = hi - timedelta(days=1)
    span = f"{lo:%a %Y-%m-%d}" + ("" if last.date() == lo.date() else f" to {last:%a %Y-%m-%d}")
    data = {"range": span, "events": shown}
    if not shown:
        return Reply(data, f"Nothing on your calendar for {span}.")
    lines = [
        f"- {e['when']}: {e['title']}" + (f" ({e['where']})" if "where" in e else "") for e in shown
    ]
    return Reply(data, f"Your calendar, {span}:\n" + "\n".join(lines))


def _targets(ctx: ToolContext) -> list[tuple[str, str, Path | Collection]]:
    """(source, calendar name, its file or server collection) for every calendar."""
    found: list[tuple[str, str, Path | Collection]] = [
        (source, path.stem, path) for source, path in source_files(ctx, "calendar")
    ]
    if server_sources(ctx, "calendar"):
        from familiar.integrations.dav.cache import DavCache

        cache = DavCache(ctx.store.sync_state())
        for source in server_sources(ctx, "calendar"):
            found.extend((source, c.name, c) for c in cache.collections(source).values())
    if not found:
        raise ToolRetry("no calendar is synced yet; tell the user to run `familiar sources sync`")
    return found


def _target(ctx: ToolContext, calendar: str) -> tuple[str, str, Path | Collection]:
    targets = _targets(ctx)
    if calendar.strip():
        wanted = fold(calendar)
        for source, name, where in targets:
            if wanted in fold(name) or wanted == fold(source):
                return source, name, where
        names = ", ".join(name for _, name, _ in targets)
        raise ToolRetry(f"there is no calendar {calendar!r}; calendars: {names}")
    for preferred in _PREFERRED:
        for target in targets:
            if fold(target[1]) == preferred:
                return target
    return targets[0]


@tool(effect=Effect.WRITE, permissions=("calendar.write",))
def add_event(
    ctx: ToolContext,
    title: str,
    when: str,
    duration_minutes: int = 60,
    location: str = "",
    calendar: str = "",
) -> Reply:
    """Add a calendar event, as in "add dentist tuesday 3pm".

    Args:
        title: e.g. "Dentist"
        when: the user's words for its start, e.g. "tuesday at 3pm"
        duration_minutes: its length
        location: where, if said
        calendar: which calendar, if said
    """
    from familiar.integrations.calendar_write import add_event as write_event
    from familiar.integrations.calendar_write import check_unchanged

    if not title.strip():
        raise ToolRetry("the event has no title; say what it is")
    if not 1 <= duration_minutes <= 7 * 24 * 60:
        raise ToolRetry("duration_minutes must be between 1 and 10080")
    try:
        start = resolve_when(
            users_time_words(when, ctx.request_text, ctx.now()), ctx.clock(), ctx.tz
        )
    except AskUser as exc:
        what = users_words_in(title, ctx.request_text)
        question = f"When is {what}?" if what else "When is it?"
        raise AskUser(str(exc), question, retry_first=exc.retry_first) from None
    source, name, where = _target(ctx, calendar)
    end = start + timedelta(minutes=duration_minutes)
    if isinstance(where, Path):
        check_unchanged(ctx.store.sync_state(), source, where)
        uid = write_event(where, title.strip(), start, end, location.strip(), ctx.clock())
    else:
        from familiar.integrations.dav.write import add_on_server

        event = (title.strip(), start, end, location.strip())
        uid = add_on_server(source, ctx.settings.sources[source], where, event, ctx.clock())
    resync(ctx, source)
    shown = f"{start:%a %Y-%m-%d %H:%M}-{end:%H:%M}"
    return Reply(
        {"added": {"title": title.strip(), "when": shown, "calendar": name, "uid": uid}},
        f"Added to your {name} calendar: {title.strip()}, {shown}.",
    )


def _matches(occ: Occurrence, words: str) -> bool:
    haystack = fold(f"{occ.summary} {occ.location}")
    return all(w in haystack for w in fold(words).split())


def _find(ctx: ToolContext, event: str, when: str) -> Occurrence:
    lo, hi = day_range(when, ctx.clock(), ctx.tz)
    found = [o for o in _events(ctx, lo, hi) if _matches(o, event)]
    if _CLOCK.search(when):
        at = resolve_when(when, ctx.clock(), ctx.tz)
        found = [o for o in found if o.start == at]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ToolRetry(f"no event matching {event!r} at {when!r}; call list_events to see them")
    options = "; ".join(f"{d['title']} {d['when']}" for d in (describe(o, ctx.tz) for o in found))
    raise ToolRetry(f"several events match; ask the user which: {options}")


def _new_start(occ: Occurrence, to: str, ctx: ToolContext) -> datetime:
    words = _SAME_TIME.sub("", to).strip(" ,")
    moment = resolve_when(words, ctx.clock(), ctx.tz)
    if _CLOCK.search(words) or occ.all_day:
        return moment
    # "to Friday": the same time of day on the new date
    return datetime.combine(moment.date(), occ.start.astimezone(ctx.tz).time(), ctx.tz)


@tool(effect=Effect.EXTERNAL, permissions=("calendar.write",))
def move_event(ctx: ToolContext, event: str, when: str, to: str) -> Reply:
    """Move a calendar event, as in "move my 3pm with Dana to friday same time".

    Args:
        event: words from its title, e.g. "Dana", or ""
        when: the user's words for its current time, e.g. "3pm"
        to: the user's words for the new time, e.g. "friday same time"
    """
    from familiar.integrations.calendar_write import check_unchanged, move

    occ = _find(ctx, event, when)
    start = _new_start(occ, to, ctx)
    source = next(s for s, where, _, _ in _calendars(ctx) if where == occ.path)
    entry = ctx.settings.sources[source]
    if entry.url is None:
        path = Path(occ.path)
        check_unchanged(ctx.store.sync_state(), source, path)
        how = move(path, occ, start, ctx.tz, ctx.clock())
    else:
        from familiar.integrations.dav.cache import DavCache
        from familiar.integrations.dav.write import move_on_server

        cache = DavCache(ctx.store.sync_state())
        how = move_on_server(cache, source, entry, occ, start, ctx.tz, ctx.clock())
    resync(ctx, source)
    before = describe(occ, ctx.tz)["when"]
    after = f"{start.astimezone(ctx.tz):%a %Y-%m-%d %H:%M}"
    note = " (only this occurrence; the series is unchanged)" if how != "event" else ""
    return Reply(
        {"moved": occ.summary, "from": before, "to": after, "how": how},
        f"Moved {occ.summary} from {before} to {after}{note}.",
    )


@tool(effect=Effect.EXTERNAL, permissions=("calendar.write",))
def cancel_event(ctx: ToolContext, event: str, when: str) -> Reply:
    """Delete a calendar event, or one occurrence of a repeating one,
    as in "cancel my 3pm with Dana", "delete <event> on <day>".

    Args:
        event: words from its title, e.g. "Dana", or ""
        when: the user's words for its time, e.g. "3pm" or "friday"
    """
    from familiar.integrations.calendar_write import cancel, check_unchanged

    occ = _find(ctx, event, when)
    source = next(s for s, where, _, _ in _calendars(ctx) if where == occ.path)
    entry = ctx.settings.sources[source]
    if entry.url is None:
        path = Path(occ.path)
        check_unchanged(ctx.store.sync_state(), source, path)
        how = cancel(path, occ, ctx.tz, ctx.clock())
    else:
        from familiar.integrations.dav.cache import DavCache
        from familiar.integrations.dav.write import cancel_on_server

        cache = DavCache(ctx.store.sync_state())
        how = cancel_on_server(cache, source, entry, occ, ctx.tz, ctx.clock())
    resync(ctx, source)
    when_text = describe(occ, ctx.tz)["when"]
    note = " (only this occurrence; the rest of the series stays)" if how != "event" else ""
    return Reply(
        {"cancelled": occ.summary, "when": when_text, "how": how},
        f"Deleted {occ.summary} on {when_text}{note}.",
    )


SKILL = Skill(
    name="calendar",
    description="Your calendars (.ics, CalDAV): what is on, add, move or delete an event.",
    tools=(list_events, add_event, move_event, cancel_event),
    enabled_by_default=False,  # `familiar sources add calendar` turns it on
)
