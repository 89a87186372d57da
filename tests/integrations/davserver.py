"""A real Radicale CalDAV/CardDAV server on loopback, with the synthetic person uploaded.

The person's calendars and cards are uploaded once into a template storage folder; each
test starts its own server on a copy, so it may change and delete what it likes.
A server that does not start fails the test; it is never skipped.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

USER, PASSWORD = "person", "correct horse"
_LOGGED = re.compile(r"\[\w+\] (\w+) response status for '([^']*)'")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Radicale:
    """One running server; `requests()` reads what it served from its own log."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def home(self) -> str:
        return f"http://127.0.0.1:{self.port}/{USER}/"

    def start(self) -> None:
        """Start the server and wait until it answers; fail the test if it cannot."""
        (self.folder / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
        args = [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{self.port}",
            "--storage-filesystem-folder",
            str(self.folder / "storage"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(self.folder / "users"),
            "--auth-htpasswd-encryption",
            "plain",
            "--auth-delay",
            "0",
            "--logging-level",
            "info",
        ]
        with (self.folder / "server.log").open("ab") as log:  # the server keeps its own copy
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"radicale exited ({self.process.returncode}): {self.log()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail("radicale did not start within 30 s")

    def stop(self) -> None:
        """Stop the server (the port then refuses connections)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def log(self) -> str:
        return (self.folder / "server.log").read_text(encoding="utf-8", errors="replace")

    def requests(self) -> list[tuple[str, str]]:
        """(method, path) of every request the server answered so far."""
        return _LOGGED.findall(self.log())

    def client(self) -> httpx.Client:
        """Another program changing the data on the server (a phone, a web calendar)."""
        return httpx.Client(auth=(USER, PASSWORD), timeout=30)


def uploaded(person: Path, part: str) -> list[Path]:
    """The readable calendar (.ics) or contacts (.vcf) files of the person, as uploaded."""
    manifest = json.loads((person / "manifest.json").read_text(encoding="utf-8"))
    broken = {f["path"] for f in manifest["files"] if f["broken"]}
    suffix = ".ics" if part == "calendar" else ".vcf"
    return [
        p for p in sorted((person / part).glob(f"*{suffix}")) if f"{part}/{p.name}" not in broken
    ]


def upload_person(person: Path, server: Radicale) -> None:
    """The person's calendars (one collection per file) and cards (one address book)."""
    with server.client() as http:
        for path in uploaded(person, "calendar"):
            put = http.put(
                f"{server.home}{path.stem}/",
                content=path.read_bytes(),
                headers={"Content-Type": "text/calendar"},
            )
            assert put.status_code == 201, put.text
        cards = b"".join(
            p.read_bytes().rstrip(b"\r\n") + b"\r\n" for p in uploaded(person, "contacts")
        )
        put = http.put(
            f"{server.home}contacts/", content=cards, headers={"Content-Type": "text/vcard"}
        )
        assert put.status_code == 201, put.text


def template(person: Path, folder: Path) -> Path:
    """A storage folder holding the uploaded person (made once per session)."""
    server = Radicale(folder, _free_port())
    server.start()
    try:
        upload_person(person, server)
        with server.client() as http:  # builds the server's cache once, copied with the folder
            for depth in ("1", "infinity"):
                http.request("PROPFIND", server.home, headers={"Depth": depth}).raise_for_status()
    finally:
        server.stop()
    return folder / "storage"


def serve_copy(storage: Path, folder: Path) -> Radicale:
    """A new server on a private copy of a storage folder."""
    folder.mkdir(parents=True)
    shutil.copytree(storage, folder / "storage")
    server = Radicale(folder, _free_port())
    server.start()
    return server
