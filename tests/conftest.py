"""The replica pipeline, run once per test session in a temporary folder."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from analysis import corpus, stats
from spiders import extract
from spiders.replica import build
from spiders.source import load_sources

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = sorted(load_sources())


@dataclass
class Pipeline:
    root: Path
    replica: Path
    raw: Path
    extracted: Path
    corpus: Path
    volume: Path
    metrics: Path

    @property
    def truth(self) -> pl.DataFrame:
        return pl.read_parquet(self.replica / "groundtruth.parquet")

    @property
    def releases(self) -> pl.DataFrame:
        return pl.read_parquet(self.corpus)


def run_crawl(source: str, archive: Path, out: Path) -> subprocess.CompletedProcess:
    """A real Scrapy crawl in its own process (Scrapy's reactor runs once per process)."""
    command = [sys.executable, "-m", "analysis.cli", "crawl", source, "--mode", "replay",
               "--archive", str(archive), "--out", str(out),
               "--params", str(ROOT / "params.yaml")]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    root = tmp_path_factory.mktemp("pipeline")
    p = Pipeline(root, root / "replica", root / "raw", root / "extracted",
                 root / "corpus" / "releases.parquet", root / "stats" / "volume.parquet",
                 root / "metrics" / "coverage.json")  # fmt: skip
    build.main(SOURCES, p.replica)
    for source in SOURCES:
        done = run_crawl(source, p.replica / source, p.raw / source)
        assert done.returncode == 0, done.stderr[-3000:]
    extract.main(p.raw, p.extracted, SOURCES)
    corpus.main(p.extracted, p.corpus)
    stats.main(p.corpus, p.volume, p.metrics)
    return p
