"""Downloader middlewares: every response kept in WARC, a resumed crawl answered from what it
already archived, and waits as long as the server asks (Retry-After, robots Crawl-delay); an
extension that counts the download delay from the previous answer."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from protego import Protego
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response
from w3lib.url import canonicalize_url

from siaran.spiders import __version__
from siaran.spiders.archive.index import newest_captures
from siaran.spiders.archive.reader import warc_files
from siaran.spiders.archive.writer import ArchiveWriter
from siaran.spiders.crawl.replay import stored_response


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
        # A shared frontier's workers write into one snapshot: the file names say whose.
        worker = settings.get("SIARAN_WORKER")
        prefix = crawler.spidercls.name
        if worker:
            info["siaran-worker"] = worker
            prefix = f"{prefix}-{worker}"
        writer = ArchiveWriter(
            Path(settings["SIARAN_OUT"]),
            prefix,
            info,
            settings.getint("SIARAN_WARC_MAX_BYTES"),
            indexed=not worker,
        )
        middleware = cls(writer)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        if not {"replay-missing", "resumed"} & set(response.flags):
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


class RedirectLoopMiddleware:
    """Ends a redirect chain that comes back to a URL it went through, without waiting for
    Scrapy's limit on redirections."""

    def process_request(self, request: Request) -> None:
        chain = request.meta.get("redirect_urls", [])
        if canonicalize_url(request.url) in map(canonicalize_url, chain):
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, request.url])}")
        if chain:
            # The redirect this hop may answer inherits the flag: one that leads back to a URL
            # already fetched must come here to be ledgered, not be dropped by the scheduler's
            # duplicate filter without a trace.
            request.dont_filter = True


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries, waiting first for what a 429 or 503 asks in Retry-After (capped)."""

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        delay = retry_after_seconds(response) if response.status in (429, 503) else None
        if delay:
            cap = self.crawler.settings.getfloat("SIARAN_MAX_RETRY_AFTER")
            await asyncio.sleep(min(delay, cap))
        return super().process_response(request, response)


def retry_after_seconds(response: Response) -> float | None:
    value = (response.headers.get(b"Retry-After") or b"").decode("latin-1").strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


class ResumeMiddleware:
    """A resumed crawl runs discovery again from the start; what the interrupted run already
    archived in this snapshot is answered from there, so no page is fetched twice."""

    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        files = warc_files(Path(crawler.settings["SIARAN_OUT"]))
        # Error answers are asked again: the server may have recovered.
        self.locations = newest_captures(files, keep=lambda row: row["status"] < 400)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResumeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> Response | None:
        location = self.locations.get(canonicalize_url(request.url))
        if location is None:
            return None
        self.stats.inc_value("siaran/resumed_from_archive")
        return stored_response(request, location, "resumed")


class CrawlDelayMiddleware:
    """Honours robots.txt ``Crawl-delay`` (Scrapy does not): requests to a host that asks for
    one are spaced at least that far apart, whatever AutoThrottle decides."""

    def __init__(self, user_agent: str):
        self.user_agent = user_agent
        self.delays: dict[str, float] = {}
        self.next_slot: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler.settings["USER_AGENT"])

    async def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        delay = self.delays.get(host)
        if delay:
            # Reserve the next free moment first, so concurrent requests queue behind it.
            now = time.monotonic()
            start = max(now, self.next_slot.get(host, now))
            self.next_slot[host] = start + delay
            await asyncio.sleep(start - now)

    def process_response(self, request: Request, response: Response) -> Response:
        parts = urlsplit(request.url)
        if parts.path == "/robots.txt" and response.status == 200:
            robots = Protego.parse(response.body.decode("utf-8", errors="replace"))
            delay = robots.crawl_delay(self.user_agent)
            if delay:
                self.delays[parts.hostname or ""] = float(delay)
        return response


class DelayFromAnswer:
    """Counts the delay between two requests to a domain from the previous one's answer, not,
    as Scrapy does, from the moment it left the queue: a request sent a few milliseconds late
    (the event loop busy with another source's crawl) would let the next one reach the server
    less than the delay after it. Scrapy's downloader signals the answer before it looks at
    the domain's queue again, so the next request waits the whole delay from here."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DelayFromAnswer:
        extension = cls(crawler)
        crawler.signals.connect(extension.answered, signal=signals.response_downloaded)
        return extension

    def answered(self, request: Request) -> None:
        slots = self.crawler.engine.downloader.slots
        slot = slots.get(request.meta.get("download_slot"))
        if slot is not None:
            slot.lastseen = time.monotonic()
