"""Page objects: a stored response in, the release's fields out, without Scrapy.

One module per registry ``page`` value, each exposing ``Page``: a CMS family (``generic``,
``wordpress``, ``json_api``) or a site's own layout, which overrides what differs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from siaran.spiders.pages.base import ReleasePage
    from siaran.spiders.registry.source import Source


def page_class(source: Source) -> type[ReleasePage]:
    return import_module(f"siaran.spiders.pages.{source.page}").Page
