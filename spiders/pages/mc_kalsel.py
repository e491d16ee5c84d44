"""MC Kalsel (diskominfomc.kalselprov.go.id): WordPress; byline 'MC Kalsel/<initials>' ends it."""

from __future__ import annotations

from spiders.byline import Byline, split_trailing_byline
from spiders.pages.wordpress import WordPressPage


class Page(WordPressPage):
    def byline(self, paragraphs: list[str]) -> tuple[list[str], Byline]:
        return split_trailing_byline(paragraphs)
