"""mediacenter.riau.go.id (``/arsip/<id>``): the body is ``.post``, as on the older site; title,
date line and category sit in ``.detail-berita``. The text ends with an 'MC Riau/<initials>'
byline, which the default trailing-byline rule takes off."""

from __future__ import annotations

from datetime import datetime

from siaran.spiders.pages.base import ReleasePage, text_of


class Page(ReleasePage):
    site_fields = ("title", "date", "body")

    def title(self) -> str | None:
        return self.first_text(".detail-berita h1")

    def published(self) -> tuple[datetime | None, str]:
        return self.page_date(self.first_text(".detail-berita .info-berita .tanggal"))

    def paragraphs(self) -> list[str]:
        paragraphs = self.page.css(".post > p")
        return [text_of(p) for p in paragraphs]

    def categories(self) -> list[str]:
        return [text_of(a) for a in self.page.css(".detail-berita .info-berita .kategori a")]
