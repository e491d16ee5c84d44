from datetime import UTC, date, datetime

import polars as pl
import pytest

from siaran.analysis.bylines import bylines


def releases() -> pl.LazyFrame:
    return pl.LazyFrame(
        {
            "source": ["mc_kalsel"] * 5,
            "province_code": ["63"] * 5,
            "timezone": ["Asia/Makassar"] * 5,
            "published_at": [
                # 00:30 WITA on 1 August, still 31 July in UTC.
                datetime(2024, 7, 31, 16, 30, tzinfo=UTC),
                # 23:30 WITA on 31 July.
                datetime(2024, 7, 31, 15, 30, tzinfo=UTC),
                datetime(2024, 8, 5, 3, tzinfo=UTC),
                datetime(2024, 8, 6, 3, tzinfo=UTC),
                None,
            ],
            "byline_unit": ["MC Kalsel", "MC Kalsel", "MC Kalsel", None, None],
            "writers": [["Fuz", "Ay"], ["Fuz", "Fuz"], [], ["Syahrul Ramadhan"], []],
        },
        schema_overrides={"writers": pl.List(pl.String)},
    )


def test_writers_units_and_local_months():
    assert bylines(releases()).collect().rows() == [
        ("mc_kalsel", "MC Kalsel", "Ay", date(2024, 8, 1), 1),
        # Named twice in one byline, one release.
        ("mc_kalsel", "MC Kalsel", "Fuz", date(2024, 7, 1), 1),
        ("mc_kalsel", "MC Kalsel", "Fuz", date(2024, 8, 1), 1),
        # A unit without a writer.
        ("mc_kalsel", "MC Kalsel", None, date(2024, 8, 1), 1),
        # A writer without a unit, and an undated release without a byline: not dropped.
        ("mc_kalsel", None, "Syahrul Ramadhan", date(2024, 8, 1), 1),
        ("mc_kalsel", None, None, None, 1),
    ]


def test_a_frame_without_writers_is_named():
    with pytest.raises(ValueError, match="the releases lacks the column.s. writers"):
        bylines(releases().drop("writers"))
