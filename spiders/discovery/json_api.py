"""JSON APIs of provincial portals, in the three documented styles.

- jabar: ``?page=N`` pages of ``data[]`` with ``published_at`` and ``link`` to the article.
- aceh: one list ``{data: [{judul, slug, tanggal}]}``; details at ``/json<slug>.json?mode=origin``.
- kalbar: one list ``{data: [{title, author, date, content, thumbnail}]}`` holding everything.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from w3lib.url import add_or_replace_parameter

from spiders import dates
from spiders.discovery.window import WindowedSpider

STYLES = ("jabar", "aceh", "kalbar")


def aceh_detail_url(list_url: str, slug: str) -> str:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(list_url))
    return f"{origin}/json{slug}.json?mode=origin"


class JsonApiSpider(WindowedSpider):
    async def start(self) -> AsyncIterator[Request]:
        style = self.source.discovery.get("style")
        if style not in STYLES:
            raise ValueError(f"source {self.source.key}: json_api style must be one of {STYLES}")
        for url in self.source.start_urls:
            yield Request(url, callback=getattr(self, f"parse_{style}"), cb_kwargs={"page": 1})

    def records(self, response: Response) -> list[dict[str, Any]]:
        try:
            payload = json.loads(response.text)
        except ValueError as error:
            self.report_failure(response, "parse_error", f"not JSON ({error}); discovery stops")
            return []
        data = payload.get("data") if isinstance(payload, dict) else payload
        return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []

    def in_window(self, label: str | None) -> tuple[bool, bool]:
        """(keep, older than the window) for a record's date label."""
        if not label:
            return True, False
        moment = dates.parse_iso(label, self.source.zone) or dates.parse_page_date(
            label, self.source.zone
        )
        if moment is None:
            return True, False
        day = self.local_date(moment)
        return not (self.before_window(day) or self.after_window(day)), self.before_window(day)

    def parse_jabar(self, response: Response, page: int) -> Iterator[Request]:
        records = self.records(response)
        reached_since, in_window, fresh = False, 0, 0
        for record in records:
            keep, older = self.in_window(record.get("published_at"))
            reached_since |= older
            if keep and record.get("link"):
                in_window += 1
                if request := self.release_request(record["link"]):
                    fresh += 1
                    yield request
        if (records and not reached_since and page < self.max_pages
                and not self.caught_up(in_window, fresh)):  # fmt: skip
            next_url = add_or_replace_parameter(response.url, "page", str(page + 1))
            yield Request(next_url, callback=self.parse_jabar, cb_kwargs={"page": page + 1})

    def parse_aceh(self, response: Response, page: int) -> Iterator[Request]:
        for record in self.records(response):
            keep, _ = self.in_window((record.get("tanggal") or "").strip())
            slug = (record.get("slug") or "").strip()
            url = aceh_detail_url(response.url, slug)
            if keep and slug.startswith("/") and (request := self.release_request(url)):
                yield request

    def parse_kalbar(self, response: Response, page: int) -> None:
        """The list carries every article whole: the recorded response is all there is."""
