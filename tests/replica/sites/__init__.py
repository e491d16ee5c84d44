"""Replica sites: ``spiders/replica/sites/<key>.py`` for sources with documented markup
(``PROFILE`` and ``build(releases) -> Site``); every other source gets the generic site."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from siaran.spiders.registry.source import Source
from tests.replica.site import Site
from tests.replica.sites import generic
from tests.replica.synthetic import Profile, SyntheticRelease


def site_module(source: Source) -> ModuleType | None:
    try:
        return import_module(f"tests.replica.sites.{source.key}")
    except ModuleNotFoundError as missing:
        if missing.name != f"tests.replica.sites.{source.key}":
            raise
        return None


def profile(source: Source) -> Profile:
    module = site_module(source)
    return module.PROFILE if module else generic.profile(source)


def build_site(source: Source, releases: list[SyntheticRelease]) -> Site:
    module = site_module(source)
    return module.build(releases) if module else generic.build(source, releases)
