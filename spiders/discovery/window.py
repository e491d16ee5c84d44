"""What every discovery family shares: the date window, in the source's local dates; the
release pages an incremental crawl already has; failures to report to the ledger."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from scrapy import Request, Spider
from scrapy.http import Response
from w3lib.url import canonicalize_url

from spiders.ledger import failure_found
from spiders.source import Source


class WindowedSpider(Spider):
    """Base of every family: parses ``since``/``until``/``max_pages``/``known`` arguments."""

    source: Source

    def __init__(
        self,
        since: str | None = None,
        until: str | None = None,
        max_pages: str | int = 1000,
        known: Iterable[str] = (),
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.since = date.fromisoformat(str(since)) if since else None
        self.until = date.fromisoformat(str(until)) if until else None
        self.max_pages = int(max_pages)
        # Release pages earlier snapshots archived: an incremental crawl does not fetch them.
        self.known = {canonicalize_url(url) for url in known}

    def is_known(self, url: str) -> bool:
        if canonicalize_url(url) in self.known:
            self.crawler.stats.inc_value("siaran/known_releases_skipped")
            return True
        return False

    def release_request(self, url: str) -> Request | None:
        """A request for a release page, or None when an earlier snapshot has it."""
        return None if self.is_known(url) else Request(url, callback=self.parse_release)

    def caught_up(self, in_window: int, fresh: int) -> bool:
        """Newest-first pages: one whose releases an earlier snapshot all has ends the paging
        of an incremental crawl (``--refresh`` walks the whole window again)."""
        return bool(self.known) and in_window > 0 and fresh == 0

    def report_failure(self, response: Response, reason: str, detail: str) -> None:
        """Ledger a response that was archived but could not be used."""
        self.logger.error("%s: %s (%s)", response.url, reason, detail)
        self.crawler.signals.send_catch_log(failure_found, response=response, reason=reason,
                                            detail=detail)  # fmt: skip

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.source.zone).date()

    def after_window(self, day: date) -> bool:
        return self.until is not None and day > self.until

    def before_window(self, day: date) -> bool:
        return self.since is not None and day < self.since

    def parse_release(self, response: Response) -> None:
        """The WARC recorder keeps the response; extraction happens offline."""
