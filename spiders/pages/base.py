"""The page object base: a stored response in, the release's fields out, without Scrapy.

Subclasses name a site's selectors, field by field; whatever they leave empty goes through
the generic chain, which reads any theme: JSON-LD, OpenGraph and article meta, the lines
around the headline (date, byline, category), ``<time>``, the paragraph container, bylines
and credits in the body text, the permalink, and htmldate and trafilatura last.
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
from siaran.spiders.pages import article
from siaran.spiders.pages.tree import page_selector
from siaran.spiders.parse import dates
from siaran.spiders.parse.byline import (
    Byline,
    caption_credit,
    from_labels,
    labelled_parts,
    media_center_line,
    office_credit,
    split_labelled_lines,
    split_trailing_byline,
    split_trailing_credit,
)
from siaran.spiders.parse.dateline_place import dateline_place
from siaran.spiders.registry.source import Source
from siaran.spiders.release import normalise_text

# Scraped text is data: what one page may put in a release is bounded, so a broken or hostile
# page cannot blow up a field. The bounds are all here, and release_fields applies them. They
# are generous, far above any real release (a headline of a line, a body of a few thousand
# words, a byline of a line, a few categories and photos); past one, text is cut and lists are
# shortened. Before this, a stored payload's content coding is undone to at most 64 MiB
# (spiders/archive/content.py), and nesting deeper than libxml2 parses is flattened (tree.py).
MAX_BODY_CHARS = 200_000
MAX_PARAGRAPH_CHARS = 50_000
MAX_TITLE_CHARS = 1_000
MAX_BYLINE_CHARS = 1_000  # the byline as printed, and its unit
MAX_NAMES = 50  # writers, editors and categories: entries in each list
MAX_NAME_CHARS = 200  # one writer, editor or category; the dateline place; the language
MAX_IMAGES = 200
MAX_CAPTION_CHARS = 2_000  # a photo's caption, and its credit
MAX_URL_CHARS = 4_096  # the canonical URL, a photo's src
_TRACKING = ("utm_", "fbclid", "gclid")
# '(Baca Juga : ...)', 'Baca juga: ...': links to other releases inside the body.
READ_ALSO = re.compile(r"^\(?\s*baca\s+juga\b", re.IGNORECASE)
# A paragraph that only heads a share or related-news block ends the body.
BLOCK_HEADING = re.compile(
    r"^(baca juga|berita terkait|berita lainnya|baca berita lainnya|bagikan( berita ini)?"
    r"|share( this)?)\s*:?$",
    re.IGNORECASE,
)
# Advertising slots inside a body.
AD_MARKER = re.compile(
    r"^(advertisement|iklan|sponsored|scroll to continue( with content)?)$", re.I
)
# Labels in front of categories, and crumbs that are no category.
CATEGORY_LABEL = re.compile(
    r"^\s*(kategori|category|rubrik|kanal)\s*:\s*(?P<names>.+)$", re.IGNORECASE
)
NOT_CATEGORIES = {"beranda", "home", "berita", "news", "index", "indeks", "artikel"}
BREADCRUMBS = (
    "[aria-label*='readcrumb'] li, .breadcrumb li, .breadcrumbs li, "
    "[itemtype*='BreadcrumbList'] [itemprop='name']"
)
ARTICLE_TYPES = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle"}
# Elements whose class or name says they hold the page's date, in the usual CMS spellings.
DATE_ELEMENTS = (
    ".date, .post-date, .entry-date, .tanggal, .published, .posted-on, "
    "[class*='date'], [class*='tanggal']"
)
PATH_GROUPS = ("title", "date", "body", "byline")
# Markup in raw text: hidden elements with their content (an unclosed one runs to the end),
# then any tag or comment.
HIDDEN_MARKUP = re.compile(
    rf"<({'|'.join(article.HIDDEN)})\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL
)
MARKUP = re.compile(r"<!--.*?(?:-->|$)|</?[a-zA-Z][^<>]*>", re.DOTALL)
# Between a headline and the site's name in <title> and og:title.
TITLE_SEPARATOR = re.compile(r"\s+[-|–—:]\s+|\s*\|\s*")
# A site body shorter than this is checked against the generic one.
MIN_SITE_WORDS = 40
Lookup = Callable[[str], StoredResponse | None]


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.startswith(_TRACKING)]
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), "")
    )


def text_of(node: Selector) -> str:
    """The element's text as a reader sees it: no script, style or template text."""
    return normalise_text(" ".join(node.xpath(article.VISIBLE_TEXT).getall()))


def plain_text(value: str) -> str:
    """Text from a string that may hold markup: ``<title>``'s content, which lxml keeps raw,
    and attribute and JSON-LD values. Scripts, styles, noscript and templates go with their
    content."""
    return normalise_text(MARKUP.sub(" ", HIDDEN_MARKUP.sub(" ", value)))


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
        if paragraph and not READ_ALSO.match(paragraph) and not AD_MARKER.match(paragraph):
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
    """A release's fields, from what a page object found, each within its bound: the body
    joined, the dateline and event date read from it, the byline split into its parts."""
    paragraphs = [paragraph[:MAX_PARAGRAPH_CHARS] for paragraph in paragraphs]
    body = "\n\n".join(paragraphs)[:MAX_BODY_CHARS]
    published_local = dates.local_date(published_at, source.zone)
    place = dateline_place(paragraphs[0]) if paragraphs else None
    return {
        "canonical_url": canonical_url[:MAX_URL_CHARS],
        "title": _cut(title, MAX_TITLE_CHARS),
        "published_at": published_at,
        "date_source": date_source,
        "event_date": dates.event_date(body, published_local),
        "body": body or None,
        "byline": _cut(byline.text, MAX_BYLINE_CHARS),
        "byline_unit": _cut(byline.unit, MAX_BYLINE_CHARS),
        "writers": _names(byline.writers),
        "editors": _names(byline.editors),
        "dateline_place": _cut(place, MAX_NAME_CHARS),
        "categories": _names(categories),
        "language": language[:MAX_NAME_CHARS],
        "images": [
            {
                "src": _cut(image["src"], MAX_URL_CHARS),
                "caption": _cut(image["caption"], MAX_CAPTION_CHARS),
                "credit": _cut(image["credit"], MAX_CAPTION_CHARS),
            }
            for image in images[:MAX_IMAGES]
        ],
        "extraction_path": extraction_path,
    }


def _cut(text: str | None, limit: int) -> str | None:
    return text[:limit] if text else text


def _names(names: list[str]) -> list[str]:
    return [name[:MAX_NAME_CHARS] for name in names[:MAX_NAMES]]


class ReleasePage:
    """Generic extraction; ``spiders/pages/generic.py`` uses it as it is.

    The site hooks (``title``, ``published``, ``paragraphs``, ``byline``, ``categories``)
    return what the site's own markup gives, or nothing; ``fields`` sends every field they
    leave empty through the generic chain, and ``extraction_path`` says which path served it.
    """

    version = "2"
    # The field groups (of PATH_GROUPS) the site's own selectors serve; the extract stage's
    # quality gate fails a source when the generic chain serves them instead.
    site_fields: tuple[str, ...] = ()

    def __init__(self, url: str, html: str, source: Source):
        self.url = url
        self.html = html
        self.source = source
        self.page = page_selector(html)
        # Field group -> the generic path that produced it; absent means the site's selectors.
        self.paths: dict[str, str] = {}
        self.title_found: str | None = None  # the title fields() settled on

    def via(self, group: str, path: str, value: Any) -> Any:
        """Record that ``path`` produced ``group`` (when it produced something)."""
        if value:
            self.paths[group] = path
        return value

    # --- site hooks: nothing here; site page objects override what their markup gives -----

    def title(self) -> str | None:
        return None

    def published(self) -> tuple[datetime | None, str]:
        """Publication time in UTC and where it came from ('page', 'metadata', 'url')."""
        return None, "none"

    def paragraphs(self) -> list[str]:
        return []

    def byline(self, paragraphs: list[str]) -> tuple[list[str], Byline]:
        """The byline, and the paragraphs without it."""
        return paragraphs, Byline()

    def categories(self) -> list[str]:
        return []

    # --- helpers for site page objects ---------------------------------------------------------

    def meta(self, prop: str) -> str | None:
        value = self.page.css(
            f'meta[property="{prop}"]::attr(content), meta[name="{prop}"]::attr(content)'
        ).get()
        return plain_text(value) if value else None

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

    def first_text(self, css: str) -> str | None:
        """Text of the first element matching ``css``, or None."""
        found = self.page.css(css)
        return text_of(found[0]) or None if found else None

    def page_date(self, *texts: str | None) -> tuple[datetime | None, str]:
        """The first Indonesian page date among ``texts``."""
        for text in filter(None, texts):
            moment = dates.parse_page_date(text, self.source.zone)
            if moment:
                return moment, "page"
        return None, "none"

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

    # --- the generic chain ---------------------------------------------------------------------

    @cached_property
    def layout(self) -> article.Layout:
        """The body's paragraphs and the lines around them, read without class names."""
        title = self.title_found or next((t for _, t in self.title_candidates() if t), None)
        return article.read_layout(self.page.root, title)

    def title_candidates(self) -> list[tuple[str, str | None]]:
        """(path, headline) in the order the generic chain trusts them."""
        headline = self.json_ld.get("headline")
        title_tag = plain_text(" ".join(self.page.xpath("//title//text()").getall()))
        social = self.meta("og:title") or self.meta("twitter:title")
        return [
            ("json-ld", plain_text(headline) if isinstance(headline, str) else None),
            ("opengraph", self.without_site_name(social) if social else None),
            ("h1", self.first_text("h1")),
            ("heading", self.heading_in(title_tag)),
            ("title-tag", self.without_site_name(title_tag)),
        ]

    def without_site_name(self, title: str) -> str:
        """'Headline - Site name' -> 'Headline', when a heading of the page shows the headline
        or a part of the title is the site's name."""
        parts = TITLE_SEPARATOR.split(title)
        if len(parts) == 1:
            return title
        headings = {text_of(h).casefold() for h in self.page.xpath("//h1 | //h2 | //h3")}
        site = (self.meta("og:site_name") or "").casefold()
        shown = [part for part in parts if part.casefold() in headings]
        named = [part for part in parts if part.casefold() != site] if site else parts
        return shown[0] if shown else " - ".join(named) if len(named) < len(parts) else title

    def generic_title(self) -> str | None:
        for path, text in self.title_candidates():
            if text:
                return self.via("title", path, text)
        return None

    def heading_in(self, title_tag: str) -> str | None:
        """A heading whose text the ``<title>`` holds ('Headline - Site name')."""
        folded = title_tag.casefold()
        for heading in self.page.xpath("//h2 | //h3"):
            text = text_of(heading)
            if len(text) >= 15 and text.casefold() in folded:
                return text
        return None

    def generic_published(self) -> tuple[datetime | None, str]:
        """Metadata with a time, a dated line around the headline, a date element, the
        permalink, htmldate: the first that gives a time of day wins, else the first date."""
        zone = self.source.zone
        day_only: list[tuple[str, datetime, str]] = []
        for path, value in self.date_metadata():
            found = dates.find_iso(value, zone)
            if found and found[1]:
                return self.via("date", path, found[0]), "metadata"
            if found:
                day_only.append((path, found[0], "metadata"))
        lines = self.layout.header
        for path, texts in (("headline-line", lines), ("date-element", self.date_elements())):
            for text in texts:
                found = dates.find_page_date(text, zone)
                if found and found[1]:
                    return self.via("date", path, found[0]), "page"
                if found:
                    day_only.append((path, found[0], "page"))
        if day_only:
            path, moment, kind = day_only[0]
            if path == "headline-line":
                moment = dates.with_time_of_day(moment, lines, zone) or moment
            return self.via("date", path, moment), kind
        moment = dates.from_url(self.url, zone)
        if moment:
            return self.via("date", "url", moment), "url"
        found = htmldate.find_date(
            self.html, original_date=True, outputformat="%Y-%m-%d", extensive_search=False
        )
        if found:
            return self.via("date", "htmldate", dates.parse_iso(found, zone)), "page"
        self.paths["date"] = "none"
        return None, "none"

    def date_metadata(self) -> list[tuple[str, str]]:
        candidates = [
            ("json-ld", self.json_ld.get("datePublished")),
            ("article-meta", self.meta("article:published_time")),
            ("article-meta", self.meta("pubdate") or self.meta("publishdate")),
            ("time", self.page.css("[itemprop='datePublished']::attr(content)").get()),
            ("time", self.page.css("time::attr(datetime)").get()),
        ]
        return [(path, value) for path, value in candidates if isinstance(value, str) and value]

    def date_elements(self) -> list[str]:
        """Text of elements whose class says they hold a date, the article's own first."""
        for scope in ("article", "main, [role='main']", "body"):
            texts = self.page.css(scope).css(DATE_ELEMENTS).xpath("normalize-space(.)").getall()
            if texts:
                return texts
        return []

    def generic_paragraphs(self) -> tuple[list[str], str]:
        """The paragraph container's paragraphs, else trafilatura's text; and which."""
        if self.layout.paragraphs:
            return self.layout.paragraphs, "container"
        # No deduplication: trafilatura's cache spans documents and would drop the stock
        # sentences that releases of one office share.
        text = trafilatura.extract(
            self.html,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            deduplicate=False,
        )
        return (text.split("\n") if text else []), "trafilatura"

    def body_found(self) -> list[str]:
        """The site's paragraphs; the generic ones when the site's are missing or too short to
        be the release (a selector that now matches a teaser or a caption)."""
        site = [paragraph for paragraph in self.paragraphs() if paragraph.strip()]
        if len(" ".join(site).split()) >= MIN_SITE_WORDS:
            return site
        generic, path = self.generic_paragraphs()
        if len(" ".join(generic).split()) <= len(" ".join(site).split()):
            return site
        return self.via("body", path, generic)

    def generic_byline(self, paragraphs: list[str]) -> tuple[list[str], Byline]:
        """A byline closing the body ('MC Kalsel/Fuz', '(NHF/RDM/APR)', 'Penulis : X' lines),
        with labelled lines around the headline ('Penulis : MC KAB TAPIN , Redaktur : Y')."""
        kept, trailing = split_trailing_byline(paragraphs)
        kept, closing = split_labelled_lines(kept)
        lines = self.layout.header + self.layout.footer
        around = from_labels(labelled_parts(lines))
        found = [b for b in (trailing, closing, around, office_credit(lines)) if b.text]
        unit = next((b.unit for b in found if b.unit), None) or media_center_line(lines)
        if not found and not unit:
            return kept, Byline()
        byline = Byline(
            " | ".join(b.text for b in found) or unit,
            unit,
            next((b.writers for b in found if b.writers), []),
            next((b.editors for b in found if b.editors), []),
        )
        self.via("byline", "trailing" if trailing.text else "labels", byline.text)
        return kept, byline

    def generic_categories(self) -> list[str]:
        section = self.meta("article:section") or self.json_ld.get("articleSection")
        if isinstance(section, str) and section:
            return [plain_text(section)]
        if isinstance(section, list) and section:
            return [plain_text(str(name)) for name in section]
        for line in self.layout.header + self.layout.footer:
            match = CATEGORY_LABEL.match(line)
            if match:
                return [name for name in map(str.strip, match["names"].split(",")) if name]
        crumbs = [text_of(crumb) for crumb in self.page.css(BREADCRUMBS)]
        title = (self.title_found or "").casefold()
        names = [c for c in crumbs if c and c.casefold() not in NOT_CATEGORIES | {title}]
        return names[-1:]

    # --- assembly ------------------------------------------------------------------------------

    def canonical(self) -> str:
        return canonical_url(self.page.css('link[rel="canonical"]::attr(href)').get(self.url))

    def language(self) -> str:
        lang = self.page.xpath("/html/@lang").get() or self.source.language
        return lang.split("-")[0].lower()

    def fields(self) -> dict[str, Any]:
        """The release fields this page yields; provenance is added by the extract stage."""
        title = self.title_found = self.title() or self.generic_title()
        published_at, date_source = self.published()
        if published_at is None:
            published_at, date_source = self.generic_published()
        paragraphs = body_paragraphs(self.body_found(), title)
        paragraphs, byline = self.byline(split_trailing_credit(paragraphs))
        if not byline.text:
            paragraphs, byline = self.generic_byline(paragraphs)
        paragraphs = split_trailing_credit(paragraphs)
        found = {"title": title, "date": published_at, "body": paragraphs, "byline": byline.text}
        return release_fields(
            self.source,
            canonical_url=self.canonical(),
            title=title,
            published_at=published_at,
            date_source=date_source,
            paragraphs=paragraphs,
            byline=byline,
            categories=self.categories() or self.generic_categories(),
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
