"""Discovery families: how a spider finds a source's releases. The registry's ``strategy``
names the family; a source needs no spider code of its own."""

from __future__ import annotations

from scrapy import Spider

from siaran.spiders.crawl.discovery.feed import FeedSpider
from siaran.spiders.crawl.discovery.json_api import JsonApiSpider
from siaran.spiders.crawl.discovery.listing import ListingSpider
from siaran.spiders.crawl.discovery.sitemap import SitemapReleaseSpider
from siaran.spiders.crawl.discovery.wordpress import WordPressSpider
from siaran.spiders.registry.source import Source

FAMILIES: dict[str, type[Spider]] = {
    "sitemap": SitemapReleaseSpider,
    "wordpress": WordPressSpider,
    "feed": FeedSpider,
    "listing": ListingSpider,
    "json_api": JsonApiSpider,
}


def spider_class(source: Source, custom_settings: dict | None = None) -> type[Spider]:
    """The source's spider: its family's class, named by its key; ``custom_settings`` are one
    crawl's own settings (its snapshot folder, a replay's archive)."""
    family = FAMILIES[source.strategy]
    return type(
        f"{family.__name__}_{source.key}",
        (family,),
        {
            "name": source.key,
            "source": source,
            "allowed_domains": list(source.domains),
            "custom_settings": custom_settings,
        },
    )
