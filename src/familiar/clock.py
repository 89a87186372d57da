"""Time as an injected dependency, so tests can freeze it."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from familiar.errors import UserError

Clock = Callable[[], datetime]
"""Returns the current time as an aware datetime."""


def system_clock() -> datetime:
    """The real current time, in UTC."""
    return datetime.now(UTC)


def fixed_clock(at: datetime) -> Clock:
    """A clock frozen at `at` (for tests and replays)."""
    if at.tzinfo is None:
        raise ValueError("fixed_clock needs an aware datetime")
    return lambda: at


def clock_from_env() -> Clock:
    """A clock frozen at `FAMILIAR_NOW` (ISO 8601 with offset) if set, else the real one.

    For tests and demos that must not depend on today's date.
    """
    frozen = os.environ.get("FAMILIAR_NOW")
    if not frozen:
        return system_clock
    try:
        at = datetime.fromisoformat(frozen)
    except ValueError:
        raise UserError(f"FAMILIAR_NOW={frozen!r} is not an ISO 8601 time") from None
    if at.tzinfo is None:
        raise UserError(f"FAMILIAR_NOW={frozen!r} needs an offset, e.g. 2026-11-26T14:00+00:00")
    return fixed_clock(at)


def resolve_timezone(name: str | None) -> ZoneInfo:
    """The configured IANA zone, or the system's local zone when unset."""
    if not name:
        import tzlocal

        return ZoneInfo(tzlocal.get_localzone_name() or "UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            f"unknown time zone {name!r}: use an IANA name such as 'Europe/Lisbon' "
            "(familiar config set timezone ...)"
        ) from None
