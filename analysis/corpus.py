"""Stage corpus: per-source extractions -> ``releases.parquet`` with ids and duplicate clusters."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from siaran.spiders.output import IncompleteOutput, atomic_file, read_manifest
from siaran.spiders.release import RELEASE_SCHEMA

EXTRACT = "`siaran extract` (or `dvc repro extract`)"


def with_exact_duplicate_clusters(releases: pl.LazyFrame) -> pl.LazyFrame:
    """Releases sharing a body hash form a cluster; its earliest release is canonical."""
    canonical = (
        pl.col("doc_id")
        .sort_by(
            pl.col("published_at").fill_null(pl.datetime(9999, 1, 1, time_zone="UTC")),
            pl.col("doc_id"),
        )
        .first()
        .over("content_hash")
    )
    return releases.with_columns(
        dup_cluster=pl.when(pl.col("content_hash").is_null())
        .then(pl.col("doc_id"))
        .otherwise(canonical)
    )


def extracted_files(extracted_dir: Path) -> list[Path]:
    """The per-source files of a finished extraction whose quality gate passed, checked
    against its manifest."""
    manifest = read_manifest(extracted_dir, "extract", EXTRACT)
    if manifest.get("quality_gate") != "passed":
        raise IncompleteOutput(
            f"{extracted_dir}: the extraction failed its quality gate (see quality.json); "
            f"fix what it names and run {EXTRACT} again"
        )
    files = [extracted_dir / name for _, name in sorted(manifest["sources"].items())]
    if not files:
        raise IncompleteOutput(f"{extracted_dir}: the extraction holds no source")
    return files


def main(extracted_dir: Path, out_path: Path) -> pl.DataFrame:
    """Merge the ``<extracted_dir>/<source>.parquet`` files a finished extraction lists into
    the corpus, written beside ``out_path`` and renamed to it when complete."""
    releases = (
        pl.scan_parquet(extracted_files(extracted_dir))
        # The same page reached under two URLs is one release: keep the newest capture.
        .sort("fetched_at", "url")
        .unique("doc_id", keep="last")
        .pipe(with_exact_duplicate_clusters)
        .select(RELEASE_SCHEMA.names())
        .sort("doc_id")
        .collect()
    )
    with atomic_file(out_path) as partial:
        releases.cast(dict(RELEASE_SCHEMA)).write_parquet(partial)
    return releases
