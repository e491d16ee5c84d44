"""Replay mode: a Scrapy download handler that answers every request from WARC files."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from w3lib.url import canonicalize_url

from spiders.warc import iter_responses, read_response, warc_files

# The stored body is already decoded, so these headers no longer describe it.
_DECODED = {b"content-encoding", b"transfer-encoding", b"content-length"}


class ArchiveNotFound(FileNotFoundError):
    pass


def newest_locations(files: list[Path], keep=lambda stored: True) -> dict[str, tuple[Path, int]]:
    """Canonical URL -> where its newest kept capture is, over these WARC files."""
    locations: dict[str, tuple[Path, int]] = {}
    captured: dict[str, object] = {}
    for path in files:
        for stored in iter_responses(path):
            key = canonicalize_url(stored.url)
            if keep(stored) and (key not in captured or stored.fetched_at >= captured[key]):
                captured[key] = stored.fetched_at
                locations[key] = (path, stored.offset)
    return locations


def stored_response(request: Request, location: tuple[Path, int], flag: str) -> Response:
    """A stored response as Scrapy's answer to ``request``, timed by the archive."""
    stored = read_response(*location)
    request.meta["archived_at"] = stored.fetched_at
    headers = Headers(stored.headers)
    for name in _DECODED:
        headers.pop(name, None)
    cls = responsetypes.from_args(headers=headers, url=request.url, body=stored.body)
    return cls(url=request.url, status=stored.status, headers=headers, body=stored.body,
               request=request, flags=[flag], protocol="HTTP/1.1")  # fmt: skip


class ReplayDownloadHandler(BaseDownloadHandler):
    """Never touches the network: a URL missing from the archive answers 404."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        archive = Path(crawler.settings["SIARAN_ARCHIVE"])
        files = warc_files(archive) if archive.is_dir() else []
        if not files:
            raise ArchiveNotFound(f"replay archive {archive} holds no .warc or .warc.gz file")
        self.locations = newest_locations(files)

    async def download_request(self, request: Request) -> Response:
        location = self.locations.get(canonicalize_url(request.url))
        if location is None:
            return Response(request.url, status=404, request=request, flags=["replay-missing"])
        return stored_response(request, location, "replay")
