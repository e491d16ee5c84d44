from datetime import UTC, datetime

import polars as pl

from siaran.analysis.stats import coverage, monthly_volume
from siaran.spiders.release import RELEASE_SCHEMA


def releases(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"province_code": "63", "timezone": "Asia/Makassar", "title": "t", "body": "b", **r}
            for r in rows
        ],
        schema={
            k: RELEASE_SCHEMA[k]
            for k in (
                "doc_id",
                "source",
                "province_code",
                "title",
                "published_at",
                "timezone",
                "body",
                "dup_cluster",
                "byline_unit",
            )
        },
    )


def test_months_are_local_time_and_zero_filled():
    frame = releases(
        # 17:30 UTC on 30 June is 01:30 on 1 July in WITA.
        {"doc_id": "a", "source": "s", "published_at": datetime(2024, 6, 30, 17, 30, tzinfo=UTC)},
        {"doc_id": "b", "source": "s", "published_at": datetime(2024, 9, 2, tzinfo=UTC)},
        {"doc_id": "c", "source": "s", "published_at": None},
    ).with_columns(dup_cluster=pl.col("doc_id"))
    volume = monthly_volume(frame)
    assert volume["month"].dt.month().to_list() == [7, 8, 9]
    assert volume["documents"].to_list() == [1, 0, 1]
    metrics = coverage(frame)
    assert metrics["undated"] == 1 and metrics["sources"]["s"]["published_at_share"] == 0.6667


def test_aggregator_volume_is_split_by_province_and_unknown_units_are_listed():
    frame = releases(
        {
            "doc_id": "a",
            "source": "agg",
            "province_code": "13",
            "timezone": "Asia/Jakarta",
            "published_at": datetime(2024, 7, 1, tzinfo=UTC),
            "byline_unit": "MC KOTA PADANG",
        },
        {
            "doc_id": "b",
            "source": "agg",
            "province_code": None,
            "timezone": "Asia/Jakarta",
            "published_at": datetime(2024, 7, 2, tzinfo=UTC),
            "byline_unit": "MC Kota Tirtaharja",
        },
    ).with_columns(dup_cluster=pl.col("doc_id"))
    volume = monthly_volume(frame)
    assert volume.select("province_code", "documents").rows() == [("13", 1), (None, 1)]
    assert coverage(frame)["unattributed_media_centers"] == {"agg": ["MC Kota Tirtaharja"]}
