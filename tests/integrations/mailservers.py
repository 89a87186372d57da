"""Real mail servers on loopback for the tests: dovecot (IMAP) and aiosmtpd (SMTP).

A server that cannot start raises, so the tests that need it fail; none is skipped.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (trust it with SSL_CERT_FILE)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _wait_for(port: int, proc: subprocess.Popen[bytes] | None, log: Path | None) -> None:
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
                said = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
                raise RuntimeError(f"the server on port {port} did not start:\n{said}") from None
            time.sleep(0.05)


@dataclass
class Dovecot:
    """A running dovecot: its port, and how to give it users with mail."""

    port: int  # plain IMAP, STARTTLS offered when started with TLS
    root: Path
    owner: tuple[int, int]  # uid, gid the mail belongs to
    tls_port: int = 0  # IMAPS, when started with TLS

    def add_user(self, user: str, secret: str, maildir: Path | None = None) -> Path:
        """A login (a passwd-file of its own) with a copy of `maildir` as its mail."""
        home = self.root / "mail" / user
        target = home / "Maildir"
        if maildir is not None:
            shutil.copytree(maildir, target, copy_function=shutil.copy2)
        else:
            for sub in ("cur", "new", "tmp"):
                (target / sub).mkdir(parents=True, exist_ok=True)
        for path in [home, *home.rglob("*")]:
            os.chown(path, *self.owner)
        (self.root / "users" / user).write_text(f"{user}:{{PLAIN}}{secret}\n")
        return target


def _config(
    root: Path, ports: tuple[int, int], login_user: str, internal_user: str, uid: int, tls: str
) -> str:
    port, tls_port = ports
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
{tls}
disable_plaintext_auth = no
auth_failure_delay = 0
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = {uid}
mail_location = maildir:{root}/mail/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users/%u
}}
userdb {{
  driver = static
  args = uid={uid} gid={uid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
"""


@contextmanager
def dovecot(cert: tuple[Path, Path] | None = None) -> Iterator[Dovecot]:
    """dovecot (Debian's dovecot-imapd) on 127.0.0.1 with its own config file; stopped after.

    With a certificate and key it speaks IMAPS on `tls_port` and STARTTLS on `port`.
    """
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not Path(binary).exists():
        raise RuntimeError("dovecot is not installed; `make services` installs dovecot-imapd")
    # not under pytest's private tmp: dovecot's own users must reach the folders
    root = Path(tempfile.mkdtemp(prefix="familiar-test-dovecot-"))
    root.chmod(0o755)
    me = pwd.getpwuid(os.getuid()).pw_name
    if os.getuid() == 0:  # dovecot will not log in or read mail as root: its own users do
        mail_user = pwd.getpwnam("dovecot")
        login_user, internal_user = "dovenull", "dovecot"
    else:
        mail_user = pwd.getpwuid(os.getuid())
        login_user = internal_user = me
    ports = (free_port(), free_port() if cert else 0)
    tls = f"ssl = yes\nssl_cert = <{cert[0]}\nssl_key = <{cert[1]}" if cert else "ssl = no"
    (root / "users").mkdir()
    conf = root / "dovecot.conf"
    conf.write_text(_config(root, ports, login_user, internal_user, mail_user.pw_uid, tls))
    log = root / "dovecot.log"
    proc = subprocess.Popen(
        [binary, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        for port in ports:
            if port:
                _wait_for(port, proc, log)
        yield Dovecot(ports[0], root, (mail_user.pw_uid, mail_user.pw_gid), ports[1])
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Inbox:
    """What an SMTP server received: each message's envelope and bytes."""

    received: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        """Keep the message; 250 tells the client it was taken."""
        self.received.append(envelope)
        return "250 OK"


@contextmanager
def smtp_server(
    login: tuple[str, str] | None = None, tls: ssl.SSLContext | None = None, starttls: bool = False
) -> Iterator[tuple[int, Inbox]]:
    """aiosmtpd on a free loopback port; its inbox.

    With `login`, that one login is required; with `tls`, the server speaks TLS from the
    start, or offers and requires STARTTLS when `starttls` is set.
    """
    inbox = Inbox()

    def check(
        server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and login is not None
        ok = ok and (data.login.decode(), data.password.decode()) == login
        return AuthResult(success=ok, handled=False)

    port = free_port()
    options: dict[str, Any] = {"enable_SMTPUTF8": True}
    if login is not None:
        # loopback only: AUTH without TLS is what a local relay does
        options.update(authenticator=check, auth_required=True, auth_require_tls=False)
    if tls is not None and starttls:
        options.update(tls_context=tls, require_starttls=True)
    elif tls is not None:
        options.update(ssl_context=tls)
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        _wait_for(port, None, None)
        yield port, inbox
    finally:
        controller.stop()
