"""Common Crawl: the crawls its ``collinfo.json`` lists, each crawl's CDX index (pywb's API:
JSON lines, read page by page) and the WARC records, fetched by HTTP range request from
``filename``, ``offset`` and ``length``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from io import BytesIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from siaran.spiders.archive.reader import record_payload
from siaran.spiders.backfill.captures import Capture, parse_stamp, window_stamps
from siaran.spiders.backfill.client import ArchiveClient, ArchiveUnavailable

INDEX = "https://index.commoncrawl.org"
DATA = "https://data.commoncrawl.org"


def crawls(client: ArchiveClient, since: date, until: date) -> list[tuple[str, str]]:
    """(crawl id, index URL) of the crawls of the window's years, oldest first; a crawl's id
    names the year it ran (``CC-MAIN-2018-22``), its captures are of that year or just before."""
    listed = client.get(f"{INDEX}/collinfo.json").json()
    years = range(since.year, until.year + 2)
    found = [
        (crawl["id"], crawl["cdx-api"])
        for crawl in listed
        if crawl["id"].startswith("CC-MAIN-") and int(crawl["id"].split("-")[2]) in years
    ]
    return sorted(found)


def captures(
    client: ArchiveClient, api: str, url: str, match_type: str, since: date, until: date
) -> Iterator[Capture]:
    """One crawl's captures with a 200 answer under the scope, page after page."""
    start, end = window_stamps(since, until)
    params = {"url": url, "matchType": match_type, "output": "json", "from": start, "to": end}
    params["filter"] = "=status:200"
    answer = client.get(api, {**params, "showNumPages": "true"})
    pages = answer.json()["pages"] if answer.status_code == 200 else 0
    for page in range(pages):
        answer = client.get(api, {**params, "page": page})
        if answer.status_code == 404:  # no captures on this page
            continue
        for line in answer.text.splitlines():
            fields = json.loads(line)
            if fields.get("status") != "200":
                continue
            yield Capture(
                url=fields["url"],
                timestamp=parse_stamp(fields["timestamp"]),
                status=200,
                mime=fields.get("mime", ""),
                digest=fields.get("digest", ""),
                archive="commoncrawl",
                location=f"{DATA}/{fields['filename']}",
                offset=int(fields["offset"]),
                length=int(fields["length"]),
            )


def fetch(client: ArchiveClient, capture: Capture) -> tuple[int, list[tuple[str, str]], bytes]:
    """The capture's WARC record by range request: status, headers and payload of its HTTP
    response; ``truncated`` when fewer bytes come than the index promised."""
    first, last = capture.offset, capture.offset + capture.length - 1
    answer = client.get(capture.location, headers={"Range": f"bytes={first}-{last}"})
    data = answer.content
    if answer.status_code == 404:
        raise ArchiveUnavailable("http_404", capture.location)
    if len(data) != capture.length:
        detail = f"{capture.location} bytes {first}-{last}: {len(data)} of {capture.length} bytes"
        raise ArchiveUnavailable("truncated", detail)
    try:
        record = next(iter(ArchiveIterator(BytesIO(data))))
        status = int(record.http_headers.get_statuscode())
        return status, record.http_headers.headers, record_payload(record)
    except (ArchiveLoadFailed, StopIteration, OSError, ValueError, AttributeError) as problem:
        detail = f"{capture.location} at {first}: {type(problem).__name__}: {problem}"
        raise ArchiveUnavailable("unreadable_record", detail) from None
