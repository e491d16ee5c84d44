"""The failure ledger: every URL the spider asked for that did not end as a good page in the
archive, with a reason, in ``failures.parquet``; requests the scheduler dropped included."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import polars as pl
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector
from w3lib.url import canonicalize_url

from siaran.spiders.parse.charset import decode_html

FAILURE_SCHEMA = pl.Schema(
    {
        "url": pl.String(),
        "reason": pl.String(),
        "detail": pl.String(),
        "at": pl.Datetime("us", "UTC"),
        # True when the response is in the archive all the same (a page with a wrong charset, a
        # sitemap that does not parse): flagged, not lost.
        "archived": pl.Boolean(),
    }
)
HTML_TYPES = (b"text/html", b"application/xhtml+xml")

KINDS = (
    (DownloadTimeoutError, "timeout"),
    (CannotResolveHostError, "dns"),
    (ResponseDataLossError, "truncated"),
)

LEDGER = "failures.parquet"
# Sent by spiders for an archived response they could not use: ``reason``, ``detail``.
failure_found = object()


def failure_reason(exception: BaseException) -> str:
    """A ledger reason for a download exception (Scrapy wraps Twisted's in its own)."""
    message = str(exception).lower()
    if isinstance(exception, IgnoreRequest):
        if "robots" in message:
            return "robots"
        return "redirect_loop" if "redirect" in message else "ignored"
    for kind, reason in KINDS:
        if isinstance(exception, kind):
            return reason
    # Scrapy cancels a download past DOWNLOAD_MAXSIZE with "... larger than download max size".
    if "max size" in message:
        return "too_large"
    return "tls" if any(mark in message for mark in ("ssl", "tls", "certificate")) else "network"


class FailureLedgerMiddleware:
    """Last in line: sees the final answer after retries and redirects; what is not a good
    page ends in the ledger, so nothing the spider asked for is silently lost. A request that
    never reached the downloader (filtered as off-site, or dropped by the scheduler's
    duplicate filter) is ledgered when the crawl finishes, unless its URL was answered."""

    def __init__(
        self,
        out_dir: Path,
        allowed_domains: list[str],
        stats: StatsCollector,
        name: str = LEDGER,
    ):
        self.out_dir = out_dir
        self.stats = stats
        self.name = name
        self.allowed_domains = allowed_domains
        self.rows: list[dict] = []
        self.settled: set[str] = set()  # URLs that got a final answer, or a ledgered failure
        self.asked: list[Request] = []  # every request the spider gave the engine
        self.dropped: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailureLedgerMiddleware:
        domains = list(getattr(crawler.spidercls, "allowed_domains", None) or [])
        worker = crawler.settings.get("SIARAN_WORKER")
        name = f"failures-{worker}.parquet" if worker else LEDGER  # a shared frontier's worker
        middleware = cls(Path(crawler.settings["SIARAN_OUT"]), domains, crawler.stats, name)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(middleware.record_found, signal=failure_found)
        crawler.signals.connect(middleware.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(middleware.request_dropped, signal=signals.request_dropped)
        return middleware

    def settle(self, request: Request) -> None:
        """The request, and the redirects that led to it, have their answer."""
        chain = [*request.meta.get("redirect_urls", []), request.url]
        self.settled.update(map(canonicalize_url, chain))

    def request_scheduled(self, request: Request) -> None:
        self.asked.append(request)

    def request_dropped(self, request: Request) -> None:
        self.dropped.add(canonicalize_url(request.url))

    def record_unanswered(self) -> None:
        """Requests of a finished crawl whose URL nothing answered: off-site links, and
        duplicates such as a redirect back to a URL whose own request went on elsewhere."""
        for request in self.asked:
            url = canonicalize_url(request.url)
            if url in self.settled:
                continue
            self.settled.add(url)  # one row, however often it was asked for
            host = urlsplit(request.url).hostname or ""
            if not any(host == d or host.endswith(f".{d}") for d in self.allowed_domains):
                self.record(request, "offsite", f"{host} is not one of the source's domains")
            elif url in self.dropped:
                detail = "dropped by the scheduler as a duplicate of an earlier request, "
                self.record(request, "dropped", detail + "and never answered")
            else:
                self.record(request, "dropped", "never reached the downloader")

    def record(self, request: Request, reason: str, detail: str, archived: bool = False) -> None:
        # In replay the answer's time is the archive's, so the ledger is reproducible too.
        at = request.meta.get("archived_at") or datetime.now(UTC)
        # The URL the spider asked for; a redirect chain that ended badly goes in the detail.
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if len(chain) > 1:
            detail = f"{' -> '.join(chain)}: {detail}"
        self.stats.inc_value("siaran/failures")  # for the progress bar
        self.rows.append(
            {
                "url": chain[0],
                "reason": reason,
                "detail": detail[:500],
                "at": at,
                "archived": archived,
            }
        )

    def record_found(self, response: Response, reason: str, detail: str) -> None:
        self.record(response.request, reason, detail, archived=True)

    def process_response(self, request: Request, response: Response) -> Response:
        self.settle(request)
        if "replay-missing" in response.flags:
            self.record(request, "not_archived", "absent from the replay archive")
        elif response.status >= 400:
            detail = response.text[:200] if isinstance(response, TextResponse) else ""
            self.record(request, f"http_{response.status}", detail)
        elif response.headers.get(b"Content-Type", b"").startswith(HTML_TYPES):
            _, problem = decode_html(
                response.headers.get(b"Content-Type").decode("latin-1"), response.body
            )
            if problem:
                self.record(request, "bad_encoding", problem, archived=True)
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        self.settle(request)
        self.record(request, failure_reason(exception), repr(exception))

    def spider_closed(self, reason: str) -> None:
        # An interrupted crawl's queue is the next run's: not ledgered.
        if reason == "finished":
            self.record_unanswered()
        ledger = pl.DataFrame(self.rows, schema=FAILURE_SCHEMA, orient="row")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        ledger.sort("url", "reason", "at").write_parquet(self.out_dir / self.name)


def merge_worker_ledgers(snapshot: Path, answered: pl.Series) -> None:
    """``failures.parquet`` of a snapshot that workers of a shared frontier wrote, from each
    worker's ledger. A request one worker saw dropped (a duplicate) or never sent, another may
    have answered: such a row is kept only when no worker archived (``answered``: the URLs of
    the index) or ledgered its URL."""
    parts = sorted(snapshot.glob("failures-*.parquet"))
    rows = pl.concat([pl.read_parquet(p) for p in parts]) if parts else FAILURE_SCHEMA.to_frame()
    canonical = pl.col("url").map_elements(canonicalize_url, return_dtype=pl.String)
    rows = rows.with_columns(key=canonical)
    settled = rows.filter(pl.col("reason") != "dropped")
    archived = answered.map_elements(canonicalize_url, return_dtype=pl.String)
    known = pl.concat([archived, settled["key"]])
    unanswered = (
        rows.filter(pl.col("reason") == "dropped", ~pl.col("key").is_in(known.implode()))
        .sort("at")
        .unique("key", keep="first", maintain_order=True)
    )
    ledger = pl.concat([settled, unanswered]).drop("key").sort("url", "reason", "at")
    ledger.write_parquet(snapshot / LEDGER)
    for part in parts:
        part.unlink()
