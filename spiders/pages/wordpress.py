"""The WordPress family: core theme classes shared by WordPress-based portals."""

from __future__ import annotations

from typing import Any

from parsel import Selector

from siaran.spiders.pages.base import Lookup, ReleasePage, text_of
from siaran.spiders.parse.byline import caption_credit


class WordPressPage(ReleasePage):
    site_fields = ("title", "body")

    def releases(self, lookup: Lookup) -> list[dict[str, Any]]:
        # With /%postname%/ permalinks static pages share the release URL pattern.
        classes = self.page.xpath("/html/body/@class").get("").split()
        if any(c.startswith("page-id-") for c in classes):
            return []
        return super().releases(lookup)

    def title(self) -> str | None:
        return self.first_text("h1.entry-title") or super().title()

    def content_paragraphs(self) -> list[tuple[Selector, bool]]:
        """``.entry-content > p`` with, for each, whether it is a photo caption: the classic
        editor puts an image in one paragraph and its caption, in italics, in the next."""
        found, after_image = [], False
        for p in self.page.css(".entry-content > p"):
            italic = " ".join(p.css("em, i").xpath("normalize-space(.)").getall())
            found.append((p, after_image and bool(italic) and italic == text_of(p)))
            after_image = bool(p.css("img"))
        return found

    def paragraphs(self) -> list[str]:
        # Direct children only: figures and share widgets sit outside them.
        return [text_of(p) for p, caption in self.content_paragraphs() if not caption]

    def images(self) -> list[dict[str, str | None]]:
        captions = [
            caption_credit(text_of(p)) for p, caption in self.content_paragraphs() if caption
        ]
        return super().images() + [
            {"src": None, "caption": caption, "credit": credit} for caption, credit in captions
        ]

    def categories(self) -> list[str]:
        return [text_of(a) for a in self.page.css('article a[rel~="category"]')]


Page = WordPressPage
