"""List APIs whose records are releases (``json_api`` styles aceh and kalbar)."""

from __future__ import annotations

import json
from typing import Any

from siaran.spiders.pages.base import (
    Lookup,
    ReleasePage,
    canonical_url,
    plain_text,
    release_fields,
    text_of,
)
from siaran.spiders.pages.tree import page_selector
from siaran.spiders.parse import dates
from siaran.spiders.parse.byline import split_trailing_byline
from siaran.spiders.parse.records import aceh_detail_url, api_records
from siaran.spiders.release import slugify


def html_paragraphs(html: str) -> list[str]:
    paragraphs = [text_of(p) for p in page_selector(html or "<p></p>").css("p")]
    return [p for p in paragraphs if p]


class Page(ReleasePage):
    site_fields = ("title", "date", "body")

    def from_api(self) -> bool:
        """Whether the page was fetched from the API: under the folder of a start URL."""
        folders = {url.split("?")[0].rsplit("/", 1)[0] + "/" for url in self.source.start_urls}
        return any(self.url.startswith(folder) for folder in folders)

    def records(self) -> list[dict[str, Any]]:
        try:
            return api_records(self.html)
        except ValueError as problem:
            raise ValueError(f"{self.url}: the API's answer is {problem}") from None

    def release(self, title: str, label: str, html: str, url: str, canonical: str) -> dict:
        zone = self.source.zone
        published_at = dates.parse_iso(label, zone) or dates.parse_page_date(label, zone)
        paragraphs, byline = split_trailing_byline(html_paragraphs(html))
        title = plain_text(title) or None
        found = {"title": title, "date": published_at, "body": paragraphs, "byline": byline.text}
        fields = release_fields(
            self.source,
            canonical_url=canonical,
            title=title,
            published_at=published_at,
            date_source="metadata" if published_at else "none",
            paragraphs=paragraphs,
            byline=byline,
            categories=[],
            language=self.source.language,
            images=[],
            extraction_path=self.extraction_path(**found),
        )
        return {"url": url, **fields}

    def releases(self, lookup: Lookup) -> list[dict[str, Any]]:
        if not self.from_api():
            # An article page (found in a web archive, without its API record): read as HTML.
            return super().releases(lookup)
        style = self.source.discovery["style"]
        found = []
        for record in self.records():
            if style == "kalbar":
                # Records carry no URL of their own: the API URL with a fragment names them.
                title, label = record.get("title") or "", record.get("date") or ""
                url = f"{self.url}#{slugify(title)}-{slugify(label)}"
                found.append(self.release(title, label, record.get("content"), url, url))
            elif style == "aceh":
                slug = (record.get("slug") or "").strip()
                detail = lookup(aceh_detail_url(self.url, slug))
                if detail is None:  # outside the crawl's window: not fetched
                    continue
                konten = json.loads(detail.content).get("konten", "")
                origin = canonical_url(self.url).split("/json/")[0]
                title, label = record.get("judul") or "", (record.get("tanggal") or "").strip()
                found.append(self.release(title, label, konten, detail.url, f"{origin}{slug}"))
        return found
