"""The fixed vocabulary of permissions a skill's tools may ask for.

A manifest that names anything else is refused: the user is shown these words when a
skill is enabled, so each must mean one thing they can judge.
"""

from __future__ import annotations

from collections.abc import Iterable

PERMISSIONS: dict[str, str] = {
    "time.read": "read the date, time and time zone",
    "sensors.read": "read this machine's state: battery, network, idle time, location",
    "memory.read": "search your long-term memory and profile",
    "memory.write": "add to your memory and profile",
    "memory.forget": "delete items from your memory",
    "reminders.read": "read your reminders",
    "reminders.write": "create and complete reminders",
    "notes.read": "read your notes",
    "notes.write": "write to your notes",
    "calendar.read": "read your calendars",
    "calendar.write": "create, move and delete calendar events",
    "contacts.read": "read your contacts",
    "contacts.write": "change your contacts",
    "mail.read": "read your mail",
    "mail.send": "send mail as you",
    "files.read": "read files in folders you configured",
    "files.write": "write files in folders you configured",
    "device.read": "read the state of your smart-home devices",
    "device.control": "switch and set your smart-home devices",
    "network.fetch": "fetch pages and data from the internet",
    "money.spend": "pay or spend money on your behalf",
    "mcp.call": "send your requests to an external MCP server",
}


def unknown_permissions(names: Iterable[str]) -> list[str]:
    """The names that are not in the vocabulary, in the order given."""
    return [n for n in names if n not in PERMISSIONS]
