"""XML sitemaps (WordPress core ``wp-sitemap.xml``, Yoast, plain), filtered by ``lastmod``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.spiders import SitemapSpider

from spiders import dates
from spiders.discovery.window import WindowedSpider


class SitemapReleaseSpider(WindowedSpider, SitemapSpider):
    def __init__(self, **kwargs):
        self.sitemap_urls = list(self.source.start_urls)
        self.sitemap_rules = [(self.source.release_url, "parse_release")]
        super().__init__(**kwargs)

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        for entry in entries:
            lastmod = entry.get("lastmod")
            moment = dates.parse_iso(lastmod, self.source.zone) if lastmod else None
            # lastmod is the last edit, not publication: a page edited after `until` may have
            # been published inside the window, but one last edited before `since` was not.
            if moment is not None and self.before_window(self.local_date(moment)):
                continue
            yield entry
