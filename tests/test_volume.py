"""Volume per local day, ISO week and month, counted by hand on small corpora."""

from datetime import UTC, date, datetime

import polars as pl
import pytest

from siaran.analysis.volume import VOLUME_SCHEMA, undated, volume, volume_table
from siaran.spiders.registry.gazetteer import WIB, WIT, WITA
from siaran.spiders.release import RELEASE_SCHEMA

COLUMNS = ("doc_id", "source", "province_code", "published_at", "timezone", "dup_cluster")
# Fixed, so the newest plausible date does not follow the machine's clock.
FETCHED = datetime(2025, 6, 1, tzinfo=UTC)


def corpus(*rows: dict) -> pl.LazyFrame:
    """Releases of Kalsel (WITA) unless a row says otherwise, with ``doc_id`` numbered and no
    ``dup_cluster`` (each its own cluster) unless a row names them."""
    defaults = {"source": "kalsel", "province_code": "63", "timezone": WITA, "fetched_at": FETCHED}
    full = [{"doc_id": f"d{i}", **defaults, **row} for i, row in enumerate(rows)]
    return pl.LazyFrame(
        full, schema={name: RELEASE_SCHEMA[name] for name in (*COLUMNS, "fetched_at")}
    )


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def rows(frame: pl.LazyFrame, *columns: str) -> list[tuple]:
    return frame.select(*columns).collect().rows()


def test_month_is_the_local_month_and_zero_filled_between_first_and_last():
    frame = corpus(
        # 00:30 WITA on 1 August 2024 is 16:30 UTC on 31 July: August's.
        {"published_at": utc(2024, 7, 31, 16, 30)},
        {"published_at": utc(2024, 6, 10, 4)},
        {"published_at": utc(2024, 9, 2, 4)},
    )
    assert rows(volume(frame, by="source"), "source", "period", "n_releases") == [
        ("kalsel", date(2024, 6, 1), 1),
        ("kalsel", date(2024, 7, 1), 0),
        ("kalsel", date(2024, 8, 1), 1),
        ("kalsel", date(2024, 9, 1), 1),
    ]


def test_the_same_instant_is_a_different_local_day_in_wib_and_wita():
    instant = utc(2024, 7, 31, 16, 30)  # 23:30 WIB on 31 July, 00:30 WITA on 1 August
    frame = corpus(
        {"source": "jabar", "province_code": "32", "timezone": WIB, "published_at": instant},
        {"source": "kalsel", "published_at": instant},
    )
    assert rows(volume(frame, by="source", every="day"), "source", "period", "n_releases") == [
        ("jabar", date(2024, 7, 31), 1),
        ("kalsel", date(2024, 8, 1), 1),
    ]


def test_iso_weeks_across_the_year_boundary_in_wit():
    papua = {"source": "papua", "province_code": "91", "timezone": WIT}
    frame = corpus(
        {**papua, "published_at": utc(2024, 12, 29, 3)},  # Sunday: week of Monday 23 December
        {**papua, "published_at": utc(2024, 12, 30, 3)},  # Monday of ISO week 2025-W01
        {**papua, "published_at": utc(2025, 1, 5, 3)},  # Sunday of 2025-W01
        # 15:30 UTC on Sunday 5 January is 00:30 WIT on Monday 6 January: 2025-W02.
        {**papua, "published_at": utc(2025, 1, 5, 15, 30)},
    )
    assert rows(volume(frame, by="source", every="week"), "period", "n_releases") == [
        (date(2024, 12, 23), 1),
        (date(2024, 12, 30), 2),
        (date(2025, 1, 6), 1),
    ]


def test_series_fill_and_panel_fill():
    frame = corpus(
        {"source": "a", "published_at": utc(2024, 6, 10, 4)},
        {"source": "a", "published_at": utc(2024, 8, 10, 4)},
        {"source": "b", "published_at": utc(2024, 7, 10, 4)},
        {"source": "b", "published_at": utc(2024, 9, 10, 4)},
    )
    june, july, august, september = (date(2024, month, 1) for month in (6, 7, 8, 9))
    series = volume(frame, by="source")
    assert rows(series, "source", "period", "n_releases") == [
        ("a", june, 1),
        ("a", july, 0),
        ("a", august, 1),
        ("b", july, 1),
        ("b", august, 0),
        ("b", september, 1),
    ]
    panel = volume(frame, by="source", fill="panel")
    assert rows(panel.filter(pl.col("source") == "a"), "period", "n_releases") == [
        (june, 1),
        (july, 0),
        (august, 1),
        (september, 0),
    ]
    assert rows(panel.filter(pl.col("source") == "b"), "n_releases") == [(0,), (1,), (0,), (1,)]


def test_a_cluster_is_counted_once_per_series_and_once_in_the_panel():
    frame = corpus(
        {"doc_id": "orig", "published_at": utc(2024, 7, 1, 4)},
        {"doc_id": "copy", "published_at": utc(2024, 7, 2, 4), "dup_cluster": "orig"},
        {"doc_id": "other", "published_at": utc(2024, 7, 3, 4)},
        # The aggregator's repost of the same release.
        {
            "source": "infopublik",
            "doc_id": "repost",
            "published_at": utc(2024, 7, 4, 4),
            "dup_cluster": "orig",
        },
    )
    assert rows(volume(frame, by="source"), "source", "n_releases", "n_clusters") == [
        ("infopublik", 1, 1),
        ("kalsel", 3, 2),
    ]
    assert rows(volume(frame, by=()), "n_releases", "n_clusters") == [(4, 2)]


def test_undated_and_implausible_releases_are_counted_apart():
    frame = corpus(
        {"published_at": utc(2024, 7, 1, 4)},
        {"published_at": None},
        {"published_at": utc(9999, 1, 1)},  # a misparsed year
        {"published_at": utc(1970, 1, 1)},
        # An aggregator's release whose province (and so zone) nobody knows.
        {"source": "agg", "province_code": None, "timezone": None, "published_at": utc(2024, 7, 1)},
    )
    assert rows(volume(frame), "source", "period", "n_releases") == [
        ("kalsel", date(2024, 7, 1), 1)
    ]
    assert rows(undated(frame), "source", "reason", "n_releases") == [
        ("agg", "no_timezone", 1),
        ("kalsel", "no_date", 1),
        ("kalsel", "out_of_range", 2),
    ]


def test_aggregator_series_per_province_with_the_unknown_province_as_its_own():
    agg = {"source": "agg", "timezone": WIB}
    frame = corpus(
        {**agg, "province_code": "13", "published_at": utc(2024, 7, 1, 4)},
        {**agg, "province_code": None, "published_at": utc(2024, 6, 1, 4)},
        {**agg, "province_code": None, "published_at": utc(2024, 8, 1, 4)},
    )
    assert rows(volume(frame), "province_code", "period", "n_releases") == [
        ("13", date(2024, 7, 1), 1),
        (None, date(2024, 6, 1), 1),
        (None, date(2024, 7, 1), 0),
        (None, date(2024, 8, 1), 1),
    ]


def test_the_stage_table_stacks_day_week_and_month():
    frame = corpus({"published_at": utc(2024, 7, 1, 4)}, {"published_at": utc(2024, 7, 3, 4)})
    table = volume_table(frame).collect()
    assert table.schema == VOLUME_SCHEMA
    assert table.select("granularity", "period", "n_releases").rows() == [
        ("day", date(2024, 7, 1), 1),
        ("day", date(2024, 7, 2), 0),
        ("day", date(2024, 7, 3), 1),
        ("week", date(2024, 7, 1), 2),
        ("month", date(2024, 7, 1), 2),
    ]


def test_bad_arguments_are_named():
    frame = corpus({"published_at": utc(2024, 7, 1, 4)})
    with pytest.raises(ValueError, match="every must be one of day, week, month, not 'year'"):
        volume(frame, every="year")
    with pytest.raises(ValueError, match="fill must be"):
        volume(frame, fill="all")
    with pytest.raises(ValueError, match="lacks the column.s. writer"):
        volume(frame, by="writer")
    with pytest.raises(ValueError, match="lacks the column.s. dup_cluster"):
        volume(frame.drop("dup_cluster"))
