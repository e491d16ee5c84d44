"""WordPress REST API: ``/wp-json/wp/v2/posts?per_page=100&page=N``, newest first."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator

from scrapy import Request
from scrapy.http import Response

from spiders import dates
from spiders.discovery.window import WindowedSpider


def posts_page_url(endpoint: str, per_page: int, page: int) -> str:
    return f"{endpoint}?per_page={per_page}&page={page}"


class WordPressSpider(WindowedSpider):
    async def start(self) -> AsyncIterator[Request]:
        for endpoint in self.source.start_urls:
            yield self.posts_request(endpoint, 1)

    def posts_request(self, endpoint: str, page: int) -> Request:
        per_page = int(self.source.discovery.get("per_page", 100))
        return Request(posts_page_url(endpoint, per_page, page), callback=self.parse_posts,
                       cb_kwargs={"endpoint": endpoint, "page": page})  # fmt: skip

    def parse_posts(self, response: Response, endpoint: str, page: int) -> Iterator[Request]:
        try:
            posts = json.loads(response.text)
        except ValueError as error:
            self.report_failure(response, "parse_error", f"not JSON ({error}); discovery stops")
            return
        reached_since, in_window, fresh = False, 0, 0
        for post in posts if isinstance(posts, list) else []:
            # date_gmt is UTC without an offset; date is site-local time.
            moment = dates.parse_iso(f"{post.get('date_gmt', '')}+00:00", self.source.zone) or (
                dates.parse_iso(post.get("date", ""), self.source.zone)
            )
            if moment is not None:
                day = self.local_date(moment)
                reached_since |= self.before_window(day)
                if self.before_window(day) or self.after_window(day):
                    continue
            if post.get("link"):
                in_window += 1
                if request := self.release_request(post["link"]):
                    fresh += 1
                    yield request
        total = int(response.headers.get("X-WP-TotalPages", b"0") or 0)
        if (posts and not reached_since and page < self.max_pages and (not total or page < total)
                and not self.caught_up(in_window, fresh)):  # fmt: skip
            yield self.posts_request(endpoint, page + 1)
