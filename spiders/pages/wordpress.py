"""The WordPress family: core theme classes shared by WordPress-based portals."""

from __future__ import annotations

from spiders.pages.base import ReleasePage, text_of


class WordPressPage(ReleasePage):
    def title(self) -> str | None:
        heading = self.page.css("h1.entry-title")
        return text_of(heading[0]) if heading else super().title()

    def paragraphs(self) -> list[str]:
        # Direct children only: figures, captions and share widgets sit outside them.
        return [text_of(p) for p in self.page.css(".entry-content > p")]

    def categories(self) -> list[str]:
        return [text_of(a) for a in self.page.css('article a[rel~="category"]')]


Page = WordPressPage
