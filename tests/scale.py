"""Synthetic corpora of any size, for benchmarks: releases of a sample corpus (the replica's)
drawn with replacement, each with a new ``doc_id`` and a publication time spread over ten
years, and 3% of them copies of an earlier release (a shared ``dup_cluster``). The text is the
sample's, so enrichment works as hard per release as on the sample.

Written in chunks and joined by a streaming sink, so a corpus larger than memory can be made.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from siaran.spiders.release import RELEASE_SCHEMA

START, END = datetime(2015, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)
CHUNK = 250_000
COPIES = 0.03


def chunk(sample: pl.DataFrame, first: int, n: int, seed: int) -> pl.DataFrame:
    """Releases ``first`` to ``first + n`` of the synthetic corpus."""
    index = pl.int_range(first, first + n, eager=True, dtype=pl.UInt64).alias("i")
    span = int((END - START).total_seconds())
    drawn = sample.sample(n, with_replacement=True, seed=seed + first)
    doc_id = pl.col("i").hash(seed).cast(pl.String).str.pad_start(20, "0").str.slice(0, 16)
    # A copy points at a release some rows before it, in the same chunk.
    copied = pl.col("i").hash(seed + 1) % 100 < COPIES * 100
    earlier = (pl.col("i") - pl.col("i").hash(seed + 2) % 1000).clip(first, None)
    return (
        drawn.with_columns(index)
        .with_columns(
            doc_id=doc_id,
            published_at=pl.lit(START) + pl.duration(seconds=pl.col("i").hash(seed + 3) % span),
            fetched_at=pl.lit(END),
            dup_cluster=pl.when(copied)
            .then(earlier.hash(seed).cast(pl.String).str.pad_start(20, "0").str.slice(0, 16))
            .otherwise(doc_id),
        )
        .select(RELEASE_SCHEMA.names())
    )


def write_corpus(sample: pl.DataFrame, n: int, path: Path, seed: int = 0) -> Path:
    """A corpus of ``n`` releases drawn from ``sample`` (in the release schema) at ``path``."""
    with tempfile.TemporaryDirectory(dir=path.parent) as parts:
        for first in range(0, n, CHUNK):
            size = min(CHUNK, n - first)
            chunk(sample, first, size, seed).write_parquet(Path(parts) / f"{first:012d}.parquet")
        pl.scan_parquet(sorted(Path(parts).glob("*.parquet"))).sink_parquet(
            path, row_group_size=100_000
        )
    return path
