"""jatimprov.go.id: title in the ``<h3>`` after ``div.pr-bg.pr-bg-white``, date in
``div.parallax-header a``, category after ``Kategori :``, body in nested ``<p><p>`` followed by a
"Berita Terkait" block that is not part of the release."""

from __future__ import annotations

import re
from datetime import datetime

from siaran.spiders.pages.base import ReleasePage, text_of

_CATEGORY = re.compile(r"Kategori\s*:\s*(?P<name>.+)$")
# Paragraphs at or after the related-news heading belong to the block, not the release.
_BEFORE_RELATED = (
    "not(normalize-space()='Berita Terkait') and "
    "not(preceding::*[normalize-space(text())='Berita Terkait'])"
)


class Page(ReleasePage):
    site_fields = ("title", "date", "body")

    def title(self) -> str | None:
        return self.first_text("div.pr-bg.pr-bg-white ~ h3")

    def published(self) -> tuple[datetime | None, str]:
        return self.page_date(*map(text_of, self.page.css("div.parallax-header a")))

    def paragraphs(self) -> list[str]:
        # lxml closes the outer <p> when the inner one opens, so the paragraphs come out flat.
        body = self.page.css("div.single-post-content_text")
        if not body:
            return []
        return [text_of(p) for p in body[0].xpath(f".//p[{_BEFORE_RELATED}]")]

    def categories(self) -> list[str]:
        header = self.page.css("div.parallax-header")
        match = _CATEGORY.search(text_of(header[0])) if header else None
        return [match["name"]] if match else []
