"""Downloader middleware that keeps every response, robots.txt included, in WARC."""

from __future__ import annotations

from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response

from spiders import __version__
from spiders.warc import ArchiveWriter


def _pairs(headers: Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


class WarcRecorderMiddleware:
    """Sits next to the downloader, so it records bodies before decompression."""

    def __init__(self, writer: ArchiveWriter):
        self.writer = writer

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcRecorderMiddleware:
        settings = crawler.settings
        info = {
            "software": f"siaran/{__version__} (Scrapy)",
            "format": "WARC File Format 1.1",
            "operator": settings["SIARAN_CONTACT"],
            "http-header-user-agent": settings["USER_AGENT"],
            "robots": "obey",
            "siaran-mode": settings["SIARAN_MODE"],
            "siaran-source": crawler.spidercls.name,
        }
        writer = ArchiveWriter(
            Path(settings["SIARAN_OUT"]),
            crawler.spidercls.name,
            info,
            settings.getint("SIARAN_WARC_MAX_BYTES"),
        )
        middleware = cls(writer)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        if "replay-missing" not in response.flags:
            try:
                reason = HTTPStatus(response.status).phrase
            except ValueError:
                reason = ""
            self.writer.write(
                url=response.url,
                status=response.status,
                reason=reason,
                headers=_pairs(response.headers),
                body=response.body,
                request_headers=_pairs(request.headers),
                method=request.method,
                fetched_at=request.meta.get("archived_at") or datetime.now(UTC),
            )
        return response

    def spider_closed(self) -> None:
        self.writer.close()
