"""jabarprov.go.id: server-rendered Nuxt article pages, body in ``div.article__body``.

Inline "baca juga" inserts inside the body link other articles and are dropped.
"""

from __future__ import annotations

from datetime import datetime

from siaran.spiders.pages.base import ReleasePage, text_of
from siaran.spiders.parse.byline import Byline, from_labels


class Page(ReleasePage):
    site_fields = ("title", "date", "body", "byline")

    def info_lines(self) -> list[str]:
        return [text_of(line) for line in self.page.css("div.article__info > *")]

    def title(self) -> str | None:
        return self.first_text("h1.article__title")

    def published(self) -> tuple[datetime | None, str]:
        return self.page_date(*self.info_lines())

    def paragraphs(self) -> list[str]:
        body = self.page.css("div.article__body")
        if not body:
            return []
        return [text_of(p) for p in body[0].css("p") if not p.xpath("ancestor::figure")]

    def byline(self, paragraphs: list[str]) -> tuple[list[str], Byline]:
        return paragraphs, from_labels(self.info_lines())

    def categories(self) -> list[str]:
        return [text_of(a) for a in self.page.css("a.article__category")]
