"""What every discovery family shares: the date window, in the source's local dates; the
release pages an incremental crawl already has; the walk through newest-first index pages;
failures to report to the ledger."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from scrapy import Request, Spider
from scrapy.http import Response
from w3lib.url import canonicalize_url

from siaran.spiders.crawl.ledger import failure_found
from siaran.spiders.registry.source import Source

# One entry of an index page (listing item, REST post, API record, feed item): the release's
# URL and its date when the index shows one.
Entry = tuple[str | None, datetime | None]


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
        # Releases discovery saw in the window that no earlier snapshot holds: what the site
        # lists, the first number of the corpus's completeness (summed over snapshots).
        self.listed: set[str] = set()

    def list_release(self, key: str) -> None:
        self.listed.add(key)
        self.crawler.stats.set_value("siaran/releases_listed", len(self.listed))

    def is_known(self, url: str) -> bool:
        if canonicalize_url(url) in self.known:
            self.crawler.stats.inc_value("siaran/known_releases_skipped")
            return True
        return False

    def release_request(self, url: str) -> Request | None:
        """A request for a release page, or None when an earlier snapshot has it."""
        if self.is_known(url):
            return None
        self.list_release(canonicalize_url(url))
        return Request(url, callback=self.parse_release)

    def index_page(
        self,
        response: Response,
        entries: Iterable[Entry],
        page: int = 1,
        next_page: Callable[[], Request | None] | None = None,
    ) -> Iterator[Request]:
        """The release requests of one newest-first index page, then the next page's request.

        Entries outside the window are skipped. Paging stops at a page with no entries, at
        one that reaches past ``since``, after ``max_pages``, and, in an incremental crawl, at
        a page whose releases an earlier snapshot all has (``--refresh`` walks the whole
        window again)."""
        seen = reached_since = False
        in_window = fresh = 0
        for url, moment in entries:
            seen = True
            if moment is not None:
                reached_since |= self.before_window(moment.astimezone(self.source.zone).date())
                if self.outside_window(moment):
                    continue
            if url:
                in_window += 1
                if request := self.release_request(response.urljoin(url)):
                    fresh += 1
                    yield request
        caught_up = bool(self.known) and in_window > 0 and fresh == 0
        more = next_page and seen and not reached_since and page < self.max_pages
        if more and not caught_up and (request := next_page()) is not None:
            yield request

    def report_failure(self, response: Response, reason: str, detail: str) -> None:
        """Ledger a response that was archived but could not be used."""
        self.logger.error("%s: %s (%s)", response.url, reason, detail)
        self.crawler.signals.send_catch_log(
            failure_found, response=response, reason=reason, detail=detail
        )

    def outside_window(self, moment: datetime | None) -> bool:
        """Whether a dated entry falls outside the window (an undated one never does)."""
        if moment is None:
            return False
        day = moment.astimezone(self.source.zone).date()
        return self.before_window(day) or self.after_window(day)

    def before_window(self, day: date) -> bool:
        return self.since is not None and day < self.since

    def after_window(self, day: date) -> bool:
        return self.until is not None and day > self.until

    def parse_release(self, response: Response) -> None:
        """The WARC recorder keeps the response; extraction happens offline."""
        self.crawler.stats.inc_value("siaran/releases_fetched")
