"""jatengprov.go.id: WordPress, with the headline in ``<title>`` before the documented suffix
`` – Pemerintah Provinsi Jawa Tengah``; body and categories as in the WordPress family."""

from __future__ import annotations

from siaran.spiders.pages.base import plain_text
from siaran.spiders.pages.wordpress import WordPressPage

TITLE_SUFFIX = " – Pemerintah Provinsi Jawa Tengah"


class Page(WordPressPage):
    def title(self) -> str | None:
        title = plain_text(self.page.css("title::text").get(""))
        headline = title.removesuffix(TITLE_SUFFIX) if title.endswith(TITLE_SUFFIX) else ""
        return headline.strip() or super().title()
