"""mmc.kalteng.go.id: drop the template's ``(Baca Juga : ...)`` line from the body and take the
byline from the contributor box, which is not body text either."""

from __future__ import annotations

import re
from datetime import datetime

from siaran.spiders.pages.base import ReleasePage, text_of
from siaran.spiders.parse.byline import EDITOR_LABELS, Byline, person_names

LABELLED = re.compile(r"^(?P<label>Penulis|Reporter|Editor|Redaktur)\s*:\s*(?P<names>.*)$")


class Page(ReleasePage):
    site_fields = ("title", "date", "body", "byline")

    def title(self) -> str | None:
        return self.first_text("h1.judul-berita")

    def published(self) -> tuple[datetime | None, str]:
        return self.page_date(*map(text_of, self.page.css("div.meta-berita span.tanggal")))

    def paragraphs(self) -> list[str]:
        # Direct children only: the contributor box nests its own <p>s inside the body.
        return [text_of(p) for p in self.page.css("div.isi-berita > p")]

    def byline(self, paragraphs: list[str]) -> tuple[list[str], Byline]:
        box = self.page.css("div.box-kontributor")
        if not box:
            return paragraphs, Byline()
        unit, names = None, {"writers": [], "editors": []}
        for line in (text_of(p) for p in box[0].css("p")):
            match = LABELLED.match(line)
            if match is None:
                unit = unit or line or None
                continue
            role = "editors" if match["label"].casefold() in EDITOR_LABELS else "writers"
            names[role] += person_names(match["names"])
        text = "/".join(filter(None, [unit, *names["writers"]])) or None
        return paragraphs, Byline(text, unit, names["writers"], names["editors"])

    def categories(self) -> list[str]:
        return [text_of(s) for s in self.page.css("div.meta-berita span.kategori")]
