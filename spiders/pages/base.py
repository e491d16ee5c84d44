"""The page object base: a stored response in, the release's fields out, without Scrapy."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parsel import Selector

from spiders import dates
from spiders.byline import Byline
from spiders.dateline_place import dateline_place
from spiders.release import normalise_text
from spiders.source import Source

# Scraped text is data: cap what one page may contribute.
MAX_BODY_CHARS = 200_000
_TRACKING = ("utm_", "fbclid", "gclid")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.startswith(_TRACKING)]
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), "")
    )


def text_of(node: Selector) -> str:
    return normalise_text(" ".join(node.xpath(".//text()").getall()))


class ReleasePage:
    """Generic extraction from metadata; subclasses name the site's selectors."""

    version = "1"

    def __init__(self, url: str, html: str, source: Source):
        self.url = url
        self.source = source
        self.page = Selector(text=html)

    def meta(self, prop: str) -> str | None:
        value = self.page.css(
            f'meta[property="{prop}"]::attr(content), meta[name="{prop}"]::attr(content)'
        ).get()
        return normalise_text(value) if value else None

    def title(self) -> str | None:
        return self.meta("og:title") or normalise_text(self.page.css("title::text").get(""))

    def published(self) -> tuple[datetime | None, str]:
        """Publication time in UTC and where it came from."""
        for value in (
            self.meta("article:published_time"),
            self.page.css("time::attr(datetime)").get(),
        ):
            moment = dates.parse_iso(value, self.source.zone) if value else None
            if moment:
                return moment, "metadata"
        return None, "none"

    def paragraphs(self) -> list[str]:
        return []

    def byline(self, paragraphs: list[str]) -> tuple[list[str], Byline]:
        """The byline, and the paragraphs without it."""
        return paragraphs, Byline()

    def categories(self) -> list[str]:
        return []

    def canonical(self) -> str:
        return canonical_url(self.page.css('link[rel="canonical"]::attr(href)').get(self.url))

    def language(self) -> str:
        lang = self.page.xpath("/html/@lang").get() or self.source.language
        return lang.split("-")[0].lower()

    def fields(self) -> dict[str, Any]:
        """The release fields this page yields; provenance is added by the extract stage."""
        published_at, date_source = self.published()
        paragraphs = [p for p in map(normalise_text, self.paragraphs()) if p]
        paragraphs, byline = self.byline(paragraphs)
        body = "\n\n".join(paragraphs)[:MAX_BODY_CHARS]
        published_local: date | None = (
            published_at.astimezone(self.source.zone).date() if published_at else None
        )
        return {
            "canonical_url": self.canonical(),
            "title": self.title() or None,
            "published_at": published_at,
            "date_source": date_source,
            "event_date": dates.event_date(body, published_local),
            "body": body or None,
            "byline": byline.text,
            "byline_unit": byline.unit,
            "writers": byline.writers,
            "dateline_place": dateline_place(paragraphs[0]) if paragraphs else None,
            "categories": self.categories(),
            "language": self.language(),
        }
