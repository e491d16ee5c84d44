import math

import polars as pl
import pytest

from siaran.analysis.geography import concentration, places
from siaran.spiders.registry.gazetteer import regencies

MENTION_SCHEMA = {
    "doc_id": pl.String(),
    "region_code": pl.String(),
    "level": pl.Enum(["province", "regency", "district"]),
    "where": pl.Enum(["title", "dateline", "body"]),
    "start": pl.UInt32(),
    "surface": pl.String(),
}


def releases() -> pl.LazyFrame:
    return pl.LazyFrame(
        {
            "doc_id": ["d1", "d2", "d3", "d4", "d5", "e1", "x1"],
            "province_code": ["63", "63", "63", "63", "63", "64", None],
            # d5 reposts d1.
            "dup_cluster": ["d1", "d2", "d3", "d4", "d1", "e1", "x1"],
        }
    )


def mentions() -> pl.LazyFrame:
    rows = [
        # Tanah Laut named three ways, as the matcher resolves them; twice in d1.
        ("d1", "63.01", "regency", "body", 40, "Kabupaten Tanah Laut"),
        ("d1", "63.01", "regency", "title", 0, "Tala"),
        ("d2", "63.01", "regency", "body", 12, "Kab. Tanah Laut"),
        ("d3", "63.01", "regency", "body", 7, "Tanah Laut"),
        ("d5", "63.01", "regency", "body", 40, "Kabupaten Tanah Laut"),
        # A dateline in Banjarmasin.
        ("d2", "63.71", "regency", "dateline", 0, "Banjarmasin"),
        # A district of Banjarbaru counts for Banjarbaru.
        ("d4", "63.72.01", "district", "body", 80, "Landasan Ulin"),
        # Balikpapan is in East Kalimantan: not in South Kalimantan's table, nor in East
        # Kalimantan's, whose releases d1 is not one of.
        ("d1", "64.71", "regency", "body", 90, "Balikpapan"),
        # The province itself, and a release with no province, count for no regency.
        ("d3", "63", "province", "body", 0, "Kalsel"),
        ("x1", "63.01", "regency", "body", 0, "Tanah Laut"),
    ]
    return pl.LazyFrame(rows, schema=MENTION_SCHEMA, orient="row")


def test_regencies_of_a_province_with_their_share_of_its_releases():
    found = places(releases(), mentions()).collect()
    south = found.filter(pl.col("province_code") == "63")
    # Every regency and city, never mentioned ones with 0.
    assert south["region_code"].to_list() == sorted(regencies("63"))
    counts = {row["region_code"]: row for row in south.to_dicts()}
    # Four stories: d5 is d1 again.
    assert counts["63.01"]["n_releases"] == 3 and counts["63.01"]["share"] == 0.75
    assert counts["63.01"]["region_name"] == "Kabupaten Tanah Laut"
    assert (counts["63.71"]["n_releases"], counts["63.71"]["n_dateline"]) == (1, 1)
    assert counts["63.72"]["n_releases"] == 1 and counts["63.72"]["n_dateline"] == 0
    assert (south["n_releases"] == 0).sum() == len(regencies("63")) - 3
    east = found.filter(pl.col("province_code") == "64")
    assert east.height == len(regencies("64")) and east["n_releases"].sum() == 0
    assert set(found["province_code"]) == {"63", "64"}


def test_counting_documents_counts_reposts():
    found = places(releases(), mentions(), count="documents").collect()
    tanah_laut = found.filter(pl.col("region_code") == "63.01").row(0, named=True)
    assert (tanah_laut["n_releases"], tanah_laut["share"]) == (4, 4 / 5)


def regions(**per_province: list[int]) -> pl.LazyFrame:
    return pl.LazyFrame(
        [
            (province, f"{province}.{i:02}", n)
            for province, counts in per_province.items()
            for i, n in enumerate(counts, 1)
        ],
        schema={"province_code": pl.String, "region_code": pl.String, "n_releases": pl.UInt32},
        orient="row",
    )


def test_gini_and_entropy_by_hand():
    found = concentration(
        regions(eq=[2, 2, 2, 2], one=[0, 0, 0, 5], two=[1, 3], none=[0, 0, 0])
    ).collect()
    rows = {row.pop("province_code"): row for row in found.to_dicts()}
    assert (rows["eq"]["n_mentioned"], rows["eq"]["gini"]) == (4, 0.0)
    assert rows["eq"]["entropy"] == pytest.approx(1.0)
    # All attention on one regency of n: (n - 1) / n.
    assert rows["one"] == {"n_regions": 4, "n_mentioned": 1, "gini": 0.75, "entropy": 0.0}
    # Sorted [1, 3]: ((-1)(1) + (1)(3)) / (2 * 4); -(1/4 ln 1/4 + 3/4 ln 3/4) / ln 2.
    assert rows["two"]["gini"] == pytest.approx(0.25)
    entropy = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75)) / math.log(2)
    assert rows["two"]["entropy"] == pytest.approx(entropy)
    assert rows["none"] == {"n_regions": 3, "n_mentioned": 0, "gini": None, "entropy": None}


def test_concentration_counts_the_never_mentioned_regencies():
    south = concentration(places(releases(), mentions())).collect().row(0, named=True)
    n = len(regencies("63"))
    assert (south["province_code"], south["n_regions"], south["n_mentioned"]) == ("63", n, 3)
    # Sorted counts: n - 3 zeros, 1, 1, 3.
    expected = ((2 * (n - 2) - n - 1) + (2 * (n - 1) - n - 1) + 3 * (2 * n - n - 1)) / (n * 5)
    assert south["gini"] == pytest.approx(expected)


def test_a_mention_table_without_its_columns_is_named():
    with pytest.raises(ValueError, match="the mentions lacks the column.s. where"):
        places(releases(), mentions().drop("where"))
