"""The replica plants signals the statistics must later recover; check they are there,
measured on the extracted corpus rather than on the generator's intentions."""

from __future__ import annotations

from datetime import date

import polars as pl

from siaran.spiders.registry.gazetteer import regencies
from tests.replica.synthetic import CAPITALS

LOCAL_DAY = pl.col("published_at").dt.convert_time_zone("Asia/Jakarta").dt.date()


def test_one_source_is_silent_for_three_consecutive_weeks(pipeline):
    silent = pipeline.releases.filter(pl.col("source") == "sumbarprov")
    weeks = silent.select(LOCAL_DAY.dt.truncate("1w").alias("week"))["week"]
    assert not set(weeks) & {date(2024, 9, 2), date(2024, 9, 9), date(2024, 9, 16)}
    assert {date(2024, 8, 26), date(2024, 9, 23)} <= set(weeks)


def test_pilkada_share_rises_before_the_vote(pipeline):
    text = pl.concat_str("title", "body", separator=" ").str.to_lowercase()
    shares = pipeline.releases.select(
        early=text.str.contains("pilkada").filter(date(2024, 10, 1) > LOCAL_DAY).mean(),
        late=text.str.contains("pilkada")
        .filter(LOCAL_DAY.is_between(date(2024, 10, 27), date(2024, 11, 26)))
        .mean(),
    ).row(0, named=True)
    assert shares["early"] < 0.05 and shares["late"] > 0.30, shares


def test_regency_mentions_favour_the_capital_and_skip_some(pipeline):
    truth = pipeline.truth.filter(pl.col("source") != "infopublik").explode("places")
    counts = truth.group_by("source", "province_code", "places").len()
    top = counts.sort("len", "places", descending=True).group_by("source").first()
    assert all(
        CAPITALS[code] == place for code, place in top.select("province_code", "places").rows()
    )
    short = pl.col("places").str.replace(r"^(Kabupaten|Kota)( Administrasi)? ", "")
    named = pipeline.releases.join(truth.select("url", "places"), on="url")
    assert named.filter(pl.col("body").str.contains(short, literal=True)).height == named.height
    mentioned = dict(truth.group_by("province_code").agg(pl.col("places").unique()).iter_rows())
    skipped = [
        code
        for code, places in mentioned.items()
        if len(regencies(code)) >= 5 and set(regencies(code).values()) - set(places)
    ]
    assert len(skipped) >= 20


def test_speakers_are_quoted_with_indonesian_speech_verbs(pipeline):
    quotes = pipeline.truth.explode("quotes").unnest("quotes").drop_nulls("speaker")
    verbs = set(quotes["verb"])
    assert {"kata", "ujarnya", "mengatakan"} <= verbs
    named = quotes.filter(pl.col("kind") == "direct", ~pl.col("verb").str.ends_with("nya"))
    joined = named.join(pipeline.releases.select("url", "body"), on="url")
    assert (
        joined.filter(pl.col("body").str.contains(pl.col("speaker"), literal=True)).height
        == joined.height
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
