"""Where a province's releases go: per regency or city, the share of the province's releases
mentioning it (``places.parquet``), and how unequally attention is spread across its regencies
(``concentration.parquet``).

Counted on the enrich stage's mentions (doc_id, region_code, level, where, start, surface). A
release counts for a regency when it mentions the regency or one of its districts, in its
title, body or dateline; mentions of another province's places, and of provinces themselves,
do not count in the province's table. Reposts count once: releases of one duplicate cluster
(``dup_cluster``, a release without one on its own) are one story, so a governor's release
copied by an aggregator does not weigh twice (``count="documents"`` counts every release).
"""

from __future__ import annotations

import polars as pl

from siaran.analysis.counting import Count, require_columns, story
from siaran.spiders.registry.gazetteer import provinces, regencies

PLACES_SCHEMA = pl.Schema(
    {
        "province_code": pl.String(),
        "region_code": pl.String(),
        "region_name": pl.String(),
        # Releases (clusters by default) of the province mentioning the regency anywhere, and
        # those datelined there.
        "n_releases": pl.UInt32(),
        "n_dateline": pl.UInt32(),
        "share": pl.Float64(),
    }
)
CONCENTRATION_SCHEMA = pl.Schema(
    {
        "province_code": pl.String(),
        "n_regions": pl.UInt32(),
        "n_mentioned": pl.UInt32(),
        "gini": pl.Float64(),
        "entropy": pl.Float64(),
    }
)
MENTION_COLUMNS = ("doc_id", "region_code", "level", "where")


def gazetteer_regencies() -> pl.LazyFrame:
    """Every regency and city of the gazetteer: province_code, region_code, region_name."""
    rows = [
        (province, code, name)
        for province in provinces()
        for code, name in regencies(province).items()
    ]
    return pl.LazyFrame(
        rows, schema=["province_code", "region_code", "region_name"], orient="row"
    ).cast(pl.String)


def places(
    releases: pl.LazyFrame, mentions: pl.LazyFrame, count: Count = "clusters"
) -> pl.LazyFrame:
    """Per province with releases and each of its regencies and cities (PLACES_SCHEMA), those
    never mentioned included with 0: releases of the province mentioning it (``n_releases``),
    datelined there (``n_dateline``), and ``share`` = n_releases / the province's releases.

    ``releases`` needs doc_id, province_code (and dup_cluster to count clusters); releases
    without a province are left out, and so are provinces the gazetteer does not know. A
    release mentioning several regencies counts for each, so shares do not add up to 1."""
    columns = ("doc_id", "province_code", *(("dup_cluster",) if count == "clusters" else ()))
    require_columns(releases, columns, "the releases")
    require_columns(mentions, MENTION_COLUMNS, "the mentions")
    stories = releases.filter(pl.col("province_code").is_not_null()).select(
        "doc_id", "province_code", story=story(count)
    )
    totals = stories.group_by("province_code").agg(total=pl.col("story").n_unique())
    found = (
        mentions.filter(pl.col("level").cast(pl.String).is_in(["regency", "district"]))
        .select(
            "doc_id",
            # A district 'PP.RR.DD' counts for its regency 'PP.RR'.
            region_code=pl.col("region_code").str.slice(0, 5),
            dateline=pl.col("where").cast(pl.String) == "dateline",
        )
        .join(stories, on="doc_id")
        .filter(pl.col("region_code").str.slice(0, 2) == pl.col("province_code"))
        .group_by("province_code", "region_code")
        .agg(
            n_releases=pl.col("story").n_unique(),
            n_dateline=pl.col("story").filter("dateline").n_unique(),
        )
    )
    return (
        gazetteer_regencies()
        .join(totals, on="province_code")
        .join(found, on=["province_code", "region_code"], how="left")
        .with_columns(pl.col("n_releases", "n_dateline").fill_null(0))
        .with_columns(share=pl.col("n_releases") / pl.col("total"))
        .select(PLACES_SCHEMA.names())
        .cast(dict(PLACES_SCHEMA))
        .sort("province_code", "region_code")
    )


def concentration(places: pl.LazyFrame) -> pl.LazyFrame:
    """Per province (CONCENTRATION_SCHEMA): its regencies and cities, those mentioned, and how
    unequally its releases spread across them, zeros included.

    ``gini``: sum over regencies sorted by n_releases ascending of (2i - n - 1) x_i / (n sum x),
    i from 1: 0 when every regency gets as many releases, (n - 1) / n when one gets them all.
    ``entropy``: -sum p log p / log n with p = x / sum x: 1 when equal, 0 when one gets all.
    Both are null when no regency is mentioned; entropy also for a province of one regency."""
    require_columns(places, ("province_code", "n_releases"), "the places")
    x = pl.col("n_releases").cast(pl.Float64)
    n = pl.len().cast(pl.Float64)
    rank = pl.int_range(1, pl.len() + 1).cast(pl.Float64)
    # Summed in sorted order: a float sum's last digits follow the order of its terms, and
    # rows reach a group in any order.
    p = x.sort() / x.sum()
    gini = ((2 * rank - n - 1) * x.sort()).sum() / (n * x.sum())
    entropy = pl.when(p > 0).then(p * (1 / p).log()).otherwise(0.0).sum() / n.log()
    some = x.sum() > 0
    return (
        places.group_by("province_code")
        .agg(
            n_regions=pl.len(),
            n_mentioned=(pl.col("n_releases") > 0).sum(),
            gini=pl.when(some).then(gini),
            entropy=pl.when(some & (pl.len() > 1)).then(entropy),
        )
        .select(CONCENTRATION_SCHEMA.names())
        .cast(dict(CONCENTRATION_SCHEMA))
        .sort("province_code")
    )
