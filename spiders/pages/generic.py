"""Generic extraction for sources whose markup is not documented: the base fallback chain."""

from spiders.pages.base import ReleasePage

Page = ReleasePage
