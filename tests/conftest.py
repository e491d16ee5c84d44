"""Fixtures: the replica pipeline, built lazily per source and once per test session.

Tiers: a test that needs a crawl, a server, DVC or a notebook is ``slow`` (marked here when
it uses a crawling fixture, or by its module); ``pytest -m "not slow"`` runs the rest.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
import yaml

from siaran.analysis import corpus, enrich, stats
from siaran.spiders.extract import extract_source, quality, write_manifest
from siaran.spiders.pages import page_class
from siaran.spiders.registry.source import get_source
from tests.replica import build
from tests.support import ROOT, SIARAN, SOURCES, params_file

PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text())
CRAWLING_FIXTURES = {"source_run", "sample", "pipeline"}
# The corpus most tests need: every discovery family and CMS family, the three time zones, a
# list API, the seed release, the silent source, and the aggregator with the originals of
# some of its reposts.
SAMPLE = [
    "acehprov",
    "beritajakarta",
    "infopublik",
    "jabarprov",
    "mc_kalsel",
    "papua",
    "sumbarprov",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if CRAWLING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@dataclass
class SourceRun:
    """One source through replica, replay crawl and extraction."""

    key: str
    replica: Path  # holds <key>/*.warc.gz
    raw: Path  # the source's crawl folder
    truth: pl.DataFrame
    extracted: pl.DataFrame
    quality: dict  # the source's entry of quality.json


class Runs:
    """Sources through the replica and a replay crawl, in batches: one replica build and one
    ``siaran crawl`` process for every batch of sources not run yet."""

    def __init__(self, root: Path):
        self.root = root
        self.cache: dict[str, SourceRun] = {}

    def prepare(self, keys: list[str]) -> None:
        missing = [key for key in keys if key not in self.cache]
        if not missing:
            return
        batch = self.root / f"batch-{len(list(self.root.iterdir()))}"
        replica, raw = batch / "replica", batch / "raw"
        truth = build.main(missing, replica)
        params = params_file(batch, sources=missing, archive=str(replica))
        done = subprocess.run(
            [*SIARAN, "crawl", "--raw", str(raw), "--params", str(params)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        for key in missing:
            source = get_source(key)
            extraction = extract_source(source, raw / key)
            self.cache[key] = SourceRun(
                key,
                replica,
                raw / key,
                truth.filter(pl.col("source") == key),
                extraction.releases,
                quality(extraction, page_class(source).site_fields),
            )

    def __call__(self, key: str) -> SourceRun:
        self.prepare([key])
        return self.cache[key]


@pytest.fixture(scope="session")
def source_run(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    return Runs(tmp_path_factory.mktemp("sources"))


@dataclass
class Pipeline:
    extracted: Path
    corpus: Path
    enriched: Path
    stats: Path  # the stats stage's folder
    metrics: Path
    truth: pl.DataFrame

    @property
    def releases(self) -> pl.DataFrame:
        return pl.read_parquet(self.corpus / "releases.parquet")

    def table(self, name: str) -> pl.DataFrame:
        """A table of the stats stage (``volume``, ``attention``, ...)."""
        return pl.read_parquet(self.stats / f"{name}.parquet")


def run_pipeline(runs: Runs, keys: list[str], root: Path) -> Pipeline:
    """Corpus, enrichment and statistics of ``keys``' extractions, as the stages make them."""
    runs.prepare(keys)
    p = Pipeline(
        root / "extracted",
        root / "corpus",
        root / "enriched",
        root / "stats",
        root / "metrics" / "coverage.json",
        pl.concat([runs(key).truth for key in keys]),
    )
    p.extracted.mkdir()
    raw = root / "raw"  # the crawl folders of every batch, side by side as in data/raw
    raw.mkdir()
    for key in keys:
        runs(key).extracted.write_parquet(p.extracted / f"{key}.parquet")
        (raw / key).symlink_to(runs(key).raw)
    (p.extracted / "quality.json").write_text(
        json.dumps({key: runs(key).quality for key in keys}, default=str)
    )
    write_manifest(p.extracted, keys)
    corpus.main(p.extracted, p.corpus, raw_dir=raw, params=PARAMS)
    corpus_file = p.corpus / "releases.parquet"
    enrich.main(corpus_file, p.enriched, ROOT / "queries.yaml")
    stats.main(corpus_file, p.stats, metrics_path=p.metrics, enriched=p.enriched)
    return p


@pytest.fixture(scope="session")
def sample(source_run: Runs, tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """A few sources through corpus and stats (``SAMPLE``)."""
    return run_pipeline(source_run, SAMPLE, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def pipeline(source_run: Runs, tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """Every registered source through corpus and stats, for what only the whole panel shows."""
    return run_pipeline(source_run, SOURCES, tmp_path_factory.mktemp("pipeline"))
