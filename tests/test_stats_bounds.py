"""Statistics over corpora with implausible dates and missing time zones: the calendar stays
within the data's plausible range, and no release silently drops out of the counts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from siaran.analysis.stats import main
from siaran.spiders.release import RELEASE_SCHEMA

FETCHED = datetime(2024, 12, 1, tzinfo=UTC)


def corpus(*rows: dict) -> pl.DataFrame:
    """Releases of two WITA and WIB sources, fetched on 1 December 2024, with ``rows`` added."""
    base = [
        {"source": "kalsel", "province_code": "63", "timezone": "Asia/Makassar", "month": m}
        for m in (6, 7, 9)
    ] + [{"source": "jakarta", "province_code": "31", "timezone": "Asia/Jakarta", "month": 8}]
    releases = [
        {
            "source": row["source"],
            "province_code": row["province_code"],
            "timezone": row["timezone"],
            "published_at": datetime(2024, row["month"], 10, 3, tzinfo=UTC),
        }
        for row in base
    ] + list(rows)
    return pl.DataFrame(
        [
            {"doc_id": f"d{n}", "dup_cluster": f"d{n}", "fetched_at": FETCHED, **release}
            for n, release in enumerate(releases)
        ],
        schema=RELEASE_SCHEMA,
    )


def stats(releases: pl.DataFrame, folder: Path) -> tuple[pl.DataFrame, pl.DataFrame, dict]:
    """What the stats stage writes for ``releases``: monthly volume, completeness, metrics."""
    folder.mkdir(exist_ok=True)
    releases.write_parquet(folder / "releases.parquet")
    figures = main(folder / "releases.parquet", folder / "stats")
    volume = pl.read_parquet(folder / "stats" / "volume.parquet")
    complete = pl.read_parquet(folder / "stats" / "completeness.parquet")
    return volume.filter(pl.col("granularity") == "month"), complete, figures


def undated_of(complete: pl.DataFrame, source: str) -> int:
    return complete.filter(pl.col("source") == source)["n_undated"].item()


@pytest.mark.parametrize(
    "published",
    [
        datetime(9999, 12, 31, tzinfo=UTC),
        datetime(1900, 1, 1, tzinfo=UTC),
        datetime(1, 1, 1, 12, tzinfo=UTC),
        datetime(2024, 12, 3, tzinfo=UTC),  # two days after the newest fetch
    ],
    ids=["9999", "1900", "year-1", "after-the-fetch"],
)
def test_an_implausible_date_adds_no_month_and_is_counted_undated(published, tmp_path):
    volume, _, metrics = stats(corpus(), tmp_path / "plain")
    implausible = {
        "source": "kalsel",
        "province_code": "63",
        "timezone": "Asia/Makassar",
        "published_at": published,
    }
    with_it, complete, with_metrics = stats(corpus(implausible), tmp_path / "with")
    # kalsel June to September, jakarta August: the calendar of the plausible dates only.
    assert with_it.height == volume.height == 4 + 1
    assert with_it.equals(volume)
    assert (metrics["releases"]["undated"], with_metrics["releases"]["undated"]) == (0, 1)
    assert with_metrics["releases"]["undated_by_reason"] == {
        "no_date": 0,
        "out_of_range": 1,
        "no_timezone": 0,
    }
    assert undated_of(complete, "kalsel") == 1
    assert with_metrics["releases"]["plausible_dates"] == {
        "from": "1990-01-01T00:00:00+00:00",
        "to": "2024-12-02T00:00:00+00:00",
    }


def test_a_release_without_a_timezone_takes_its_provinces_zone(tmp_path):
    # 16:30 UTC on 31 August is 00:30 on 1 September in WITA (Kalimantan Selatan, 63).
    missing = {
        "source": "kalsel",
        "province_code": "63",
        "timezone": None,
        "published_at": datetime(2024, 8, 31, 16, 30, tzinfo=UTC),
    }
    volume, _, metrics = stats(corpus(missing), tmp_path)
    kalsel = volume.filter(pl.col("source") == "kalsel")
    assert kalsel.select(pl.col("period").dt.month(), "n_releases").rows() == [
        (6, 1),
        (7, 1),
        (8, 0),
        (9, 2),
    ]
    assert metrics["releases"]["undated"] == 0


@pytest.mark.parametrize("code", [None, "99"], ids=["no-province", "unknown-province"])
def test_a_release_whose_zone_cannot_be_known_is_undated_never_dropped(code, tmp_path):
    unknown = {
        "source": "agg",
        "province_code": code,
        "timezone": None,
        "published_at": datetime(2024, 7, 1, tzinfo=UTC),
    }
    releases = corpus(unknown)
    volume, complete, metrics = stats(releases, tmp_path)
    assert volume["n_releases"].sum() == releases.height - 1
    assert volume.filter(pl.col("source") == "agg").is_empty()  # no dated release, no series
    assert metrics["releases"]["undated"] == undated_of(complete, "agg") == 1
    assert metrics["releases"]["undated_by_reason"]["no_timezone"] == 1
    assert metrics["releases"]["documents"] == releases.height
