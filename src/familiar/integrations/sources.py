"""A source: a configured, scheduled use of memory's ingestion (kind, path, name, credentials).

Sources live in the config file under `[sources.NAME]`, next to `[models]`: they are
choices the user makes and may edit by hand or copy to another device. What sync
learned about them (files seen, items made, skipped files) is state, kept in the store.

A credential is never written into the config: a source names where to get it (a
command such as `pass show mail`, an environment variable, or a system keyring entry),
and `familiar config show` redacts the command.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, model_validator

from familiar.errors import UserError

SourceKind = Literal[
    "calendar", "contacts", "mail", "imap", "notes", "documents", "caldav", "carddav"
]
SOURCE_KINDS: tuple[str, ...] = (
    "calendar",
    "contacts",
    "mail",
    "imap",
    "notes",
    "documents",
    "caldav",
    "carddav",
)
SERVER_KINDS = frozenset({"imap", "caldav", "carddav"})
RESERVED_NAMES = frozenset({"user", "conversation", "profile", "learned", "tool"})
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_PLAINTEXT = ("password", "pass", "secret", "token", "api_key", "apikey")
REDACTED = "<redacted>"


def _no_plaintext(data: Any) -> Any:
    if isinstance(data, dict):
        for key in data:
            if str(key).lower() in _PLAINTEXT:
                raise ValueError(
                    f"a plaintext {key} is not allowed in the config; "
                    "use password_command, password_env or keyring"
                )
    return data


class SmtpSettings(BaseModel):
    """How a mail source sends: the server, and the address it sends as.

    The login uses the source's own password reference (one account, one secret).
    """

    model_config = ConfigDict(extra="forbid")

    url: str = Field(description="smtps://host[:465], smtp+starttls://host[:587]")
    address: str = Field(description="the From address, e.g. 'Ana Costa <ana@example.org>'")
    username: str | None = Field(None, description="login name (default: the source's)")

    _plain = model_validator(mode="before")(_no_plaintext)


class SourceEntry(BaseModel):
    """One configured source; exactly one of path (files) or url (an IMAP server)."""

    model_config = ConfigDict(extra="forbid")

    kind: SourceKind
    path: str | None = Field(None, description="file or folder the source reads")
    url: str | None = Field(
        None, description="server URL: imaps://mail.example.org, or a CalDAV/CardDAV home"
    )
    username: str | None = Field(None, description="login name for a server source")
    password_command: str | None = Field(
        None, description="command printing the password, e.g. 'pass show mail'"
    )
    password_env: str | None = Field(None, description="environment variable with the password")
    keyring: str | None = Field(None, description="system keyring service holding the password")
    every: int = Field(
        15, ge=1, le=7 * 24 * 60, description="minutes between syncs by `sources sync --due`"
    )

    smtp: SmtpSettings | None = Field(None, description="for mail: the server that sends")

    _plain = model_validator(mode="before")(_no_plaintext)

    @model_validator(mode="after")
    def _one_credential(self) -> SourceEntry:
        given = [n for n in ("password_command", "password_env", "keyring") if getattr(self, n)]
        if len(given) > 1:
            raise ValueError(f"give one way to get the password, not {' and '.join(given)}")
        if (self.path is None) == (self.url is None):
            raise ValueError("a source needs a path (or, for a server, a url)")
        if self.url is not None and urlsplit(self.url).password is not None:
            raise ValueError("a password in the url is not allowed; use --username and a reference")
        if self.kind in SERVER_KINDS and self.url is None:
            raise ValueError(f"a {self.kind} source needs the server's url, not a path")
        if self.smtp is not None and self.kind not in ("mail", "imap"):
            raise ValueError("only a mail or imap source can have smtp settings")
        return self

    def root(self) -> Path:
        """The source's file or folder, as an absolute path."""
        if self.path is None:
            raise UserError(f"this {self.kind} source is a server ({self.url}), not a file")
        return Path(os.path.abspath(Path(self.path).expanduser()))


def check_name(name: str) -> str:
    """A valid source name (it is also the memory `source` of everything it imports)."""
    name = name.strip().lower()
    if not _NAME.match(name):
        raise UserError(
            f"source name {name!r}: use 1-40 lowercase letters, digits, - or _, e.g. 'work-mail'"
        )
    if name in RESERVED_NAMES:
        raise UserError(f"source name {name!r} is used by familiar itself; pick another")
    return name


def redacted(entry: dict[str, Any]) -> dict[str, Any]:
    """A source's config as `config show` prints it: the password command hidden."""
    return {k: (REDACTED if k == "password_command" else v) for k, v in entry.items()}


def password(entry: SourceEntry, timeout: float = 30.0) -> str:
    """Fetch the source's password from where its config points; never from the config."""
    if entry.password_env:
        value = os.environ.get(entry.password_env)
        if not value:
            raise UserError(f"environment variable {entry.password_env} is not set")
        return value
    if entry.password_command:
        try:
            done = subprocess.run(
                shlex.split(entry.password_command),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UserError(f"the password command could not run: {exc}") from None
        if done.returncode != 0:
            raise UserError(f"the password command failed (exit {done.returncode})")
        return done.stdout.rstrip("\n").split("\n", 1)[0]  # `pass` prints the secret first
    if entry.keyring:
        try:
            import keyring  # type: ignore[import-not-found]  # optional: only for keyring users
        except ImportError:
            raise UserError("the keyring package is needed: pip install keyring") from None
        value = keyring.get_password(entry.keyring, entry.username or "")
        if value is None:
            raise UserError(f"no password in the keyring for {entry.keyring}")
        return str(value)
    raise UserError("this source has no password_command, password_env or keyring")
