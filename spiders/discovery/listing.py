"""Paginated HTML listings, newest first, followed until they pass ``since``.

Registry options: ``item``, ``link`` and optional ``date`` CSS selectors, and either ``next``
(a selector for the next page's link: page numbers, CodeIgniter offsets, ``rel=next``) or
``page_url`` (a template with ``{page}`` or ``{offset}``; ``per_page`` items a page).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from scrapy import Request
from scrapy.http import Response

from spiders import dates
from spiders.discovery.window import WindowedSpider


class ListingSpider(WindowedSpider):
    async def start(self) -> AsyncIterator[Request]:
        for url in self.source.start_urls:
            yield Request(url, callback=self.parse_listing, cb_kwargs={"page": 1})

    def next_page(self, response: Response, page: int) -> str | None:
        options = self.source.discovery
        if "next" in options:
            link = response.css(options["next"]).get()
            return response.urljoin(link) if link else None
        if "page_url" in options:
            per_page = int(options.get("per_page", 10))
            return options["page_url"].format(page=page + 1, offset=page * per_page)
        return None

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        options = self.source.discovery
        items = response.css(options["item"])
        reached_since, in_window, fresh = False, 0, 0
        for item in items:
            link = item.css(options["link"]).get()
            label = item.css(options["date"]).get() if "date" in options else None
            moment = dates.parse_page_date(label, self.source.zone) if label else None
            if moment is not None:
                day = self.local_date(moment)
                reached_since |= self.before_window(day)
                if self.before_window(day) or self.after_window(day):
                    continue
            if link:
                in_window += 1
                if request := self.release_request(response.urljoin(link)):
                    fresh += 1
                    yield request
        next_url = self.next_page(response, page)
        if (items and next_url and not reached_since and page < self.max_pages
                and not self.caught_up(in_window, fresh)):  # fmt: skip
            yield Request(next_url, callback=self.parse_listing, cb_kwargs={"page": page + 1})
