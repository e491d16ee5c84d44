"""JSON APIs of provincial portals, in the three documented styles.

- jabar: ``?page=N`` pages of ``data[]`` with ``published_at`` and ``link`` to the article.
- aceh: one list ``{data: [{judul, slug, tanggal}]}``; details at ``/json<slug>.json?mode=origin``.
- kalbar: one list ``{data: [{title, author, date, content, thumbnail}]}`` holding everything.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime

from scrapy import Request
from scrapy.http import Response
from w3lib.url import add_or_replace_parameter

from siaran.spiders.crawl.discovery.window import WindowedSpider
from siaran.spiders.parse import dates
from siaran.spiders.parse.records import aceh_detail_url, api_records

STYLES = ("jabar", "aceh", "kalbar")


class JsonApiSpider(WindowedSpider):
    async def start(self) -> AsyncIterator[Request]:
        style = self.source.discovery.get("style")
        if style not in STYLES:
            raise ValueError(f"source {self.source.key}: json_api style must be one of {STYLES}")
        for url in self.source.start_urls:
            yield Request(url, callback=getattr(self, f"parse_{style}"), cb_kwargs={"page": 1})

    def records(self, response: Response) -> list[dict]:
        try:
            return api_records(response.text)
        except ValueError as error:
            self.report_failure(response, "parse_error", f"{error}; discovery stops")
            return []

    def moment(self, label: str | None) -> datetime | None:
        label = (label or "").strip()
        zone = self.source.zone
        return (
            (dates.parse_iso(label, zone) or dates.parse_page_date(label, zone)) if label else None
        )

    def parse_jabar(self, response: Response, page: int) -> Iterator[Request]:
        entries = [
            (r.get("link"), self.moment(r.get("published_at"))) for r in self.records(response)
        ]
        next_url = add_or_replace_parameter(response.url, "page", str(page + 1))
        yield from self.index_page(
            response,
            entries,
            page,
            lambda: Request(next_url, callback=self.parse_jabar, cb_kwargs={"page": page + 1}),
        )

    def parse_aceh(self, response: Response, page: int) -> Iterator[Request]:
        entries = []
        for record in self.records(response):
            slug = (record.get("slug") or "").strip()
            url = aceh_detail_url(response.url, slug) if slug.startswith("/") else None
            entries.append((url, self.moment(record.get("tanggal"))))
        yield from self.index_page(response, entries)

    def parse_kalbar(self, response: Response, page: int) -> None:
        """The list carries every article whole: the recorded response is all there is, and
        its records in the window are the releases the site lists."""
        for n, record in enumerate(self.records(response)):
            if not self.outside_window(self.moment(record.get("date"))):
                self.list_release(f"{response.url}#{n}")
        self.crawler.stats.set_value("siaran/releases_fetched", len(self.listed))
