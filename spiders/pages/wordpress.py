"""The WordPress family: core theme classes shared by WordPress-based portals."""

from __future__ import annotations

from typing import Any

from spiders.pages.base import Lookup, ReleasePage, text_of


class WordPressPage(ReleasePage):
    def releases(self, lookup: Lookup) -> list[dict[str, Any]]:
        # With /%postname%/ permalinks static pages share the release URL pattern.
        classes = self.page.xpath("/html/body/@class").get("").split()
        if any(c.startswith("page-id-") for c in classes):
            return []
        return super().releases(lookup)

    def title(self) -> str | None:
        return self.first_text("h1.entry-title") or super().title()

    def paragraphs(self) -> list[str]:
        # Direct children only: figures, captions and share widgets sit outside them.
        return [text_of(p) for p in self.page.css(".entry-content > p")]

    def categories(self) -> list[str]:
        return [text_of(a) for a in self.page.css('article a[rel~="category"]')]


Page = WordPressPage
