"""A coverage report built in seconds from a small hand-made corpus, with hostile strings in
every text field the report shows (sources, queries, regions, speakers, roles, the
manifests), for the report's unit and browser tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from siaran.analysis import report, stats
from tests.corpora import corpus, release

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
START = datetime(2024, 7, 1, 3, tzinfo=UTC)  # a Monday
BODIES = {
    "mc_kalsel": (
        "63",
        "Asia/Makassar",
        "Banjarbaru - Gubernur meninjau banjir di Kabupaten Tanah Laut.\n\n"
        "“Kami siagakan posko,” kata Kepala BPBD Kalsel, Raden Suryanto.",
    ),
    "sumbarprov": (
        "13",
        "Asia/Jakarta",
        "Padang - Pemerintah provinsi membahas pilkada di Kabupaten Agam.\n\n"
        "“Kami siap,” kata Sekretaris Daerah, Hansastri.",
    ),
}
SILENT_WEEK = 4  # sumbarprov publishes nothing that week: a gap


def releases() -> pl.DataFrame:
    rows = []
    for source, (province, zone, body) in BODIES.items():
        for week in range(9):
            if source == "sumbarprov" and week == SILENT_WEEK:
                continue
            for day in range(3):
                doc_id = f"{source[:4]}{week}{day}".ljust(16, "0")
                rows.append(
                    release(
                        doc_id,
                        source,
                        province_code=province,
                        timezone=zone,
                        title=SCRIPT,
                        body=body,
                        byline=IMAGE,
                        published_at=START + timedelta(weeks=week, days=day),
                        fetched_at=datetime(2024, 9, 10, tzinfo=UTC),
                    )
                )
    return corpus(*rows)


def hostile(frame: pl.DataFrame, **columns: str) -> pl.DataFrame:
    return frame.with_columns(
        pl.lit(value, pl.String).alias(name) for name, value in columns.items()
    )


def build(folder: Path) -> Path:
    """The report of the small corpus, written to ``folder/coverage.html``."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus_dir, stats_dir = folder / "corpus", folder / "stats"
    corpus_dir.mkdir()
    releases().write_parquet(corpus_dir / "releases.parquet")
    queries = folder / "queries.yaml"
    queries.write_text("queries:\n  banjir: banjir\n  pilkada: pilkada\n")
    stats.main(corpus_dir / "releases.parquet", stats_dir, queries_path=queries)
    # The tables as a scraped site could make them: the same rows, hostile strings.
    renamed = pl.col("source").replace({"mc_kalsel": IMAGE})
    for name, change in {
        "volume": lambda f: f.with_columns(renamed),
        "source_health": lambda f: f.with_columns(renamed),
        "completeness": lambda f: f.with_columns(renamed),
        "attention": lambda f: f.with_columns(pl.col("query").replace({"banjir": SCRIPT})),
        "places": lambda f: hostile(f, region_name=IMAGE),
        "speakers": lambda f: hostile(f, speaker=IMAGE, role=SCRIPT),
    }.items():
        path = stats_dir / f"{name}.parquet"
        change(pl.read_parquet(path)).write_parquet(path)
    snapshot = {"snapshot": IMAGE, "finish_reason": SCRIPT, "mode": "replay"}
    manifest = {
        "stage": "corpus",
        "finished": True,
        "schema_version": IMAGE,
        "siaran_version": "0.1.0",
        "code": {"commit": SCRIPT, "fingerprint": IMAGE, "files": 1},
        "extractor_versions": {IMAGE: 27, "0.1.0+sumbarprov.2": 24},
        "files": {"releases.parquet": 51},
        "snapshots": {"mc_kalsel": [snapshot], "sumbarprov": [snapshot]},
        "synthetic_sources": ["mc_kalsel", "sumbarprov"],
    }
    (corpus_dir / "manifest.json").write_text(json.dumps(manifest))
    out = folder / "coverage.html"
    report.main(stats_dir, corpus_dir, out)
    return out
