"""Stage stats: monthly volume per source (zero-filled, local time) and coverage metrics.

Definitions follow docs of the field (Media Cloud): periods are taken in the publishing
province's local time; releases without a publication date are counted apart, never dated
by fetch time; `documents` counts releases, `clusters` counts duplicate clusters.

A release is counted in a month only when its date is plausible (from 1990 to a day after the
newest fetch) and its province's time zone is known: a misparsed year 9999 must not stretch the
calendar over millennia, and a release without a zone has no local month. The others are
undated, counted apart with their reason.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import reduce
from pathlib import Path
from zoneinfo import available_timezones

import polars as pl

from siaran.spiders.registry.gazetteer import province_timezone
from siaran.spiders.release import read_releases

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
# What the statistics read of the corpus.
COLUMNS = (
    "source",
    "province_code",
    "published_at",
    "timezone",
    "dup_cluster",
    "byline_unit",
    "fetched_at",
    "title",
    "body",
)
# No release of these sites predates 1990; none is published over a day after it was fetched.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FETCH_SLACK = timedelta(days=1)
UNDATED_REASONS = ("no_date", "out_of_range", "no_timezone")


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


def _known_zone(code: str) -> str | None:
    try:
        return province_timezone(code)
    except KeyError:
        return None


def with_zones(releases: pl.DataFrame) -> pl.DataFrame:
    """``timezone`` from the province's code, by the gazetteer, where the release has none or
    one no time-zone database knows ('Asia/Atlantis')."""
    named = releases["timezone"].drop_nulls().unique().to_list()
    known = pl.col("timezone").is_in([zone for zone in named if zone in available_timezones()])
    codes = releases.filter(~known.fill_null(False))["province_code"].drop_nulls().unique()
    zones = {code: zone for code in codes if (zone := _known_zone(code))}
    from_code = pl.col("province_code").replace_strict(zones, default=None, return_dtype=pl.String)
    return releases.with_columns(
        timezone=pl.coalesce(pl.when(known).then(pl.col("timezone")), from_code)
    )


def latest_plausible(releases: pl.DataFrame) -> datetime:
    """A day after the newest fetch; without fetch times (a hand-made corpus), a day after now."""
    fetched = releases["fetched_at"].max() if "fetched_at" in releases.columns else None
    return (fetched or datetime.now(UTC)) + FETCH_SLACK


def undated_reason(latest: datetime) -> pl.Expr:
    """Why a release has no month: no date, a date outside [EARLIEST, latest], no time zone;
    null for a release counted in its month."""
    published = pl.col("published_at")
    return (
        pl.when(published.is_null())
        .then(pl.lit("no_date"))
        .when(~published.is_between(pl.lit(EARLIEST), pl.lit(latest)))
        .then(pl.lit("out_of_range"))
        .when(pl.col("timezone").is_null())
        .then(pl.lit("no_timezone"))
    )


def with_undated_reason(releases: pl.DataFrame, latest: datetime) -> pl.DataFrame:
    return with_zones(releases).with_columns(undated=undated_reason(latest))


def monthly_volume(releases: pl.DataFrame) -> pl.DataFrame:
    """Releases per source per local month, with months without releases as zero."""
    releases = with_undated_reason(releases, latest_plausible(releases))
    zones = sorted(releases["timezone"].drop_nulls().unique())
    dated = releases.filter(pl.col("undated").is_null()).with_columns(
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
    """Per source: releases, undated ones (no month counts them) and the share of each field
    present; overall, the undated by reason and the range of plausible dates."""
    latest = latest_plausible(releases)
    releases = with_undated_reason(releases, latest)
    present = [
        pl.col(f).is_not_null().mean().round(4).alias(f"{f}_share") for f in COMPLETENESS_FIELDS
    ]
    per_source = (
        releases.group_by("source")
        .agg(pl.len().alias("releases"), pl.col("undated").is_not_null().sum(), *present)
        .sort("source")
    )
    reasons = releases.select(
        **{reason: (pl.col("undated") == reason).sum() for reason in UNDATED_REASONS}
    )
    # Releases of aggregators whose media center no gazetteer entry matches: listed, not guessed.
    unattributed = (
        releases.filter(pl.col("province_code").is_null())
        .group_by("source")
        .agg(pl.col("byline_unit").drop_nulls().unique().sort())
    )
    return {
        "releases": releases.height,
        "undated": int(releases["undated"].is_not_null().sum()),
        "undated_by_reason": reasons.row(0, named=True),
        "plausible_dates": {"from": EARLIEST.isoformat(), "to": latest.isoformat()},
        "sources": {row.pop("source"): row for row in per_source.to_dicts()},
        "unattributed_media_centers": dict(unattributed.sort("source").iter_rows()),
    }


def main(corpus_path: Path, volume_path: Path, metrics_path: Path) -> pl.DataFrame:
    releases = read_releases(corpus_path, COLUMNS)
    volume = monthly_volume(releases)
    volume_path.parent.mkdir(parents=True, exist_ok=True)
    volume.write_parquet(volume_path)
    metrics_path.parent.mkdir(parents=True, exist_ok=True)
    metrics_path.write_text(json.dumps(coverage(releases), indent=2, sort_keys=True) + "\n")
    return volume
