"""Every registered source, on its replica (kingfisher-collect style): a new registry entry is
tested the moment it exists. Run one source with ``pytest tests/test_sources.py -k KEY``."""

from __future__ import annotations

import re

import polars as pl
import pytest

from siaran.spiders.registry.source import get_source
from tests.support import SOURCES

# Fields every source must reproduce, and the share of releases that must match exactly.
FIELDS = [
    "title",
    "published_at",
    "body",
    "canonical_url",
    "province_code",
    "timezone",
    "editors",
    "byline_unit",
    "writers",
    "dateline_place",
    "event_date",
]
MIN_MATCH = 0.98


@pytest.fixture(scope="module", autouse=True)
def crawled(request, source_run):
    """The selected sources through replica and crawl in one batch (one Scrapy process)."""
    items = [item for item in request.session.items if item.module.__name__ == __name__]
    source_run.prepare(sorted({item.callspec.params["key"] for item in items}))


@pytest.mark.parametrize("key", SOURCES)
def test_discovery_finds_every_release_in_the_window(source_run, key):
    run = source_run(key)
    assert run.truth.height >= 60, f"the replica of {key} has only {run.truth.height} releases"
    missing = set(run.truth["url"]) - set(run.extracted["url"])
    extra = set(run.extracted["url"]) - set(run.truth["url"])
    assert not missing, f"{len(missing)} releases not found, e.g. {sorted(missing)[:3]}"
    assert not extra, f"{len(extra)} pages taken for releases, e.g. {sorted(extra)[:3]}"


@pytest.mark.parametrize("key", SOURCES)
@pytest.mark.parametrize("field", FIELDS)
def test_extraction_reproduces_the_ground_truth(source_run, key, field):
    run = source_run(key)
    joined = run.truth.join(run.extracted, on="url", how="inner", suffix="_extracted")
    wrong = joined.filter(pl.col(field).ne_missing(pl.col(f"{field}_extracted")))
    share = 1 - wrong.height / max(joined.height, 1)
    assert share >= MIN_MATCH, (
        f"{key}.{field}: {share:.1%} match; e.g. "
        f"{wrong.select('url', field, f'{field}_extracted').head(2).to_dicts()}"
    )


@pytest.mark.parametrize("key", SOURCES)
def test_replica_urls_follow_the_registry(source_run, key):
    source = get_source(key)
    run = source_run(key)
    hosts = {re.match(r"https?://([^/]+)/", url)[1] for url in run.truth["url"]}
    assert hosts <= set(source.domains)
    assert run.extracted.select(pl.col("source").unique()).to_series().to_list() == [key]
