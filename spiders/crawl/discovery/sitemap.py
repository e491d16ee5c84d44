"""XML sitemaps (WordPress core ``wp-sitemap.xml``, Yoast ``sitemap_index.xml``, plain
``sitemap.xml``, gzipped or not, or the ones ``robots.txt`` lists), filtered by ``lastmod``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from lxml import etree
from protego import Protego
from scrapy import Request
from scrapy.http import Response

from siaran.spiders.archive.content import ContentTooLarge, decode
from siaran.spiders.crawl.discovery.window import WindowedSpider
from siaran.spiders.crawl.discovery.xml_safety import ENTITIES_REFUSED, SAFE_PARSER, xml_problem
from siaran.spiders.parse import dates

GZIP_MAGIC = b"\x1f\x8b\x08"


def sitemap_entries(body: bytes) -> tuple[str, list[tuple[str, str | None]]]:
    """The sitemap's kind ('urlset' or 'sitemapindex') and its (loc, lastmod) entries, with
    whatever a broken file still holds."""
    root = etree.fromstring(body, etree.XMLParser(recover=True, **SAFE_PARSER))
    if root is None:
        return "", []
    entries = []
    for entry in root:
        fields = {etree.QName(child).localname: (child.text or "").strip() for child in entry}
        if fields.get("loc"):
            entries.append((fields["loc"], fields.get("lastmod") or None))
    return etree.QName(root).localname, entries


class SitemapReleaseSpider(WindowedSpider):
    async def start(self) -> AsyncIterator[Request]:
        for url in self.source.start_urls:
            yield Request(url, callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        if response.url.endswith("/robots.txt"):
            robots = Protego.parse(response.body.decode("utf-8", errors="replace"))
            for url in robots.sitemaps:
                yield Request(response.urljoin(url), callback=self.parse_sitemap)
            return
        body = response.body
        if body.startswith(GZIP_MAGIC):  # a .xml.gz file, not a gzip transfer coding
            try:
                body = decode(body, "gzip", self.settings.getint("DOWNLOAD_MAXSIZE") or 2**30)
            except ContentTooLarge as problem:
                self.report_failure(response, "too_large", f"gzipped sitemap {problem}")
                return
        # Checked before parsing, so a broken or hostile sitemap is in the ledger, not only
        # in the log; what a broken one still holds is crawled.
        problem = xml_problem(body)
        if problem:
            self.report_failure(response, "parse_error", problem)
            if problem == ENTITIES_REFUSED:
                return
        kind, entries = sitemap_entries(body)
        for loc, lastmod in entries:
            if self.edited_before_window(lastmod):
                continue
            if kind == "sitemapindex":
                yield Request(response.urljoin(loc), callback=self.parse_sitemap)
            elif (
                kind == "urlset"
                and self.source.is_release_url(loc)
                and (request := self.release_request(loc))
            ):
                yield request

    def edited_before_window(self, lastmod: str | None) -> bool:
        # lastmod is the last edit, not publication: a page edited after `until` may have
        # been published inside the window, but one last edited before `since` was not.
        moment = dates.parse_iso(lastmod, self.source.zone) if lastmod else None
        return moment is not None and self.before_window(moment.astimezone(self.source.zone).date())
