"""beritajakarta.id (mobile template, as in the saved real pages)."""

from __future__ import annotations

from datetime import datetime

from siaran.spiders.pages.base import ReleasePage, plain_text, text_of
from siaran.spiders.parse.byline import Byline, from_labels
from siaran.spiders.release import normalise_text


class Page(ReleasePage):
    site_fields = ("title", "date", "body", "byline")

    def info_lines(self) -> list[str]:
        # Direct text only: each span opens with a material icon whose ligature is text.
        spans = self.page.css("div.news-read div.content-info span")
        return [normalise_text(" ".join(span.xpath("text()").getall())) for span in spans]

    def title(self) -> str | None:
        return self.first_text("div.news-read h1")

    def published(self) -> tuple[datetime | None, str]:
        return self.page_date(*self.info_lines())

    def paragraphs(self) -> list[str]:
        # Every <p> of the body, because 2015 pages nest <p> inside p.text-justify and the
        # parser splits them; pull-quotes (blockquote) repeat body text and are skipped.
        return [
            text_of(p)
            for p in self.page.css("div.content-body p")
            if not p.xpath("ancestor::blockquote")
        ]

    def byline(self, paragraphs: list[str]) -> tuple[list[str], Byline]:
        return paragraphs, from_labels(self.info_lines())

    def images(self) -> list[dict[str, str | None]]:
        # The lead photo sits above the headline; the span's own text is the credit.
        photo = self.page.css("div.news-read > img.responsive-img")
        if not photo:
            return []
        credit = " ".join(self.page.css("div.news-read div.image-info span::text").getall())
        return [
            {
                "src": photo.attrib.get("src"),
                "caption": plain_text(photo.attrib.get("alt", "")) or None,
                "credit": normalise_text(credit) or None,
            }
        ]

    def categories(self) -> list[str]:
        return [text_of(a) for a in self.page.css("ul.breadcrumbs li.active a")]
