"""RSS 2.0 and Atom feeds, Indonesian non-RFC-822 dates included (``05 Agustus 2019``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from parsel import Selector
from scrapy import Request
from scrapy.http import Response

from siaran.spiders.crawl.discovery.window import Entry, WindowedSpider
from siaran.spiders.crawl.discovery.xml_safety import ENTITIES_REFUSED, xml_problem
from siaran.spiders.parse import dates


def feed_date(text: str, zone: ZoneInfo) -> datetime | None:
    """RFC 822 (RSS), ISO 8601 (Atom) or an Indonesian date, as UTC."""
    text = text.strip()
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is not None:
        return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(UTC)
    return dates.parse_iso(text, zone) or dates.parse_page_date(text, zone)


class FeedSpider(WindowedSpider):
    async def start(self) -> AsyncIterator[Request]:
        for url in self.source.start_urls:
            yield Request(url, callback=self.parse_feed)

    def entries(self, feed: Selector) -> Iterator[Entry]:
        for item in feed.xpath("//item | //entry"):
            link = item.xpath("link/text()").get() or item.xpath("link/@href").get() or ""
            label = item.xpath("pubDate/text() | published/text() | updated/text() | date/text()")
            yield link.strip(), feed_date(label.get(), self.source.zone) if label else None

    def parse_feed(self, response: Response) -> Iterator[Request]:
        problem = xml_problem(response.body)
        if problem:
            self.report_failure(response, "parse_error", problem)
            if problem == ENTITIES_REFUSED:
                return
        # parsel's XML parser resolves no entities, loads nothing and recovers what it can.
        feed = Selector(text=response.text, type="xml")
        feed.remove_namespaces()
        yield from self.index_page(response, self.entries(feed))
