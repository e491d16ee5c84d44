"""Scrapy spider loader that makes one spider per registry entry (``scrapy list``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.settings import BaseSettings

from siaran.spiders.crawl.discovery import spider_class
from siaran.spiders.registry.source import get_source, load_sources


class SourceSpiderLoader:
    def __init__(self, settings: BaseSettings):
        self.settings = settings

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> SourceSpiderLoader:
        return cls(settings)

    def load(self, spider_name: str) -> type[Spider]:
        try:
            return spider_class(get_source(spider_name))
        except ValueError as problem:
            raise KeyError(str(problem)) from None

    def list(self) -> list[str]:
        return sorted(load_sources())

    def find_by_request(self, request: Request) -> list[str]:
        host = urlsplit(request.url).hostname
        return [key for key, source in load_sources().items() if host in source.domains]
