"""The page object base: a stored response in, the release's fields out, without Scrapy.

Subclasses name a site's selectors; whatever they miss falls back to the generic chain:
JSON-LD, OpenGraph/article meta, ``<time>``, htmldate for dates and trafilatura for the body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import htmldate
import trafilatura
from parsel import Selector

from siaran.spiders.archive.reader import StoredResponse
from siaran.spiders.parse import dates
from siaran.spiders.parse.byline import Byline, caption_credit, split_trailing_byline
from siaran.spiders.parse.dateline_place import dateline_place
from siaran.spiders.registry.source import Source
from siaran.spiders.release import normalise_text

# Scraped text is data: cap what one page may contribute.
MAX_BODY_CHARS = 200_000
_TRACKING = ("utm_", "fbclid", "gclid")
# '(Baca Juga : ...)', 'Baca juga: ...': links to other releases inside the body.
READ_ALSO = re.compile(r"^\(?\s*baca\s+juga\b", re.IGNORECASE)
# A paragraph that only heads a share or related-news block ends the body.
BLOCK_HEADING = re.compile(
    r"^(baca juga|berita terkait|berita lainnya|baca berita lainnya|bagikan( berita ini)?"
    r"|share( this)?)\s*:?$",
    re.IGNORECASE,
)
ARTICLE_TYPES = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle"}
# Elements whose class or name says they hold the page's date, in the usual CMS spellings.
DATE_ELEMENTS = (
    ".date, .post-date, .entry-date, .tanggal, .published, .posted-on, "
    "[class*='date'], [class*='tanggal']"
)
PATH_GROUPS = ("title", "date", "body", "byline")
Lookup = Callable[[str], StoredResponse | None]


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.startswith(_TRACKING)]
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), "")
    )


def text_of(node: Selector) -> str:
    return normalise_text(" ".join(node.xpath(".//text()").getall()))


def _json_ld_objects(value: Any) -> Iterator[dict]:
    if isinstance(value, list):
        for item in value:
            yield from _json_ld_objects(item)
    elif isinstance(value, dict):
        yield value
        yield from _json_ld_objects(value.get("@graph", []))


def body_paragraphs(paragraphs: list[str], title: str | None) -> list[str]:
    """Normalised paragraphs without read-also inserts, a repeated headline, or the share and
    related-news blocks that close many bodies."""
    kept = []
    for paragraph in map(normalise_text, paragraphs):
        if BLOCK_HEADING.match(paragraph):
            break
        if paragraph and not READ_ALSO.match(paragraph):
            kept.append(paragraph)
    if kept and title and kept[0].casefold() == title.casefold():
        kept = kept[1:]
    return kept


def release_fields(
    source: Source,
    *,
    canonical_url: str,
    title: str | None,
    published_at: datetime | None,
    date_source: str,
    paragraphs: list[str],
    byline: Byline,
    categories: list[str],
    language: str,
    images: list[dict[str, str | None]],
    extraction_path: dict[str, str],
) -> dict[str, Any]:
    """A release's fields, from what a page object found: the body joined and bounded, the
    dateline and event date read from it, the byline split into its parts."""
    body = "\n\n".join(paragraphs)[:MAX_BODY_CHARS]
    published_local = published_at.astimezone(source.zone).date() if published_at else None
    return {
        "canonical_url": canonical_url,
        "title": title,
        "published_at": published_at,
        "date_source": date_source,
        "event_date": dates.event_date(body, published_local),
        "body": body or None,
        "byline": byline.text,
        "byline_unit": byline.unit,
        "writers": byline.writers,
        "editors": byline.editors,
        "dateline_place": dateline_place(paragraphs[0]) if paragraphs else None,
        "categories": categories,
        "language": language,
        "images": images,
        "extraction_path": extraction_path,
    }


class ReleasePage:
    """Generic extraction; ``spiders/pages/generic.py`` uses it as it is."""

    version = "1"

    def __init__(self, url: str, html: str, source: Source):
        self.url = url
        self.html = html
        self.source = source
        self.page = Selector(text=html)
        # Field group -> the generic path that produced it; absent means the site's selectors.
        self.paths: dict[str, str] = {}

    def via(self, group: str, path: str, value: Any) -> Any:
        """Record that ``path`` produced ``group`` (when it produced something)."""
        if value:
            self.paths[group] = path
        return value

    # --- generic sources ------------------------------------------------------------------

    def meta(self, prop: str) -> str | None:
        value = self.page.css(
            f'meta[property="{prop}"]::attr(content), meta[name="{prop}"]::attr(content)'
        ).get()
        return normalise_text(value) if value else None

    @cached_property
    def json_ld(self) -> dict:
        """The page's first JSON-LD article object, or an empty dict."""
        for script in self.page.css('script[type="application/ld+json"]::text').getall():
            try:
                parsed = json.loads(script)
            except ValueError:
                continue
            for item in _json_ld_objects(parsed):
                kinds = item.get("@type", [])
                if ARTICLE_TYPES & set(kinds if isinstance(kinds, list) else [kinds]):
                    return item
        return {}

    # --- helpers for site page objects ---------------------------------------------------------

    def first_text(self, css: str) -> str | None:
        """Text of the first element matching ``css``, or None."""
        found = self.page.css(css)
        return text_of(found[0]) or None if found else None

    def page_date(self, *texts: str | None) -> tuple[datetime | None, str]:
        """The first Indonesian page date among ``texts``, else the generic chain."""
        for text in filter(None, texts):
            moment = dates.parse_page_date(text, self.source.zone)
            if moment:
                return moment, "page"
        return ReleasePage.published(self)

    def images(self) -> list[dict[str, str | None]]:
        """Figures with their caption and credit; captions often end with the byline."""
        found = []
        for figure in self.page.css("figure"):
            src = figure.css("img::attr(src)").get()
            caption = text_of(figure.css("figcaption")[0]) if figure.css("figcaption") else ""
            caption, credit = caption_credit(caption)
            if src:
                found.append(
                    {"src": urljoin(self.url, src), "caption": caption or None, "credit": credit}
                )
        return found

    # --- fields, each overridable -------------------------------------------------------------

    def title(self) -> str | None:
        headline = self.json_ld.get("headline")
        if isinstance(headline, str) and headline.strip():
            return self.via("title", "json-ld", normalise_text(headline))
        return (
            self.via("title", "opengraph", self.meta("og:title"))
            or self.via("title", "h1", self.first_text("h1"))
            or self.via("title", "title-tag", normalise_text(self.page.css("title::text").get("")))
            or None
        )

    def published(self) -> tuple[datetime | None, str]:
        """Publication time in UTC and where it came from."""
        candidates = [
            ("json-ld", self.json_ld.get("datePublished")),
            ("article-meta", self.meta("article:published_time")),
            ("time", self.page.css("time::attr(datetime)").get()),
        ]
        for path, value in candidates:
            moment = dates.parse_iso(value, self.source.zone) if isinstance(value, str) else None
            if moment:
                return self.via("date", path, moment), "metadata"
        # Visible date lines ('Senin, 4 November 2024 pukul 10.00 Wita') in a date element,
        # the article's own before the page's tickers and sidebars.
        for scope in ("article", "main, [role='main']", "body"):
            elements = self.page.css(scope).css(DATE_ELEMENTS)
            for text in elements.xpath("normalize-space(.)").getall():
                moment = dates.parse_page_date(text, self.source.zone)
                if moment:
                    return self.via("date", "date-element", moment), "page"
        moment = dates.from_url(self.url, self.source.zone)
        if moment:
            return self.via("date", "url", moment), "url"
        found = htmldate.find_date(
            self.html, original_date=True, outputformat="%Y-%m-%d", extensive_search=False
        )
        if found:
            return self.via("date", "htmldate", dates.parse_iso(found, self.source.zone)), "page"
        self.paths["date"] = "none"
        return None, "none"

    def paragraphs(self) -> list[str]:
        # No deduplication: trafilatura's cache spans documents and would drop the stock
        # sentences that releases of one office share.
        text = trafilatura.extract(
            self.html,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            deduplicate=False,
        )
        return self.via("body", "trafilatura", text.split("\n") if text else [])

    def byline(self, paragraphs: list[str]) -> tuple[list[str], Byline]:
        """The byline, and the paragraphs without it."""
        kept, byline = split_trailing_byline(paragraphs)
        self.via("byline", "trailing", byline.text)
        return kept, byline

    def categories(self) -> list[str]:
        section = self.meta("article:section")
        return [section] if section else []

    def canonical(self) -> str:
        return canonical_url(self.page.css('link[rel="canonical"]::attr(href)').get(self.url))

    def language(self) -> str:
        lang = self.page.xpath("/html/@lang").get() or self.source.language
        return lang.split("-")[0].lower()

    def fields(self) -> dict[str, Any]:
        """The release fields this page yields; provenance is added by the extract stage."""
        title = self.title() or None
        published_at, date_source = self.published()
        paragraphs, byline = self.byline(body_paragraphs(self.paragraphs(), title))
        found = {"title": title, "date": published_at, "body": paragraphs, "byline": byline.text}
        return release_fields(
            self.source,
            canonical_url=self.canonical(),
            title=title,
            published_at=published_at,
            date_source=date_source,
            paragraphs=paragraphs,
            byline=byline,
            categories=self.categories(),
            language=self.language(),
            images=self.images(),
            extraction_path=self.extraction_path(**found),
        )

    def extraction_path(self, **found: Any) -> dict[str, str]:
        """Per field group: 'none' when empty, the generic path that filled it, else 'site'."""
        return {
            group: self.paths.get(group, "site") if found[group] else "none"
            for group in PATH_GROUPS
        }

    def releases(self, lookup: Lookup) -> list[dict[str, Any]]:
        """Releases in this response: one for an article page; list APIs override this."""
        return [self.fields()]
