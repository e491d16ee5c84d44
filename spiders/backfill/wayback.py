"""The Internet Archive's Wayback Machine: its CDX server API (``output=json``, a header row
then one row per capture, read on with the resumption key) and its raw captures (``id_``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from urllib.parse import unquote_plus

from siaran.spiders.backfill.captures import Capture, parse_stamp, window_stamps
from siaran.spiders.backfill.client import ArchiveClient, ArchiveUnavailable

WAYBACK = "https://web.archive.org"
CDX = f"{WAYBACK}/cdx/search/cdx"
# Headers a raw capture keeps of the original answer: Wayback sends them as X-Archive-Orig-*.
ORIGINAL = "x-archive-orig-"
NOT_KEPT = {"content-length", "transfer-encoding", "connection", "content-encoding"}


def captures(
    client: ArchiveClient,
    url: str,
    match_type: str,
    since: date,
    until: date,
    page_size: int = 1000,
) -> Iterator[Capture]:
    """Captures with a 200 answer under the scope, one per distinct payload in a run of
    captures of a URL (``collapse=digest``), ``page_size`` rows a request."""
    start, end = window_stamps(since, until)
    params = {
        "url": url,
        "matchType": match_type,
        "output": "json",
        "filter": "statuscode:200",
        "collapse": "digest",
        "from": start,
        "to": end,
        "limit": page_size,
        "showResumeKey": "true",
    }
    while True:
        rows = client.get(CDX, params).json() or []
        header, body = (rows[0], rows[1:]) if rows else ([], [])
        key = None
        if len(body) >= 2 and body[-2] == []:  # the rows, an empty row, the resumption key
            body, key = body[:-2], body[-1][0]
        for row in body:
            fields = dict(zip(header, row, strict=True))
            yield Capture(
                url=fields["original"],
                timestamp=parse_stamp(fields["timestamp"]),
                status=int(fields["statuscode"]),
                mime=fields["mimetype"],
                digest=fields["digest"],
                archive="wayback",
                location=f"{WAYBACK}/web/{fields['timestamp']}id_/{fields['original']}",
            )
        if key is None:
            return
        # The key is printed URL-encoded: decoded here, the request encodes it once again.
        params["resumeKey"] = unquote_plus(key)


def fetch(client: ArchiveClient, capture: Capture) -> tuple[int, list[tuple[str, str]], bytes]:
    """The capture as the site answered it: status, the original headers, the payload."""
    answer = client.get(capture.location)
    if answer.status_code == 404:
        raise ArchiveUnavailable("http_404", capture.location)
    headers = [
        (name[len(ORIGINAL) :], value)
        for name, value in answer.headers.items()
        if name.lower().startswith(ORIGINAL) and name[len(ORIGINAL) :].lower() not in NOT_KEPT
    ]
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", answer.headers.get("Content-Type", capture.mime)))
    return capture.status, headers, answer.content
