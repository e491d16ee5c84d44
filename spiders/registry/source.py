"""The source registry: one entry per source in ``sources.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from siaran.spiders.registry.gazetteer import province_timezone, provinces

REGISTRY_PATH = Path(__file__).with_name("sources.yaml")
STRATEGIES = {"sitemap", "wordpress", "feed", "listing", "json_api"}


class RegistryError(ValueError):
    """The registry file has an entry siaran cannot use."""


@dataclass(frozen=True)
class EarlierSite:
    """Where a source published before its current site: its domains and release URL pattern,
    and the years they were used (``history`` in ``sources.yaml``); what a backfill from web
    archives looks for."""

    domains: tuple[str, ...]
    release_url: str
    since: int  # first year
    until: int  # last year


@dataclass(frozen=True)
class Source:
    key: str
    name: str
    province_code: str | None  # None for national aggregators
    domains: tuple[str, ...]
    channel: str  # the official press-release channel
    cms: str
    strategy: str
    start_urls: tuple[str, ...]
    release_url: str
    page: str  # page object module in spiders/pages
    language: str = "id"
    verified: bool = False
    aggregator: bool = False
    discovery: dict[str, Any] = field(default_factory=dict)
    notes: str = ""
    site_timezone: str | None = None
    history: tuple[EarlierSite, ...] = ()

    @property
    def province(self) -> str | None:
        return provinces()[self.province_code] if self.province_code else None

    @property
    def timezone(self) -> str:
        """IANA zone of the publishing province (of the site itself for aggregators)."""
        return self.site_timezone or province_timezone(self.province_code)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_release_url(self, url: str) -> bool:
        """A release page, under the current URL scheme or an earlier one of ``history``;
        an ``http://`` URL as its ``https://`` twin (archives hold older sites' plain HTTP)."""
        patterns = [self.release_url, *(earlier.release_url for earlier in self.history)]
        secure = re.sub(r"^http://([^/:]+)(?::80)?", r"https://\1", url)
        return any(re.match(pattern, secure) for pattern in patterns)

    @property
    def all_domains(self) -> tuple[str, ...]:
        """The current domains, then those of earlier sites, each once."""
        earlier = [d for site in self.history for d in site.domains]
        return tuple(dict.fromkeys([*self.domains, *earlier]))


_REQUIRED = ("name", "domains", "channel", "cms", "strategy", "start_urls", "release_url")
_EARLIER = ("release_url", "since", "until")


def _history(entry: dict, where: str) -> tuple[EarlierSite, ...]:
    """``history``: a list of earlier sites, each with its release_url, since and until years
    and optionally its own domains (the current ones by default)."""
    found = entry.get("history") or []
    if not isinstance(found, list):
        raise RegistryError(f"{where}: 'history' must be a list of earlier sites")
    sites = []
    for earlier in found:
        earlier = earlier if isinstance(earlier, dict) else {}
        missing = [name for name in _EARLIER if name not in earlier]
        if missing:
            raise RegistryError(f"{where}: an earlier site in 'history' lacks {missing[0]!r}")
        since, until = earlier["since"], earlier["until"]
        if not (isinstance(since, int) and isinstance(until, int) and since <= until):
            raise RegistryError(f"{where}: history years {since!r}-{until!r} are not a range")
        try:
            re.compile(earlier["release_url"])
        except re.error as problem:
            raise RegistryError(f"{where}: history release_url: {problem}") from None
        domains = tuple(earlier.get("domains") or entry["domains"])
        sites.append(EarlierSite(domains, earlier["release_url"], since, until))
    return tuple(sites)


def _source(key: str, entry: dict, path: Path) -> Source:
    where = f"{path}: source {key!r}"
    missing = [name for name in _REQUIRED if name not in entry]
    if missing:
        raise RegistryError(f"{where} lacks the field {missing[0]!r}")
    code = entry.get("province_code")
    aggregator = bool(entry.get("aggregator", False))
    if code is None and not aggregator:
        raise RegistryError(f"{where} lacks the field 'province_code'")
    if code is not None and str(code) not in provinces():
        raise RegistryError(f"{where} has unknown province code {code!r}")
    if aggregator and not entry.get("timezone"):
        raise RegistryError(f"{where} is an aggregator and needs the site's 'timezone'")
    source = Source(
        key=key,
        name=entry["name"],
        province_code=None if code is None else str(code),
        domains=tuple(entry["domains"]),
        channel=entry["channel"],
        cms=entry["cms"],
        strategy=entry["strategy"],
        start_urls=tuple(entry["start_urls"]),
        release_url=entry["release_url"],
        page=entry.get("page", key),
        language=entry.get("language", "id"),
        verified=bool(entry.get("verified", False)),
        aggregator=aggregator,
        discovery=dict(entry.get("discovery") or {}),
        notes=entry.get("notes", ""),
        site_timezone=entry.get("timezone"),
        history=_history(entry, where),
    )
    if source.strategy not in STRATEGIES:
        raise RegistryError(f"{where} has unknown strategy {source.strategy!r}")
    options = source.discovery.keys()
    if source.strategy == "listing" and not (
        {"item", "link"} <= options and options & {"next", "page_url"}
    ):
        raise RegistryError(f"{where}: a listing needs 'item', 'link' and 'next' or 'page_url'")
    try:
        source.zone  # noqa: B018 - validates the IANA name
        re.compile(source.release_url)
    except (KeyError, ValueError, re.error) as problem:
        raise RegistryError(f"{where}: {problem}") from None
    return source


@cache
def load_sources(path: Path = REGISTRY_PATH) -> dict[str, Source]:
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as problem:
        raise RegistryError(f"{path} is not valid YAML: {problem}") from None
    if not isinstance(entries, dict):
        raise RegistryError(f"{path}: expected a mapping of source keys to entries")
    return {key: _source(key, entry, path) for key, entry in entries.items()}


def get_source(key: str) -> Source:
    sources = load_sources()
    if key not in sources:
        raise RegistryError(f"unknown source {key!r}; registered: {', '.join(sorted(sources))}")
    return sources[key]


def select_sources(selection: object) -> list[Source]:
    """The sources a ``sources`` parameter selects: ``all`` (every registered source, in
    registry order) or a list of registry keys."""
    if selection == "all":
        return list(load_sources().values())
    if not isinstance(selection, list) or not all(isinstance(key, str) for key in selection):
        raise RegistryError(f"sources must be 'all' or a list of registry keys, not {selection!r}")
    return [get_source(key) for key in selection]
