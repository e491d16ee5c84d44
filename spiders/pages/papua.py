"""papua.go.id: title ``h1.post-title``, date ``.post-date``, body ``.text > p``.

The template reuses ``.post-date`` and ``.text`` in the listing items of "Berita Terkait"
below the article, so both are taken as the first ones after the headline.
"""

from __future__ import annotations

from datetime import datetime

from parsel import Selector

from siaran.spiders.pages.base import ReleasePage, text_of


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


class Page(ReleasePage):
    site_fields = ("title", "date", "body")

    def heading(self) -> Selector | None:
        headings = self.page.css("h1.post-title")
        return headings[0] if headings else None

    def after_heading(self, name: str) -> Selector | None:
        """The first element of class ``name`` after the headline (anywhere without one)."""
        heading = self.heading()
        if heading is not None:
            found = heading.xpath(f"following::*[{_has_class(name)}][1]")
        else:
            found = self.page.xpath(f"(//*[{_has_class(name)}])[1]")
        return found[0] if found else None

    def title(self) -> str | None:
        heading = self.heading()
        return text_of(heading) if heading is not None else None

    def published(self) -> tuple[datetime | None, str]:
        line = self.after_heading("post-date")
        return self.page_date(text_of(line) if line is not None else None)

    def paragraphs(self) -> list[str]:
        body = self.after_heading("text")
        return [text_of(p) for p in body.xpath("p")] if body is not None else []

    def categories(self) -> list[str]:
        crumb = self.page.css("ol.breadcrumb li.active")
        return [text_of(crumb[0])] if crumb else []
