"""The replica plants signals; the pipeline's own outputs (the stats stage's tables) must
recover every one of them, as a researcher would read them."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from siaran.spiders.registry.gazetteer import regencies
from siaran.spiders.registry.source import get_source
from tests.replica.build import planted
from tests.replica.synthetic import Signals
from tests.support import SOURCES


@pytest.fixture(scope="module")
def signals(pipeline) -> dict:
    """The signals as planted in the pipeline's releases (measured on its ground truth)."""
    return planted(pipeline.truth, [get_source(key) for key in SOURCES], Signals())


def test_the_silent_weeks_are_gaps_in_source_health(pipeline, signals):
    health = pipeline.table("source_health")
    silent = signals["silent"]
    gaps = health.filter(pl.col("source") == silent["source"], pl.col("is_gap"))
    weeks = [date.fromisoformat(week) for week in silent["weeks"]]
    assert set(weeks) <= set(gaps["week"])
    assert (gaps.filter(pl.col("week").is_in(weeks))["n_releases"] == 0).all()


def test_the_rising_topic_is_recovered_month_by_month(pipeline, signals):
    attention = pipeline.table("attention").filter(
        pl.col("query") == "pilkada",
        pl.col("province_code") == "ALL",
        pl.col("granularity") == "month",
    )
    measured = {row["period"].strftime("%Y-%m"): row["ratio"] for row in attention.to_dicts()}
    truth = signals["pilkada_share_by_month"]
    assert measured.keys() == truth.keys()
    assert all(abs(measured[month] - truth[month]) <= 0.01 for month in truth), measured
    assert truth["2024-11"] > 0.3 > 0.05 > truth["2024-06"]


def test_regencies_never_mentioned_are_listed_with_zero(pipeline, signals):
    places = pipeline.table("places")
    # Per province, the aggregator's releases it is credited with included.
    mentioned = dict(
        pipeline.truth.explode("places")
        .group_by("province_code")
        .agg(pl.col("places").drop_nulls().unique())
        .iter_rows()
    )
    skipping = 0
    for key in signals["never_mentioned"]:
        code = get_source(key).province_code
        listed = places.filter(pl.col("province_code") == code)
        never = set(regencies(code).values()) - set(mentioned.get(code, []))
        skipping += bool(never)
        assert set(listed["region_name"]) == set(regencies(code).values()), key
        assert never <= set(listed.filter(pl.col("n_releases") == 0)["region_name"]), key
        # Only regencies the releases name are counted (no place invented).
        assert set(listed.filter(pl.col("n_releases") > 0)["region_name"]) <= set(mentioned[code])
    assert skipping >= 20  # the replica leaves some regencies out in most provinces
    concentration = pipeline.table("concentration")
    assert concentration["gini"].drop_nulls().is_between(0, 1).all()


def test_the_top_speakers_of_each_province_are_the_planted_officials(pipeline, signals):
    speakers = pipeline.table("speakers")
    for key, planted_speakers in signals["speakers"].items():
        code = get_source(key).province_code
        top = (
            speakers.filter(pl.col("province_code") == code)
            .sort("n_quotes", "speaker", descending=[True, False])
            .head(len(planted_speakers))
        )
        assert set(top["speaker"]) == {p["name"] for p in planted_speakers}, key
        assert (
            abs(speakers.filter(pl.col("province_code") == code)["share_of_voice"].sum() - 1) < 1e-9
        )


def test_infopublik_reposts_provincial_releases_with_small_edits(pipeline):
    releases = pipeline.releases.select("url", "body", "dateline_place", "province_code")
    pairs = pipeline.truth.filter(pl.col("repost_of").is_not_null()).select("url", "repost_of")
    assert pairs.height >= 30
    joined = pairs.join(releases, on="url").join(
        releases, left_on="repost_of", right_on="url", suffix="_original"
    )
    for row in joined.iter_rows(named=True):
        copy, original = set(row["body"].split()), set(row["body_original"].split())
        assert len(copy & original) / len(copy | original) > 0.6
        assert row["body"] != row["body_original"] and "InfoPublik" in row["body"]
        assert row["province_code"] == row["province_code_original"]
    unknown = pipeline.releases.filter(
        pl.col("source") == "infopublik", pl.col("province_code").is_null()
    )
    assert set(unknown["byline_unit"]) == {"MC Kab. Sukamakmur Raya", "MC Kota Tirtaharja"}
