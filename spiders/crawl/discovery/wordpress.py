"""WordPress REST API: ``/wp-json/wp/v2/posts?per_page=100&page=N``, newest first."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from scrapy import Request
from scrapy.http import Response

from siaran.spiders.crawl.discovery.window import Entry, WindowedSpider
from siaran.spiders.parse import dates
from siaran.spiders.parse.records import api_records


def posts_page_url(endpoint: str, per_page: int, page: int) -> str:
    return f"{endpoint}?per_page={per_page}&page={page}"


class WordPressSpider(WindowedSpider):
    async def start(self) -> AsyncIterator[Request]:
        for endpoint in self.source.start_urls:
            yield self.posts_request(endpoint, 1)

    def posts_request(self, endpoint: str, page: int) -> Request:
        per_page = int(self.source.discovery.get("per_page", 100))
        return Request(
            posts_page_url(endpoint, per_page, page),
            callback=self.parse_posts,
            cb_kwargs={"endpoint": endpoint, "page": page},
        )

    def entries(self, posts: list[dict]) -> Iterator[Entry]:
        zone = self.source.zone
        for post in posts:
            # date_gmt is UTC without an offset; date is site-local time.
            moment = dates.parse_iso(f"{post.get('date_gmt', '')}+00:00", zone) or (
                dates.parse_iso(post.get("date", ""), zone)
            )
            yield post.get("link"), moment

    def parse_posts(self, response: Response, endpoint: str, page: int) -> Iterator[Request]:
        try:
            posts = api_records(response.text)
        except ValueError as error:
            self.report_failure(response, "parse_error", f"{error}; discovery stops")
            return
        total = int(response.headers.get("X-WP-TotalPages", b"0") or 0)
        last = bool(total) and page >= total
        yield from self.index_page(
            response,
            self.entries(posts),
            page,
            lambda: None if last else self.posts_request(endpoint, page + 1),
        )
