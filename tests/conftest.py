"""The replica pipeline, run lazily per source and once per test session."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
import yaml

from analysis import corpus, stats
from spiders.extract import extract_source
from spiders.replica import build
from spiders.source import get_source, load_sources

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = sorted(load_sources())


def run_crawl(source: str, archive: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """A real Scrapy crawl in its own process (Scrapy's reactor runs once per process)."""
    command = [sys.executable, "-m", "analysis.cli", "crawl", source, "--mode", "replay",
               "--archive", str(archive), "--out", str(out),
               "--params", str(ROOT / "params.yaml"), *extra]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def warcio_check(paths: list[Path]) -> subprocess.CompletedProcess:
    """``warcio check`` (structure and digests) over WARC files."""
    return subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, paths)],
                          capture_output=True, text=True)  # fmt: skip


def mirror_params(folder: Path, **crawl: object) -> Path:
    """params.yaml for a live crawl of a mirror on this machine, where no delay is needed."""
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    params["crawl"].update({"download_delay": 0, "autothrottle": False, **crawl})
    path = folder / "params.yaml"
    path.write_text(yaml.safe_dump(params))
    return path


def live_crawl_command(source: str, port: int, out: Path, params: Path, *extra: str) -> list[str]:
    """``siaran crawl`` in live mode with every domain of the source sent to 127.0.0.1:port."""
    mirrors = [arg for domain in get_source(source).domains
               for arg in ("--host-map", f"{domain}=http://127.0.0.1:{port}")]  # fmt: skip
    return [sys.executable, "-m", "analysis.cli", "crawl", source, "--mode", "live", *mirrors,
            "--out", str(out), "--params", str(params), *extra]  # fmt: skip


@dataclass
class SourceRun:
    """One source through replica, replay crawl and extraction."""

    key: str
    replica: Path
    raw: Path
    truth: pl.DataFrame
    extracted: pl.DataFrame


class Runs:
    def __init__(self, root: Path):
        self.root = root
        self.cache: dict[str, SourceRun] = {}

    def __call__(self, key: str) -> SourceRun:
        if key not in self.cache:
            replica, raw = self.root / "replica" / key, self.root / "raw" / key
            truth = build.main([key], replica)
            done = run_crawl(key, replica / key, raw)
            assert done.returncode == 0, done.stderr[-3000:]
            self.cache[key] = SourceRun(key, replica, raw, truth,
                                        extract_source(get_source(key), raw).releases)  # fmt: skip
        return self.cache[key]


@pytest.fixture(scope="session")
def source_run(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    return Runs(tmp_path_factory.mktemp("sources"))


@dataclass
class Pipeline:
    extracted: Path
    corpus: Path
    volume: Path
    metrics: Path
    truth: pl.DataFrame

    @property
    def releases(self) -> pl.DataFrame:
        return pl.read_parquet(self.corpus)


@pytest.fixture(scope="session")
def pipeline(source_run: Runs, tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """Every registered source through corpus and stats."""
    root = tmp_path_factory.mktemp("pipeline")
    p = Pipeline(root / "extracted", root / "corpus" / "releases.parquet",
                 root / "stats" / "volume.parquet", root / "metrics" / "coverage.json",
                 pl.concat([source_run(key).truth for key in SOURCES]))  # fmt: skip
    p.extracted.mkdir()
    for key in SOURCES:
        source_run(key).extracted.write_parquet(p.extracted / f"{key}.parquet")
    corpus.main(p.extracted, p.corpus)
    stats.main(p.corpus, p.volume, p.metrics)
    return p
