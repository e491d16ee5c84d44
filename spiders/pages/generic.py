"""Generic extraction for sources whose markup is not documented: the base fallback chain."""

from siaran.spiders.pages.base import ReleasePage

Page = ReleasePage
