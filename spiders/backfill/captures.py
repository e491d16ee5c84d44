"""What the archives' indexes list: one capture of one URL at one time, and where to fetch it;
and the URL scopes a source's release pages fall under, for the index queries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from siaran.spiders.registry.source import Source

STAMP = "%Y%m%d%H%M%S"
# Characters that end the literal start of a release URL pattern.
_SPECIAL = set(".^$*+?{}[]|()")


@dataclass(frozen=True)
class Capture:
    url: str  # the original URL
    timestamp: datetime  # the capture time, UTC, to the second
    status: int
    mime: str
    digest: str
    archive: str  # 'wayback' or 'commoncrawl'
    location: str  # the capture's URL at the archive (Wayback id_ URL, Common Crawl WARC file)
    offset: int | None = None  # Common Crawl: the record's bytes in the WARC file
    length: int | None = None

    @property
    def stamp(self) -> str:
        return self.timestamp.strftime(STAMP)


def parse_stamp(stamp: str) -> datetime:
    return datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)


def window_stamps(since: date, until: date) -> tuple[str, str]:
    """The index queries' ``from`` and ``to``: whole days, inclusive."""
    return f"{since:%Y%m%d}000000", f"{until:%Y%m%d}235959"


def literal_prefix(pattern: str) -> str:
    """The URL every match of a release pattern starts with:
    '^https://a\\.b/read/\\d+' -> 'https://a.b/read/'."""
    text, chars = [], iter(pattern.removeprefix("^"))
    for char in chars:
        if char == "\\":
            escaped = next(chars, "")
            if escaped.isalnum():  # a class such as \\d: the literal part ends
                break
            text.append(escaped)
        elif char in _SPECIAL:
            break
        else:
            text.append(char)
    return "".join(text)


def url_scopes(source: Source) -> list[tuple[str, str]]:
    """(url, matchType) index queries that cover the source's release pages, current and
    earlier: a prefix query on the literal start of each release pattern (scheme dropped, as
    the indexes key by SURT), a host query when the pattern's start is only the host."""
    patterns = [source.release_url, *(site.release_url for site in source.history)]
    scopes = []
    for pattern in patterns:
        prefix = re.sub(r"^https?://", "", literal_prefix(pattern))
        host, _, path = prefix.partition("/")
        scope = (host, "host") if not path else (prefix, "prefix")
        if scope not in scopes:
            scopes.append(scope)
    return scopes
