"""Stage corpus: per-source extractions -> ``releases.parquet`` with ids and duplicate clusters."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from siaran.spiders.release import RELEASE_SCHEMA


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


def main(extracted_dir: Path, out_path: Path) -> pl.DataFrame:
    """Merge ``<extracted_dir>/<source>.parquet`` files into the corpus."""
    files = sorted(extracted_dir.glob("*.parquet"))
    if not files:
        raise FileNotFoundError(f"{extracted_dir}: no extracted <source>.parquet files")
    releases = (
        pl.scan_parquet(files)
        # The same page reached under two URLs is one release: keep the newest capture.
        .sort("fetched_at", "url")
        .unique("doc_id", keep="last")
        .pipe(with_exact_duplicate_clusters)
        .select(RELEASE_SCHEMA.names())
        .sort("doc_id")
        .collect()
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    releases.cast(dict(RELEASE_SCHEMA)).write_parquet(out_path)
    return releases
