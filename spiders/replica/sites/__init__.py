"""One replica site module per source key, each exposing ``build() -> Site``."""

from __future__ import annotations

from importlib import import_module

from spiders.replica.site import Site


def build_site(key: str) -> Site:
    try:
        module = import_module(f"spiders.replica.sites.{key}")
    except ModuleNotFoundError:
        raise LookupError(
            f"source {key!r} has no replica site (spiders/replica/sites/{key}.py)"
        ) from None
    return module.build()
