"""When a release was published, as the measures count it: in the publishing province's local
time (WIB, WITA, WIT), by day, ISO week (from Monday) or month, with periods without releases
filled with zero.

A release has a period only when its date is plausible (from 1990 to a day after the newest
fetch) and its time zone is known: a misparsed year 9999 must not stretch the calendar over
millennia, and a release without a zone has no local day. The others are *undated*, counted
apart with their reason, never dated by their fetch time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Literal

import polars as pl

from siaran.spiders.registry.gazetteer import WIB, WIT, WITA, province_timezone, provinces

GRANULARITIES = {"day": "1d", "week": "1w", "month": "1mo"}
Granularity = Literal["day", "week", "month"]
ZONES = (WIB, WITA, WIT)
# No release of these sites predates 1990; none is published over a day after it was fetched.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FETCH_SLACK = timedelta(days=1)
UNDATED_REASONS = ("no_date", "out_of_range", "no_timezone")


def zone() -> pl.Expr:
    """The release's time zone when it is one of Indonesia's three, else its province's: a
    corpus may hold 'Asia/Atlantis', 'UTC' or nothing there."""
    by_province = {code: province_timezone(code) for code in provinces()}
    province = pl.col("province_code").replace_strict(
        by_province, default=None, return_dtype=pl.String
    )
    return pl.when(pl.col("timezone").is_in(ZONES)).then(pl.col("timezone")).otherwise(province)


def local_time(zone_column: str = "zone") -> pl.Expr:
    """``published_at`` as wall-clock time in each row's zone, null for another zone (one
    branch per zone: Polars converts a column to one zone at a time)."""

    def local(name: str) -> pl.Expr:
        return pl.col("published_at").dt.convert_time_zone(name).dt.replace_time_zone(None)

    chain = pl.when(pl.col(zone_column) == ZONES[0]).then(local(ZONES[0]))
    for name in ZONES[1:]:
        chain = chain.when(pl.col(zone_column) == name).then(local(name))
    return chain


def latest_plausible(frame: pl.LazyFrame) -> pl.Expr:
    """A day after the newest fetch; without fetch times (a hand-made corpus), a day after now."""
    now = pl.lit(datetime.now(UTC) + FETCH_SLACK, pl.Datetime("us", "UTC"))
    if "fetched_at" not in frame.collect_schema():
        return now
    return pl.coalesce(pl.col("fetched_at").max() + FETCH_SLACK, now)


def with_local_time(frame: pl.LazyFrame) -> pl.LazyFrame:
    """``frame`` with ``zone``, ``local`` (naive local time, null when undated) and
    ``undated`` (why the release has no period: one of UNDATED_REASONS, null when dated)."""
    published = pl.col("published_at")
    undated = (
        pl.when(published.is_null())
        .then(pl.lit("no_date"))
        .when(~published.is_between(pl.lit(EARLIEST), latest_plausible(frame)))
        .then(pl.lit("out_of_range"))
        .when(pl.col("zone").is_null())
        .then(pl.lit("no_timezone"))
    )
    return (
        frame.with_columns(zone=zone())
        .with_columns(undated=undated)
        .with_columns(local=pl.when(pl.col("undated").is_null()).then(local_time()))
    )


def period(every: Granularity) -> pl.Expr:
    """The local day, the Monday of the ISO week, or the first of the month, as a date."""
    return pl.col("local").dt.truncate(GRANULARITIES[every]).dt.date()


def zero_filled(
    counts: pl.LazyFrame,
    by: Sequence[str],
    every: Granularity,
    fill: Literal["series", "panel"] = "series",
) -> pl.LazyFrame:
    """``counts`` (one row per ``by`` and ``period``) with a zero row for every period without
    one: between each series' first and last period, or, with ``fill="panel"``, between the
    first and last period of all series."""
    spans = counts.group_by(by).agg(first=pl.col("period").min(), last=pl.col("period").max())
    if fill == "panel":
        spans = spans.with_columns(first=pl.col("first").min(), last=pl.col("last").max())
    grid = spans.select(*by, period=pl.date_ranges("first", "last", GRANULARITIES[every])).explode(
        "period"
    )
    measured = [name for name in counts.collect_schema() if name not in (*by, "period")]
    return grid.join(counts, on=[*by, "period"], how="left", nulls_equal=True).with_columns(
        pl.col(measured).fill_null(0)
    )
