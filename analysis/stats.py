"""Stage stats: monthly volume per source (zero-filled, local time) and coverage metrics.

Definitions follow docs of the field (Media Cloud): periods are taken in the publishing
province's local time; releases without a publication date are counted apart, never dated
by fetch time; `documents` counts releases, `clusters` counts exact-duplicate clusters.
"""

from __future__ import annotations

import json
from functools import reduce
from pathlib import Path

import polars as pl

VOLUME_SCHEMA = pl.Schema(
    {
        "source": pl.String(),
        "province_code": pl.String(),
        "month": pl.Date(),
        "documents": pl.UInt32(),
        "clusters": pl.UInt32(),
    }
)
COMPLETENESS_FIELDS = ("title", "published_at", "body")


def local_time(zones: list[str]) -> pl.Expr:
    """``published_at`` as wall-clock time in each row's own ``timezone``."""

    def branch(zone: str) -> pl.Expr:
        return pl.col("published_at").dt.convert_time_zone(zone).dt.replace_time_zone(None)

    if not zones:
        return pl.lit(None, pl.Datetime("us"))
    first, *rest = zones
    chain = pl.when(pl.col("timezone") == first).then(branch(first))
    return reduce(
        lambda expr, zone: expr.when(pl.col("timezone") == zone).then(branch(zone)), rest, chain
    )


def monthly_volume(releases: pl.DataFrame) -> pl.DataFrame:
    """Releases per source per local month, with months without releases as zero."""
    zones = sorted(releases["timezone"].drop_nulls().unique())
    dated = releases.filter(pl.col("published_at").is_not_null()).with_columns(
        month=local_time(zones).dt.truncate("1mo").dt.date()
    )
    # Aggregators publish for many provinces: one series per (source, province).
    series = releases.select("source", "province_code").unique()
    if dated.is_empty():
        return pl.DataFrame(schema=VOLUME_SCHEMA)
    months = pl.DataFrame(
        {"month": pl.date_range(dated["month"].min(), dated["month"].max(), "1mo", eager=True)}
    )
    counts = dated.group_by("source", "province_code", "month").agg(
        documents=pl.len(), clusters=pl.col("dup_cluster").n_unique()
    )
    return (
        series.join(months, how="cross")
        .join(counts, on=["source", "province_code", "month"], how="left", nulls_equal=True)
        .with_columns(pl.col("documents", "clusters").fill_null(0))
        .cast(dict(VOLUME_SCHEMA))
        .select(VOLUME_SCHEMA.names())
        .sort("source", "province_code", "month", nulls_last=True)
    )


def coverage(releases: pl.DataFrame) -> dict:
    """Per source: releases, dated and undated, and the share of each field present."""
    present = [
        pl.col(f).is_not_null().mean().round(4).alias(f"{f}_share") for f in COMPLETENESS_FIELDS
    ]
    per_source = (
        releases.group_by("source")
        .agg(
            pl.len().alias("releases"),
            pl.col("published_at").is_null().sum().alias("undated"),
            *present,
        )
        .sort("source")
    )
    # Releases of aggregators whose media center no gazetteer entry matches: listed, not guessed.
    unattributed = (
        releases.filter(pl.col("province_code").is_null())
        .group_by("source")
        .agg(pl.col("byline_unit").drop_nulls().unique().sort())
    )
    return {
        "releases": releases.height,
        "undated": int(releases["published_at"].is_null().sum()),
        "sources": {row.pop("source"): row for row in per_source.to_dicts()},
        "unattributed_media_centers": dict(unattributed.sort("source").iter_rows()),
    }


def main(corpus_path: Path, volume_path: Path, metrics_path: Path) -> pl.DataFrame:
    releases = pl.read_parquet(corpus_path)
    volume = monthly_volume(releases)
    volume_path.parent.mkdir(parents=True, exist_ok=True)
    volume.write_parquet(volume_path)
    metrics_path.parent.mkdir(parents=True, exist_ok=True)
    metrics_path.write_text(json.dumps(coverage(releases), indent=2, sort_keys=True) + "\n")
    return volume
