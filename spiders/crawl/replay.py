"""Replay mode: a Scrapy download handler that answers every request from WARC files."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from w3lib.url import canonicalize_url

from siaran.spiders.archive.index import Location, newest_captures
from siaran.spiders.archive.reader import read_response, warc_files

# The stored payload is de-chunked, so these framing headers no longer describe it; content
# codings are kept, for Scrapy's decompression to undo as in a live crawl.
_FRAMING = {b"transfer-encoding", b"content-length"}


class ArchiveNotFound(FileNotFoundError):
    pass


def stored_response(request: Request, location: Location, flag: str) -> Response:
    """A stored response as Scrapy's answer to ``request``, timed by the archive."""
    stored = read_response(*location)
    request.meta["archived_at"] = stored.fetched_at
    headers = Headers(stored.headers)
    for name in _FRAMING:
        headers.pop(name, None)
    cls = responsetypes.from_args(headers=headers, url=request.url, body=stored.body)
    return cls(
        url=request.url,
        status=stored.status,
        headers=headers,
        body=stored.body,
        request=request,
        flags=[flag],
        protocol="HTTP/1.1",
    )


class ReplayDownloadHandler(BaseDownloadHandler):
    """Never touches the network: a URL missing from the archive answers 404."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        archive = Path(crawler.settings["SIARAN_ARCHIVE"])
        files = warc_files(archive) if archive.is_dir() else []
        if not files:
            raise ArchiveNotFound(f"replay archive {archive} holds no .warc or .warc.gz file")
        self.locations = newest_captures(files)

    async def download_request(self, request: Request) -> Response:
        key = canonicalize_url(request.url)
        # Archives made through a proxy, or of a site before it moved to https, hold the page
        # under the other scheme.
        scheme, _, rest = key.partition("://")
        other = f"{'http' if scheme == 'https' else 'https'}://{rest}"
        location = self.locations.get(key) or self.locations.get(other)
        if location is None:
            return Response(request.url, status=404, request=request, flags=["replay-missing"])
        return stored_response(request, location, "replay")
