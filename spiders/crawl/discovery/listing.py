"""Paginated HTML listings, newest first, followed until they pass ``since``.

Registry options: ``item``, ``link`` and optional ``date`` CSS selectors, and either ``next``
(a selector for the next page's link: page numbers, CodeIgniter offsets, ``rel=next``) or
``page_url`` (a template with ``{page}`` or ``{offset}``; ``per_page`` items a page).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from scrapy import Request
from scrapy.http import Response

from siaran.spiders.crawl.discovery.window import Entry, WindowedSpider
from siaran.spiders.parse import dates


class ListingSpider(WindowedSpider):
    async def start(self) -> AsyncIterator[Request]:
        for url in self.source.start_urls:
            yield Request(url, callback=self.parse_listing, cb_kwargs={"page": 1})

    def next_page(self, response: Response, page: int) -> Request | None:
        options = self.source.discovery
        if "next" in options:
            link = response.css(options["next"]).get()
            url = response.urljoin(link) if link else None
        else:
            per_page = int(options.get("per_page", 10))
            url = options["page_url"].format(page=page + 1, offset=page * per_page)
        if not url:
            return None
        return Request(url, callback=self.parse_listing, cb_kwargs={"page": page + 1})

    def entries(self, response: Response) -> Iterator[Entry]:
        options = self.source.discovery
        for item in response.css(options["item"]):
            label = item.css(options["date"]).get() if "date" in options else None
            moment = dates.parse_page_date(label, self.source.zone) if label else None
            yield item.css(options["link"]).get(), moment

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        yield from self.index_page(
            response, self.entries(response), page, lambda: self.next_page(response, page)
        )
