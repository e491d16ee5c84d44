"""XML sitemaps (WordPress core ``wp-sitemap.xml``, Yoast, plain), filtered by ``lastmod``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy.spiders import SitemapSpider

from spiders import dates
from spiders.discovery.window import WindowedSpider
from spiders.discovery.xml_safety import ENTITIES_REFUSED, xml_problem


class SitemapReleaseSpider(WindowedSpider, SitemapSpider):
    def __init__(self, **kwargs):
        self.sitemap_urls = list(self.source.start_urls)
        self.sitemap_rules = [(self.source.release_url, "parse_release")]
        super().__init__(**kwargs)

    def _parse_sitemap(self, response: Response) -> Iterator[Request]:
        # Scrapy's sitemap parser expands no entity but recovers silently from broken XML:
        # check first, so a broken or hostile sitemap is in the ledger, not just in the log.
        if response.url.endswith("/robots.txt"):
            yield from super()._parse_sitemap(response)
            return
        body = self._get_sitemap_body(response)
        problem = "not a sitemap" if body is None else xml_problem(body)
        if problem:
            self.report_failure(response, "parse_error", problem)
        if problem != ENTITIES_REFUSED:
            yield from super()._parse_sitemap(response)

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        for entry in entries:
            if self.is_known(entry.get("loc", "")):
                continue
            lastmod = entry.get("lastmod")
            moment = dates.parse_iso(lastmod, self.source.zone) if lastmod else None
            # lastmod is the last edit, not publication: a page edited after `until` may have
            # been published inside the window, but one last edited before `since` was not.
            if moment is not None and self.before_window(self.local_date(moment)):
                continue
            yield entry
