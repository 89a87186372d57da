"""What kernel tests share: the frozen time and zone, and a confirmer that answers from a list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from familiar.kernel.agent import Agent

LISBON = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 26, 14, 5, tzinfo=LISBON)


MakeAgent = Callable[..., Agent]
