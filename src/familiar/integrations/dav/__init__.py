"""CalDAV and CardDAV sources: calendars and address books on a server, synced by ETag.

Plain httpx WebDAV requests (PROPFIND, REPORT multiget, conditional PUT) rather than the
`caldav` library: sync needs exact control of ETags, If-Match and the number of requests,
and httpx is already a dependency (the library would add lxml and a second HTTP stack).
"""
