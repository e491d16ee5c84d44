"""kepriprov.go.id (Tailwind CSS): the body is the ``.text-gray-800`` element.

Utility classes describe looks, not roles: ``text-gray-800`` also colours the headline, the brand
and sidebar titles, so the body is the ``.text-gray-800`` element with the most paragraph text.
The date is the first page date between the headline and the body (the body's own in-text dates
and the sidebar's dates lie outside that stretch).
"""

from __future__ import annotations

from datetime import datetime

from parsel import Selector

from siaran.spiders.pages.article import VISIBLE
from siaran.spiders.pages.base import ReleasePage, text_of
from siaran.spiders.parse.byline import Byline, from_labels
from siaran.spiders.release import normalise_text


class Page(ReleasePage):
    site_fields = ("title", "date", "body", "byline")

    def body_node(self) -> Selector | None:
        scored = [
            (sum(len(text_of(p)) for p in node.css("p")), node)
            for node in self.page.css(".text-gray-800")
        ]
        best = max(scored, key=lambda pair: pair[0], default=(0, None))
        return best[1] if best[0] else None

    def heading(self) -> Selector | None:
        headings = self.page.css("h1")
        return headings[0] if headings else None

    def title(self) -> str | None:
        heading = self.heading()
        return text_of(heading) if heading is not None else None

    def published(self) -> tuple[datetime | None, str]:
        heading, body = self.heading(), self.body_node()
        texts: list[str] = []
        if heading is not None and body is not None:
            # Between the headline and the body: not the sidebar's dates, not the in-text ones.
            for element in heading.xpath("following::*"):
                if element.root is body.root:
                    break
                texts += element.xpath("text()").getall()
        return self.page_date(*texts)

    def paragraphs(self) -> list[str]:
        body = self.body_node()
        return [text_of(p) for p in body.css("p")] if body is not None else []

    def byline(self, paragraphs: list[str]) -> tuple[list[str], Byline]:
        """'Reporter : X' and 'Editor : Y' lines after the body; else a trailing MC byline."""
        body = self.body_node()
        lines = body.xpath(f"following::text()[{VISIBLE}]").getall() if body is not None else []
        return paragraphs, from_labels([normalise_text(line) for line in lines])

    def categories(self) -> list[str]:
        crumbs = self.page.css('nav[aria-label="Breadcrumb"] li')
        return [text_of(crumbs[-1])] if len(crumbs) > 2 else []
