"""The few WebDAV requests a CalDAV/CardDAV source needs, each failure as one clear line."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import quote, unquote, urljoin, urlsplit

import httpx

from familiar.errors import UserError
from familiar.integrations.sources import SourceEntry, password

DAV, CALDAV, CARDDAV, CS = (
    "DAV:",
    "urn:ietf:params:xml:ns:caldav",
    "urn:ietf:params:xml:ns:carddav",
    "http://calendarserver.org/ns/",
)
# what a source of each kind reads: the collection type, the multiget, the data property
_KIND = {
    "caldav": (f"{{{CALDAV}}}calendar", "calendar-multiget", f"{{{CALDAV}}}calendar-data", CALDAV),
    "carddav": (
        f"{{{CARDDAV}}}addressbook",
        "addressbook-multiget",
        f"{{{CARDDAV}}}address-data",
        CARDDAV,
    ),
}
MEDIA = {"caldav": "text/calendar; charset=utf-8", "carddav": "text/vcard; charset=utf-8"}
MULTIGET_BATCH = 200  # hrefs per REPORT: one request for a typical change, bounded for a first sync

_COLLECTIONS = (
    '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" '
    'xmlns:cs="http://calendarserver.org/ns/"><d:prop><d:resourcetype/><d:displayname/>'
    "<cs:getctag/><d:sync-token/></d:prop></d:propfind>"
)
_ETAGS = (
    '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:">'
    "<d:prop><d:resourcetype/><d:getetag/></d:prop></d:propfind>"
)


class Conflict(UserError):
    """A conditional PUT refused (412): the resource changed on the server."""


@dataclass(frozen=True)
class Collection:
    """A calendar or address book on the server."""

    url: str
    name: str
    tag: str  # ctag or sync-token: changes whenever anything in it changes; '' if none


def canonical(base: str, href: str) -> str:
    """An href from the server as one absolute URL, however the server escaped it."""
    absolute = urljoin(base, href)
    parts = urlsplit(absolute)
    return f"{parts.scheme}://{parts.netloc}{quote(unquote(parts.path), safe='/@:+,;=~')}"


class DavClient:
    """A logged-in session with one CalDAV/CardDAV server; counts the requests it makes."""

    def __init__(self, source: str, url: str, username: str, secret: str, timeout: float = 30.0):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UserError(f"source {source}: {url!r} is not an http(s) URL")
        self.source, self.url = source, url if url.endswith("/") else url + "/"
        self.requests: list[str] = []
        login = (username, secret) if username or secret else None
        self._http = httpx.Client(auth=login, timeout=timeout)

    @classmethod
    def for_source(cls, name: str, entry: SourceEntry) -> DavClient:
        """A client for a configured source, its password fetched from where the config says."""
        if entry.url is None:
            raise UserError(f"source {name} has no url")
        has_secret = entry.password_command or entry.password_env or entry.keyring
        return cls(name, entry.url, entry.username or "", password(entry) if has_secret else "")

    def __enter__(self) -> DavClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._http.close()

    def _send(
        self, method: str, url: str, body: bytes | str = b"", headers: dict[str, str] | None = None
    ) -> httpx.Response:
        self.requests.append(method)
        try:
            response = self._http.request(method, url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise UserError(
                f"source {self.source}: cannot reach {self.url} ({type(exc).__name__}: {exc});"
                " nothing was changed"
            ) from None
        if response.status_code in (401, 403):
            raise UserError(
                f"source {self.source}: {self.url} refused the login (HTTP "
                f"{response.status_code}); check the username and the password"
            )
        if response.status_code == 412:
            what = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
            raise Conflict(
                f"{what} changed on the server since the last sync, so nothing was written;"
                f" run familiar sources sync {self.source}"
            )
        if response.status_code >= 400:
            raise UserError(
                f"source {self.source}: {method} {url} failed: HTTP {response.status_code}"
                f" {response.reason_phrase}"
            )
        return response

    def _multistatus(self, method: str, url: str, body: str, depth: str) -> list[ET.Element]:
        headers = {"Depth": depth, "Content-Type": "application/xml; charset=utf-8"}
        response = self._send(method, url, body.encode(), headers)
        try:
            root = ET.fromstring(response.content)
        except ET.ParseError as exc:
            raise UserError(f"source {self.source}: {url} answered with bad XML ({exc})") from None
        return root.findall(f"{{{DAV}}}response")

    def collections(self, kind: str) -> list[Collection]:
        """The calendars (caldav) or address books (carddav) at the URL or one level below."""
        wanted = _KIND[kind][0]
        found, below = self._collections_at(self.url, wanted)
        if not found:  # a server root or principal: look one level down
            for url in below:
                found.extend(self._collections_at(url, wanted)[0])
        return found

    def _collections_at(self, url: str, wanted: str) -> tuple[list[Collection], list[str]]:
        found, below = [], []
        for response in self._multistatus("PROPFIND", url, _COLLECTIONS, "1"):
            href = canonical(url, response.findtext(f"{{{DAV}}}href", ""))
            kinds = response.find(f".//{{{DAV}}}resourcetype")
            types = {t.tag for t in kinds} if kinds is not None else set()
            if wanted in types:
                tag = _prop(response, f"{{{CS}}}getctag") or _prop(response, f"{{{DAV}}}sync-token")
                name = (
                    _prop(response, f"{{{DAV}}}displayname")
                    or unquote(href.rstrip("/")).rsplit("/", 1)[-1]
                )
                found.append(Collection(href, name, tag))
            elif f"{{{DAV}}}collection" in types and href != canonical(url, url):
                below.append(href)
        return found, below

    def etags(self, collection: str) -> dict[str, str]:
        """Each resource's URL and ETag in a collection (one PROPFIND)."""
        found = {}
        for response in self._multistatus("PROPFIND", collection, _ETAGS, "1"):
            href = canonical(collection, response.findtext(f"{{{DAV}}}href", ""))
            etag = _prop(response, f"{{{DAV}}}getetag")
            if href != collection and etag and response.find(f".//{{{DAV}}}collection") is None:
                found[href] = etag
        return found

    def multiget(
        self, kind: str, collection: str, urls: Iterable[str]
    ) -> dict[str, tuple[str, bytes]]:
        """The ETag and body of each named resource, a batch of them per REPORT."""
        _, report, data, ns = _KIND[kind]
        todo, found = list(urls), {}
        for at in range(0, len(todo), MULTIGET_BATCH):
            hrefs = "".join(
                f"<d:href>{_xml(urlsplit(u).path)}</d:href>" for u in todo[at : at + MULTIGET_BATCH]
            )
            body = (
                f'<?xml version="1.0" encoding="utf-8"?><x:{report} xmlns:d="DAV:" xmlns:x="{ns}">'
                f"<d:prop><d:getetag/><x:{data.split('}')[1]}/></d:prop>{hrefs}</x:{report}>"
            )
            for response in self._multistatus("REPORT", collection, body, "1"):
                href = canonical(collection, response.findtext(f"{{{DAV}}}href", ""))
                text, etag = _prop(response, data), _prop(response, f"{{{DAV}}}getetag")
                if text and etag:
                    found[href] = (etag, text.encode("utf-8"))
        return found

    def put(self, url: str, body: bytes, kind: str, etag: str | None) -> str:
        """Write a resource: over `etag` only (If-Match), or as a new one (If-None-Match: *)."""
        headers = {"Content-Type": MEDIA[kind]}
        headers.update({"If-Match": etag} if etag else {"If-None-Match": "*"})
        return str(self._send("PUT", url, body, headers).headers.get("ETag", ""))

    def delete(self, url: str, etag: str) -> None:
        """Delete a resource, only if it is still the version with `etag` (If-Match)."""
        self._send("DELETE", url, b"", {"If-Match": etag})


def _prop(response: ET.Element, name: str) -> str:
    """A property's text from the response's 200 propstat ('' when missing)."""
    for propstat in response.findall(f"{{{DAV}}}propstat"):
        if " 200 " not in (propstat.findtext(f"{{{DAV}}}status", "") + " "):
            continue
        found = propstat.find(f"{{{DAV}}}prop/{name}")
        if found is not None and found.text:
            return found.text.strip()
    return ""


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
