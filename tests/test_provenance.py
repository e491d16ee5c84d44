"""How the releases were obtained, per source, and the duplicate clusters, counted by hand."""

from datetime import UTC, datetime

import polars as pl
import pytest

from siaran.analysis.provenance import MISSING, duplicate_clusters, provenance
from siaran.spiders.release import RELEASE_SCHEMA

COLUMNS = ("doc_id", "source", "published_at", "date_source", "dup_cluster", "dup_kind")
PATH = RELEASE_SCHEMA["extraction_path"]


def releases(*rows: tuple) -> pl.LazyFrame:
    """(doc_id, source, hour of 1 July 2024 or None, date_source, dup_cluster, dup_kind,
    extraction_path)"""
    frame = [
        dict(
            zip(COLUMNS, row[:-1], strict=True),
            published_at=None if row[2] is None else datetime(2024, 7, 1, row[2], tzinfo=UTC),
            extraction_path=row[-1],
        )
        for row in rows
    ]
    schema = {name: RELEASE_SCHEMA[name] for name in (*COLUMNS, "extraction_path")}
    return pl.LazyFrame(frame, schema=schema)


SITE = {"title": "site", "date": "site", "body": "site", "byline": "none"}
GENERIC = {"title": "json-ld", "date": "json-ld", "body": "container", "byline": None}
CORPUS = releases(
    ("a", "kalsel", 2, "page", "a", "none", SITE),
    ("b", "kalsel", 3, "page", "b", "none", SITE),
    ("c", "kalsel", 4, "url", "c", "none", GENERIC),
    ("d", "infopublik", 20, "metadata", "a", "near", GENERIC),
    ("e", "infopublik", None, "none", "b", "exact", GENERIC),
    ("f", "infopublik", 5, "metadata", "f", "none", None),
)


def test_shares_of_each_aspect_per_source():
    table = provenance(CORPUS).collect()
    got = {(r["source"], r["aspect"], r["value"]): r["share"] for r in table.to_dicts()}
    assert got[("kalsel", "date_source", "page")] == pytest.approx(2 / 3)
    assert got[("kalsel", "date_source", "url")] == pytest.approx(1 / 3)
    assert got[("kalsel", "extraction_path.body", "site")] == pytest.approx(2 / 3)
    assert got[("infopublik", "dup_kind", "near")] == pytest.approx(1 / 3)
    # A field group never tried, and a release without extraction paths, are "missing".
    assert got[("infopublik", "extraction_path.byline", MISSING)] == pytest.approx(1.0)
    assert got[("infopublik", "extraction_path.title", MISSING)] == pytest.approx(1 / 3)
    # Shares add up to 1 in every source and aspect.
    sums = table.group_by("source", "aspect").agg(pl.col("share").sum())["share"]
    assert sums.to_list() == pytest.approx([1.0] * sums.len())
    assert set(table["aspect"]) == {
        "date_source",
        "dup_kind",
        *(f"extraction_path.{field}" for field in ("title", "date", "body", "byline")),
    }


def test_an_older_corpus_without_the_columns_is_named():
    with pytest.raises(ValueError, match="lack every column"):
        provenance(CORPUS.select("source", "doc_id"))


def test_duplicate_clusters_of_more_than_one_release():
    clusters = duplicate_clusters(CORPUS).collect()
    assert clusters.select(
        "dup_cluster", "n_releases", "n_sources", "sources", "n_exact", "n_near", "spread_hours"
    ).rows() == [
        ("a", 2, 2, ["infopublik", "kalsel"], 0, 1, 18.0),
        # A member without a date: no spread.
        ("b", 2, 2, ["infopublik", "kalsel"], 1, 0, None),
    ]
