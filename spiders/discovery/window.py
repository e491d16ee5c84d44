"""The date window shared by discovery families, in the source's local dates."""

from __future__ import annotations

from datetime import date, datetime

from scrapy import Spider
from scrapy.http import Response

from spiders.source import Source


class WindowedSpider(Spider):
    """Base of every family: parses ``since``/``until``/``max_pages`` spider arguments."""

    source: Source

    def __init__(
        self,
        since: str | None = None,
        until: str | None = None,
        max_pages: str | int = 1000,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.since = date.fromisoformat(str(since)) if since else None
        self.until = date.fromisoformat(str(until)) if until else None
        self.max_pages = int(max_pages)

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.source.zone).date()

    def after_window(self, day: date) -> bool:
        return self.until is not None and day > self.until

    def before_window(self, day: date) -> bool:
        return self.since is not None and day < self.since

    def parse_release(self, response: Response) -> None:
        """The WARC recorder keeps the response; extraction happens offline."""
