"""Paginated HTML listings, newest first, followed until they pass ``since``."""

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

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        selectors = self.source.listing
        reached_since = False
        for item in response.css(selectors["item"]):
            link = item.css(selectors["link"]).get()
            label = item.css(selectors["date"]).get() if "date" in selectors else None
            moment = dates.parse_page_date(label, self.source.zone) if label else None
            if moment is not None:
                day = self.local_date(moment)
                reached_since |= self.before_window(day)
                if self.before_window(day) or self.after_window(day):
                    continue
            if link:
                yield response.follow(link, callback=self.parse_release)
        next_page = response.css(selectors["next"]).get()
        if next_page and not reached_since and page < self.max_pages:
            yield response.follow(
                next_page, callback=self.parse_listing, cb_kwargs={"page": page + 1}
            )
