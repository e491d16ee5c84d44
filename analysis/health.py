"""Source health and publication gaps, by Media Cloud's rule (mediacloud/backend,
``MediaWords::DBI::Media::Health``), on documents per source per local ISO week.

- ``expected``: the mean of the source's 20 busiest weeks among the weeks with a document
  (all of them when fewer), as Media Cloud averages its weekly table, which has no empty weeks;
- a week is healthy when its volume is above 0.25 x expected; a gap is a week between the
  source's first and last healthy week whose volume is below 0.25 x expected (a week at exactly
  0.25 x expected is neither), empty weeks included;
- a source is unhealthy when it had more than 10 documents in the 90 days to ``as_of`` and its
  rate of the last 7 days is below 0.25 of its 90-day or of its 365-day rate, or when it had no
  document in the 90 days (a silent source). The coverage measures name the 90-day test only;
  the 365-day test and the silent source are Media Cloud's too (``update_media_health_status``).

Departures from Media Cloud, and why:

- documents only: Media Cloud also applies every test to sentence counts, which we do not keep;
- "more than 10 documents in 90 days" (the coverage measures) where Media Cloud asks for
  more than 10 stories a day: a provincial press office publishes a few releases a day, so
  Media Cloud's threshold would exempt every source but the silent ones;
- rates are not floored at 1 a day (Media Cloud's ``greatest(rate, 1)``, which never binds
  past its 10-a-day threshold but would flag a source of a few releases a week after any
  ordinary quiet week);
- ``n_releases`` and ``expected`` are documents per week, where Media Cloud reports per day
  (weekly sums over 7): the ratios, and so the gaps, are the same.

``as_of`` (a date, local time) is the day health is judged on; by default the newest local
publication date in the corpus, not the machine's clock, so a rerun on the same corpus gives
the same table and a corpus fetched weeks ago is not judged silent for those weeks. Releases
published after ``as_of`` are left out. "Last week" is the 7 local days ending on ``as_of``
(``as_of`` included), "90 days" and "365 days" likewise, as Media Cloud's ``now() - interval``
windows: not the ISO week ``as_of`` falls in, so a mid-week ``as_of`` never compares a part
of a week with whole-week rates. Each source's weeks run from its first week with a document
to the week of ``as_of``, so a source that fell silent shows its empty weeks (gaps only until
its last healthy week, as Media Cloud's). Undated releases are in no week
(``volume.undated`` counts them).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl

from siaran.analysis.counting import require_columns
from siaran.analysis.periods import period, zero_filled
from siaran.analysis.volume import dated

STATES = ("healthy", "unhealthy")
HEALTH_SCHEMA = pl.Schema(
    {
        "source": pl.String(),
        "week": pl.Date(),
        "n_releases": pl.UInt32(),
        "expected": pl.Float64(),
        "is_gap": pl.Boolean(),
        "state": pl.Enum(STATES),
    }
)
HEALTHY_VOLUME_RATIO = 0.25
BUSIEST_WEEKS = 20
# A source with this many documents or fewer in the last 90 days is not judged by its rates.
MIN_RECENT_RELEASES = 10
WINDOWS = {"n_week": 7, "n_90": 90, "n_365": 365}


def _judged(releases: pl.LazyFrame, as_of: date | None) -> pl.LazyFrame:
    """Dated releases up to ``as_of``, with their local ``day``, ``week`` and ``as_of``."""
    if as_of is not None and (isinstance(as_of, datetime) or not isinstance(as_of, date)):
        raise ValueError(f"as_of must be a date, not {type(as_of).__name__}")
    require_columns(releases, ["source"], "the releases")
    rows = dated(releases).select("source", day=pl.col("local").dt.date(), week=period("week"))
    newest = pl.col("day").max() if as_of is None else pl.lit(as_of, pl.Date)
    return rows.with_columns(as_of=newest).filter(pl.col("day") <= pl.col("as_of"))


def source_state(releases: pl.LazyFrame, as_of: date | None = None) -> pl.LazyFrame:
    """Per source: as_of, its documents in the last 7, 90 and 365 days to ``as_of``
    (n_week, n_90, n_365) and its ``state`` (healthy | unhealthy) by the module's rule."""
    return _state(_judged(releases, as_of))


def _state(rows: pl.LazyFrame) -> pl.LazyFrame:
    within = {
        name: (pl.col("day") > pl.col("as_of") - pl.duration(days=days)).sum().cast(pl.UInt32)
        for name, days in WINDOWS.items()
    }

    def rate(name: str) -> pl.Expr:
        return pl.col(name) / WINDOWS[name]

    fading = (rate("n_week") < HEALTHY_VOLUME_RATIO * rate("n_90")) | (
        rate("n_week") < HEALTHY_VOLUME_RATIO * rate("n_365")
    )
    unhealthy = ((pl.col("n_90") > MIN_RECENT_RELEASES) & fading) | (pl.col("n_90") == 0)
    return (
        rows.group_by("source")
        .agg(pl.col("as_of").first(), **within)
        .with_columns(
            state=pl.when(unhealthy).then(pl.lit("unhealthy")).otherwise(pl.lit("healthy"))
        )
        .with_columns(pl.col("state").cast(HEALTH_SCHEMA["state"]))
        .sort("source")
    )


def source_health(releases: pl.LazyFrame, as_of: date | None = None) -> pl.LazyFrame:
    """The stage's ``source_health.parquet`` (``HEALTH_SCHEMA``): per source and local ISO
    week (its Monday), n_releases (documents, zero-filled), expected, is_gap and the source's
    state as of ``as_of``; the module docstring gives the rules."""
    # Cached (here and below): each frame is read twice or more, and Polars would compute it
    # anew each time.
    rows = _judged(releases, as_of).cache()
    weekly = rows.group_by("source", "week").agg(n_releases=pl.len()).cache()
    expected = weekly.group_by("source").agg(
        expected=pl.col("n_releases").sort(descending=True).head(BUSIEST_WEEKS).mean()
    )
    # A zero at the week of as_of carries every series there.
    ends = rows.group_by("source").agg(
        week=pl.col("as_of").first().dt.truncate("1w"), n_releases=pl.lit(0, pl.UInt32)
    )
    counts = (
        pl.concat([weekly, ends])
        .group_by("source", "week")
        .agg(pl.col("n_releases").sum())
        .rename({"week": "period"})
        .cache()
    )
    floor = HEALTHY_VOLUME_RATIO * pl.col("expected")
    healthy_weeks = pl.col("period").filter(pl.col("n_releases") > floor)
    between = pl.col("period").is_between(
        healthy_weeks.min().over("source"), healthy_weeks.max().over("source")
    )
    return (
        zero_filled(counts, ["source"], "week")
        .join(expected, on="source")
        .join(_state(rows).select("source", "state"), on="source")
        .select(
            "source",
            week="period",
            n_releases=pl.col("n_releases").cast(pl.UInt32),
            expected="expected",
            is_gap=between & (pl.col("n_releases") < floor),
            state="state",
        )
        .sort("source", "week")
    )


def gaps(health: pl.LazyFrame) -> pl.LazyFrame:
    """The publication gaps of a ``source_health`` table as a list: source, week, n_releases,
    expected."""
    return (
        health.filter(pl.col("is_gap"))
        .select("source", "week", "n_releases", "expected")
        .sort("source", "week")
    )


def gap_runs(health: pl.LazyFrame) -> pl.LazyFrame:
    """Consecutive gap weeks of a ``source_health`` table as runs, longest first: source,
    first and last week, weeks, releases in them, expected per week. A run of several empty
    weeks is a silence (a site down, a crawl that missed it), a lone gap a quiet week."""
    new_run = (pl.col("week").diff().over("source") != timedelta(weeks=1)).fill_null(True)
    return (
        gaps(health)
        .with_columns(run=new_run.cum_sum().over("source"))
        .group_by("source", "run")
        .agg(
            first_week=pl.col("week").min(),
            last_week=pl.col("week").max(),
            n_weeks=pl.len().cast(pl.UInt32),
            n_releases=pl.col("n_releases").sum().cast(pl.UInt32),
            expected=pl.col("expected").first(),
        )
        .drop("run")
        .sort("n_weeks", "source", "first_week", descending=[True, False, False])
    )
