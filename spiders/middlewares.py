"""Downloader middlewares: every response kept in WARC, every failure kept in a ledger, and
retries that wait as long as the server's Retry-After asks."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path

import polars as pl
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
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


FAILURE_SCHEMA = pl.Schema({"url": pl.String(), "reason": pl.String(), "detail": pl.String(),
                            "at": pl.Datetime("us", "UTC")})  # fmt: skip


def failure_reason(exception: BaseException) -> str:
    """A ledger reason for a download exception."""
    name, message = type(exception).__name__, str(exception).lower()
    if isinstance(exception, IgnoreRequest):
        if "robots" in message:
            return "robots"
        return "redirect_loop" if "redirect" in message else "ignored"
    checks = (("timeout", ("Timeout", "TimedOut")), ("dns", ("DNS",)),
              ("tls", ("SSL", "TLS", "Certificate")))  # fmt: skip
    for reason, markers in checks:
        if any(marker in name for marker in markers):
            return reason
    # Scrapy cancels a download past DOWNLOAD_MAXSIZE with "... larger than download max size".
    return "too_large" if "max size" in message else "network"


class FailureLedgerMiddleware:
    """Last in line: sees the final answer after retries; what is not a 2xx ends in
    ``failures.parquet`` with a reason, so nothing the spider asked for is silently lost."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.rows: list[dict] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailureLedgerMiddleware:
        middleware = cls(Path(crawler.settings["SIARAN_OUT"]))
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def record(self, request: Request, reason: str, detail: str) -> None:
        # In replay the answer's time is the archive's, so the ledger is reproducible too.
        at = request.meta.get("archived_at") or datetime.now(UTC)
        self.rows.append({"url": request.url, "reason": reason, "detail": detail[:500],
                          "at": at})  # fmt: skip

    def process_response(self, request: Request, response: Response) -> Response:
        if "replay-missing" in response.flags:
            self.record(request, "not_archived", "absent from the replay archive")
        elif response.status >= 400:
            detail = response.text[:200] if hasattr(response, "text") else ""
            self.record(request, f"http_{response.status}", detail)
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        self.record(request, failure_reason(exception), repr(exception))

    def spider_closed(self) -> None:
        ledger = pl.DataFrame(self.rows, schema=FAILURE_SCHEMA, orient="row")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        ledger.sort("url", "at").write_parquet(self.out_dir / "failures.parquet")


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
