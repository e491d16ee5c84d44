"""List APIs whose records are releases (``json_api`` styles aceh and kalbar)."""

from __future__ import annotations

import json
from typing import Any

from parsel import Selector

from spiders import dates
from spiders.byline import split_trailing_byline
from spiders.dateline_place import dateline_place
from spiders.discovery.json_api import aceh_detail_url
from spiders.pages.base import (
    MAX_BODY_CHARS,
    PATH_GROUPS,
    Lookup,
    ReleasePage,
    canonical_url,
    text_of,
)  # fmt: skip
from spiders.release import normalise_text, slugify


def html_paragraphs(html: str) -> list[str]:
    paragraphs = [text_of(p) for p in Selector(text=html or "<p></p>").css("p")]
    return [p for p in paragraphs if p]


class Page(ReleasePage):
    def records(self) -> list[dict[str, Any]]:
        try:
            payload = json.loads(self.html)
        except ValueError:
            raise ValueError(
                f"{self.url}: the API answered with something that is not JSON"
            ) from None
        data = payload.get("data") if isinstance(payload, dict) else payload
        return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []

    def release(self, title: str, label: str, html: str, url: str, canonical: str) -> dict:
        published_at = dates.parse_iso(label, self.source.zone) or dates.parse_page_date(
            label, self.source.zone
        )
        paragraphs, byline = split_trailing_byline(html_paragraphs(html))
        body = "\n\n".join(paragraphs)[:MAX_BODY_CHARS]
        local = published_at.astimezone(self.source.zone).date() if published_at else None
        return {
            "url": url, "canonical_url": canonical, "title": normalise_text(title) or None,
            "published_at": published_at, "date_source": "metadata" if published_at else "none",
            "event_date": dates.event_date(body, local), "body": body or None,
            "byline": byline.text, "byline_unit": byline.unit, "writers": byline.writers,
            "editors": byline.editors,
            "dateline_place": dateline_place(paragraphs[0]) if paragraphs else None,
            "categories": [], "language": self.source.language, "images": [],
            "extraction_path": dict.fromkeys(PATH_GROUPS, "site"),
        }  # fmt: skip

    def releases(self, lookup: Lookup) -> list[dict[str, Any]]:
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
                found.append(self.release(record.get("judul") or "",
                                          (record.get("tanggal") or "").strip(), konten,
                                          detail.url, f"{origin}{slug}"))  # fmt: skip
        return found
