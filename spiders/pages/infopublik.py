"""infopublik.id: the '| WIB | Penulis : MC ... , Redaktur : ...' header names the media
center, whose province the release is attributed to (null when the gazetteer does not know it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from siaran.spiders.pages.base import ReleasePage, text_of
from siaran.spiders.parse.byline import Byline, credit_parts, from_labels
from siaran.spiders.registry.gazetteer import media_center_province


class Page(ReleasePage):
    site_fields = ("title", "date", "body", "byline")

    def header(self) -> str:
        """'Minggu, 13 Februari 2022 | 04:29 WIB | Penulis : MC KOTA PADANG , Redaktur : Tobari'"""
        line = self.page.css("p.date")
        return text_of(line[0]) if line else ""

    def title(self) -> str | None:
        return self.first_text("h1.title")

    def published(self) -> tuple[datetime | None, str]:
        return self.page_date(self.header())

    def paragraphs(self) -> list[str]:
        return [text_of(p) for p in self.page.css("div.content > p")]

    def byline(self, paragraphs: list[str]) -> tuple[list[str], Byline]:
        return paragraphs, from_labels(credit_parts(self.header()))

    def fields(self) -> dict[str, Any]:
        fields = super().fields()
        unit = fields["byline_unit"]
        fields["province_code"] = media_center_province(unit) if unit else None
        return fields
