"""The source registry: one entry per source in ``sources.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

REGISTRY_PATH = Path(__file__).with_name("sources.yaml")
STRATEGIES = {"sitemap", "listing"}


class RegistryError(ValueError):
    """The registry file has an entry siaran cannot use."""


@dataclass(frozen=True)
class Source:
    key: str
    name: str
    province_code: str
    province: str
    timezone: str
    domains: tuple[str, ...]
    cms: str
    strategy: str
    start_urls: tuple[str, ...]
    release_url: str
    language: str
    verified: bool
    listing: dict[str, str] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_release_url(self, url: str) -> bool:
        return re.match(self.release_url, url) is not None


def _source(key: str, entry: dict, path: Path) -> Source:
    where = f"{path}: source {key!r}"
    try:
        source = Source(
            key=key,
            name=entry["name"],
            province_code=str(entry["province_code"]),
            province=entry["province"],
            timezone=entry["timezone"],
            domains=tuple(entry["domains"]),
            cms=entry["cms"],
            strategy=entry["strategy"],
            start_urls=tuple(entry["start_urls"]),
            release_url=entry["release_url"],
            language=entry.get("language", "id"),
            verified=bool(entry.get("verified", False)),
            listing=dict(entry.get("listing", {})),
        )
    except KeyError as missing:
        raise RegistryError(f"{where} lacks the field {missing}") from None
    if source.strategy not in STRATEGIES:
        raise RegistryError(f"{where} has unknown strategy {source.strategy!r}")
    if source.strategy == "listing" and not {"item", "link", "next"} <= source.listing.keys():
        raise RegistryError(f"{where} needs listing selectors item, link and next")
    try:
        source.zone  # noqa: B018 - validates the IANA name
        re.compile(source.release_url)
    except (KeyError, ValueError, re.error) as problem:
        raise RegistryError(f"{where}: {problem}") from None
    return source


@cache
def load_sources(path: Path = REGISTRY_PATH) -> dict[str, Source]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entries, dict):
        raise RegistryError(f"{path}: expected a mapping of source keys to entries")
    return {key: _source(key, entry, path) for key, entry in entries.items()}


def get_source(key: str) -> Source:
    sources = load_sources()
    if key not in sources:
        raise RegistryError(f"unknown source {key!r}; registered: {', '.join(sorted(sources))}")
    return sources[key]
