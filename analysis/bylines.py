"""Who writes the releases: releases per source, media-center unit, writer and local month
(``bylines.parquet``), for the productivity of units and writers.

A release with several writers counts once for each; one with a unit and no writer counts
under writer null, and one without any byline under unit and writer null, so every release
of a source is in its rows. Months are local (``periods.period("month")``); an undated
release is counted under month null, not dropped. Releases are counted as documents: the
rows are per source, so an aggregator's repost counts for the aggregator, not for the
original site. Units and writers are counted as the byline parser wrote them.
"""

from __future__ import annotations

import polars as pl

from siaran.analysis.counting import require_columns
from siaran.analysis.periods import period, with_local_time

BYLINE_SCHEMA = pl.Schema(
    {
        "source": pl.String(),
        "byline_unit": pl.String(),
        "writer": pl.String(),
        "month": pl.Date(),
        "n_releases": pl.UInt32(),
    }
)
COLUMNS = ("source", "province_code", "timezone", "published_at", "byline_unit", "writers")


def bylines(releases: pl.LazyFrame) -> pl.LazyFrame:
    """Releases per source, byline_unit, writer and local month (BYLINE_SCHEMA)."""
    require_columns(releases, COLUMNS, "the releases")
    keys = ["source", "byline_unit", "writer", "month"]
    return (
        with_local_time(releases)
        .select(
            "source",
            "byline_unit",
            # A writer named twice in one byline is one writer of it; no writer (an empty
            # list, or null) is one null writer.
            writer=pl.col("writers").list.unique(maintain_order=True),
            month=period("month"),
        )
        .explode("writer", empty_as_null=True)
        .group_by(keys)
        .agg(n_releases=pl.len())
        .cast(dict(BYLINE_SCHEMA))
        .sort(keys, nulls_last=True)
    )
