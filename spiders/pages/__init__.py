"""Page objects: one module per source key, each exposing ``Page``."""

from __future__ import annotations

from importlib import import_module

from spiders.pages.base import ReleasePage
from spiders.source import Source


def page_class(source: Source) -> type[ReleasePage]:
    return import_module(f"spiders.pages.{source.page}").Page
