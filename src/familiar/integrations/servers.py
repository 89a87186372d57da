"""Where a mail server is and how to reach it, from a URL such as `imaps://mail.example.com`.

The scheme says how the connection is protected: `imaps`/`smtps` speak TLS from the
start, `imap+starttls`/`smtp+starttls` upgrade a plain connection before logging in,
and plain `imap`/`smtp` are allowed only on this machine (a password must not cross
a network unencrypted). Certificates are checked against the system's trust store
(`SSL_CERT_FILE` adds another).
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from familiar.errors import UserError

Security = Literal["tls", "starttls", "plain"]
_PORTS = {
    "imap": {"tls": 993, "starttls": 143, "plain": 143},
    "smtp": {"tls": 465, "starttls": 587, "plain": 25},
}


@dataclass(frozen=True)
class Server:
    """A mail server's host, port and connection security."""

    protocol: str  # "imap" or "smtp"
    host: str
    port: int
    security: Security

    def describe(self) -> str:
        """host:port, for messages."""
        return f"{self.host}:{self.port}"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_server(url: str, protocol: str) -> Server:
    """The server a URL names; a bare host means the TLS scheme's default port."""
    text = url.strip()
    if "://" not in text:
        text = f"{protocol}s://{text}"
    parts = urlsplit(text)
    schemes: dict[str, Security] = {
        f"{protocol}s": "tls",
        f"{protocol}+starttls": "starttls",
        protocol: "plain",
    }
    if parts.scheme not in schemes:
        shown = ", ".join(f"{s}://" for s in schemes)
        raise UserError(f"{url!r} is not an {protocol.upper()} server URL; use {shown}")
    try:
        port = parts.port
    except ValueError:
        raise UserError(f"{url!r}: the port is not a number from 1 to 65535") from None
    host = parts.hostname or ""
    if not host:
        raise UserError(f"{url!r} names no host, e.g. {protocol}s://mail.example.com")
    security = schemes[parts.scheme]
    if security == "plain" and not _loopback(host):
        raise UserError(
            f"{url!r}: an unencrypted connection would send your password in clear; use "
            f"{protocol}s:// or {protocol}+starttls://"
        )
    return Server(protocol, host, port or _PORTS[protocol][security], security)


def tls_context() -> ssl.SSLContext:
    """Certificate and host name checked, as a mail client must."""
    return ssl.create_default_context()


def reason(exc: BaseException, timeout: float) -> str:
    """Why a connection failed, in a few words ("Connection refused")."""
    if isinstance(exc, socket.timeout):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc.args[0] if exc.args else exc)
    if text[:2] in ("b'", 'b"'):  # imaplib's errors carry the server's bytes
        text = text[2:-1]
    return text or type(exc).__name__
