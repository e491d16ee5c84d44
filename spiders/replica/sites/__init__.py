"""Replica sites: ``spiders/replica/sites/<key>.py`` for sources with documented markup
(``PROFILE`` and ``build(releases) -> Site``); every other source gets the generic site."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from spiders.replica.site import Site
from spiders.replica.sites import generic
from spiders.replica.synthetic import Profile, SyntheticRelease
from spiders.source import Source


def site_module(source: Source) -> ModuleType | None:
    try:
        return import_module(f"spiders.replica.sites.{source.key}")
    except ModuleNotFoundError as missing:
        if missing.name != f"spiders.replica.sites.{source.key}":
            raise
        return None


def profile(source: Source) -> Profile:
    module = site_module(source)
    return module.PROFILE if module else generic.profile(source)


def build_site(source: Source, releases: list[SyntheticRelease]) -> Site:
    module = site_module(source)
    return module.build(releases) if module else generic.build(source, releases)
