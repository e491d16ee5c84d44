"""sumbarprov.go.id: the first ``main .card`` holds the release; badges carry category, author
('Name (Office)', writers joined by '/') and time ('10 Mei 2025 14:42:04 WIB')."""

from __future__ import annotations

import re
from datetime import datetime

from parsel import Selector

from siaran.spiders.pages.base import ReleasePage, text_of
from siaran.spiders.parse.byline import Byline, person_names

_AUTHOR = re.compile(r"^(?P<writers>[^()]*?)\s*(?:\((?P<unit>[^()]+)\))?$")


class Page(ReleasePage):
    site_fields = ("title", "date", "body", "byline")

    def card(self) -> Selector | None:
        cards = self.page.css("main .card")
        return cards[0] if cards else None

    def badge(self, kind: str) -> str:
        card = self.card()
        badges = card.css(f"span.badge.badge-{kind}") if card else []
        return text_of(badges[0]) if badges else ""

    def title(self) -> str | None:
        card = self.card()
        heading = card.css(".card-header h3") if card else []
        return text_of(heading[0]) if heading else None

    def published(self) -> tuple[datetime | None, str]:
        return self.page_date(self.badge("info"))

    def paragraphs(self) -> list[str]:
        card = self.card()
        if card is None:
            return []
        # Paragraphs nested in the photo's p.text-center come out as siblings once parsed.
        return [text_of(p) for p in card.css(".card-body > p") if not p.css("span.badge")]

    def byline(self, paragraphs: list[str]) -> tuple[list[str], Byline]:
        label = self.badge("warning")
        match = _AUTHOR.match(label)
        if not label or match is None:
            return paragraphs, Byline()
        writers = person_names(match["writers"])
        unit = match["unit"].strip() if match["unit"] else None
        return paragraphs, Byline(label, unit, writers)

    def categories(self) -> list[str]:
        category = self.badge("danger")
        return [category] if category else []
