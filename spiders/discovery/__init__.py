"""Discovery families: how a spider finds a source's releases. The registry's ``strategy``
names the family; a source needs no spider code of its own."""

from __future__ import annotations

from scrapy import Spider

from spiders.discovery.feed import FeedSpider
from spiders.discovery.json_api import JsonApiSpider
from spiders.discovery.listing import ListingSpider
from spiders.discovery.sitemap import SitemapReleaseSpider
from spiders.discovery.wordpress import WordPressSpider
from spiders.source import Source

FAMILIES: dict[str, type[Spider]] = {
    "sitemap": SitemapReleaseSpider,
    "wordpress": WordPressSpider,
    "feed": FeedSpider,
    "listing": ListingSpider,
    "json_api": JsonApiSpider,
}


def spider_class(source: Source) -> type[Spider]:
    family = FAMILIES[source.strategy]
    return type(
        f"{family.__name__}_{source.key}",
        (family,),
        {
            "name": source.key,
            "source": source,
            "allowed_domains": list(source.domains),
        },
    )
