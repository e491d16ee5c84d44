"""Volume: how many releases, and how many duplicate clusters, per source and province per
local day, ISO week or month, with the periods without any filled with zero.

Definitions (the coverage measures: Volume, Duplicates):

- a release is counted in the period of its local time in the publishing province (WIB, WITA,
  WIT), so a release of 00:30 WITA on 1 August (16:30 UTC on 31 July) is August's;
- a week is the ISO week, named by its Monday (2024-12-30 names ISO week 2025-W01); a month by
  its first day;
- ``n_releases`` counts documents, ``n_clusters`` distinct duplicate clusters (``dup_cluster``;
  a release without one is its own cluster). A cluster is counted once in each series and
  period where it has a member: a release reposted by an aggregator counts in both sources'
  series, so summing ``n_clusters`` over sources counts it twice, where ``by=()`` counts the
  panel's clusters once;
- undated releases (no date, an implausible one, no time zone: ``periods.UNDATED_REASONS``)
  are in no period and never dated by their fetch time: ``undated`` counts them by reason.

Zero-fill: the stage table (``volume_table``) fills each series between its own first and last
period, so a source that joined the panel late has no zeros before its first release. The
coverage measures fill between the panel's first and last period instead
(``fill="panel"``), so every series spans the same periods; the zeros before a source's first
release then mean "not collected" as much as "not published".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl

from siaran.analysis.counting import require_columns, story
from siaran.analysis.periods import (
    GRANULARITIES,
    UNDATED_REASONS,
    Granularity,
    period,
    with_local_time,
    zero_filled,
)

GRANULARITY = pl.Enum(list(GRANULARITIES))
UNDATED_REASON = pl.Enum(list(UNDATED_REASONS))
# Aggregators publish for many provinces: one series per source and province, null included.
SERIES = ("source", "province_code")
VOLUME_SCHEMA = pl.Schema(
    {
        "source": pl.String(),
        "province_code": pl.String(),
        "granularity": GRANULARITY,
        "period": pl.Date(),
        "n_releases": pl.UInt32(),
        "n_clusters": pl.UInt32(),
    }
)
# What local time reads, and what a dated release adds.
LOCAL_COLUMNS = ("province_code", "published_at", "timezone")
DATED_COLUMNS = (*LOCAL_COLUMNS, "doc_id", "dup_cluster")
FILLS = ("series", "panel")


def check_every(every: str) -> None:
    if every not in GRANULARITIES:
        raise ValueError(f"every must be one of {', '.join(GRANULARITIES)}, not {every!r}")


def dated(releases: pl.LazyFrame) -> pl.LazyFrame:
    """The releases that have a period, with their naive ``local`` time (``periods.period``
    makes it a day, week or month) and ``cluster`` (``dup_cluster``, or the release's own
    ``doc_id`` when it has none)."""
    require_columns(releases, DATED_COLUMNS, "the releases")
    return (
        with_local_time(releases)
        .filter(pl.col("undated").is_null())
        .with_columns(cluster=story("clusters"))
    )


def volume(
    releases: pl.LazyFrame,
    by: str | Sequence[str] = SERIES,
    every: Granularity = "month",
    fill: Literal["series", "panel"] = "series",
) -> pl.LazyFrame:
    """Releases and duplicate clusters per ``by`` and local period, zero-filled.

    Columns: the ``by`` columns, granularity, period, n_releases, n_clusters; sorted by
    series and period. ``by=()`` gives the panel's volume, clusters counted once across
    sources. ``fill="series"`` fills each series between its own first and last period,
    ``fill="panel"`` between the first and last period of all series (the module docstring
    says when each fits).
    """
    names = [by] if isinstance(by, str) else list(by)
    require_columns(releases, names, "the releases")
    check_every(every)
    if fill not in FILLS:
        raise ValueError(f"fill must be one of {', '.join(FILLS)}, not {fill!r}")
    return _volume(dated(releases), names, every, fill)


def _volume(rows: pl.LazyFrame, by: list[str], every: Granularity, fill: str) -> pl.LazyFrame:
    # Cached: the zero-fill reads the counts twice, and Polars would count twice.
    counts = (
        rows.group_by(*by, period=period(every))
        .agg(n_releases=pl.len(), n_clusters=pl.col("cluster").n_unique())
        .cache()
    )
    return (
        zero_filled(counts, by, every, fill)
        .select(
            *by,
            granularity=pl.lit(every, GRANULARITY),
            period="period",
            n_releases=pl.col("n_releases").cast(pl.UInt32),
            n_clusters=pl.col("n_clusters").cast(pl.UInt32),
        )
        .sort(*by, "period", nulls_last=True)
    )


def volume_table(releases: pl.LazyFrame) -> pl.LazyFrame:
    """The stage's ``volume.parquet`` (``VOLUME_SCHEMA``): per source and province, the day,
    week and month series stacked, each zero-filled between its own first and last period."""
    require_columns(releases, SERIES, "the releases")
    # Cached: the local times serve the three granularities.
    rows = dated(releases).select(*SERIES, "local", "cluster").cache()
    return pl.concat(
        [_volume(rows, list(SERIES), every, "series") for every in GRANULARITIES]
    ).select(VOLUME_SCHEMA.names())


def undated(releases: pl.LazyFrame, by: str | Sequence[str] = ("source",)) -> pl.LazyFrame:
    """The releases no period counts, per ``by`` and ``reason`` (one of
    ``periods.UNDATED_REASONS``): columns the ``by`` columns, reason, n_releases; only the
    reasons that occur."""
    names = [by] if isinstance(by, str) else list(by)
    require_columns(releases, [*names, *LOCAL_COLUMNS], "the releases")
    return (
        with_local_time(releases)
        .filter(pl.col("undated").is_not_null())
        .group_by(*names, "undated")
        .agg(n_releases=pl.len())
        .select(*names, reason=pl.col("undated").cast(UNDATED_REASON), n_releases="n_releases")
        .sort(*names, "reason", nulls_last=True)
    )
