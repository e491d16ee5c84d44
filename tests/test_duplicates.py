"""Duplicate clusters: exact and near duplicates across sources, on hand-computed corpora and on
the replica's planted InfoPublik reposts."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from siaran.analysis.duplicates import band_keys, band_rows, jaccard, shingles
from siaran.analysis.duplicates import with_duplicate_clusters as clusters
from siaran.spiders.release import content_hash

AGGREGATORS = {"infopublik"}
# 100 distinct words: 96 distinct 5-shingles.
WORDS = [f"kata{n}" for n in range(100)]
OTHER = " ".join(f"lain{n}" for n in range(100))
# The least LSH band key of the base text, as computed once: hashing is fixed arithmetic.
KEY_MIN = 270653334871831570


def body(*replaced: int) -> str:
    """The base text with the words at these positions replaced. Each replaced word at least
    five words from the others and the ends changes 5 shingles of 96: k of them leave
    96 - 5k shared of 96 + 5k, a Jaccard similarity of 0.811 for two, 0.730 for three."""
    return " ".join(f"ganti{n}" if n in replaced else word for n, word in enumerate(WORDS))


def day(n: int) -> datetime:
    return datetime(2024, 7, n, tzinfo=UTC)


def cluster(
    *rows: tuple[str, str, datetime | None, str | None], **params: float
) -> dict[str, tuple[str, str]]:
    """doc_id -> (dup_cluster, dup_kind) of releases given as (doc_id, source, published_at,
    body)."""
    frame = pl.DataFrame(
        rows,
        schema={
            "doc_id": pl.String,
            "source": pl.String,
            "published_at": pl.Datetime("us", "UTC"),
            "body": pl.String,
        },
        orient="row",
    ).with_columns(content_hash=pl.col("body").map_elements(content_hash, return_dtype=pl.String))
    result = clusters(frame.lazy(), AGGREGATORS, **params).collect()
    assert result.height == frame.height
    return {d: (c, str(k)) for d, c, k in result.select("doc_id", "dup_cluster", "dup_kind").rows()}


def test_exact_duplicates_cluster_across_sources_on_the_earliest_release():
    found = cluster(
        ("b", "jabarprov", day(1), body()),
        # The same text, case and spacing aside: the same content_hash.
        ("a", "mc_kalsel", day(2), "  " + body().upper()),
        ("c", "papua", None, OTHER),
    )
    assert found == {"b": ("b", "none"), "a": ("b", "exact"), "c": ("c", "none")}


def test_a_near_duplicate_joins_at_the_threshold_and_not_below():
    bodies = pl.DataFrame({"row": [0, 1, 2], "body": [body(), body(20, 60), body(20, 50, 80)]})
    measured = jaccard(
        pl.DataFrame({"a": [0, 0], "b": [1, 2]}, schema={"a": pl.UInt32, "b": pl.UInt32}),
        shingles(bodies.with_columns(pl.col("row").cast(pl.UInt32)), 5),
    ).sort("b")
    assert measured["jaccard"].to_list() == [86 / 106, 81 / 111]
    above = cluster(("a", "jabarprov", day(1), body()), ("b", "papua", day(2), body(20, 60)))
    assert above == {"a": ("a", "none"), "b": ("a", "near")}
    below = cluster(("a", "jabarprov", day(1), body()), ("b", "papua", day(2), body(20, 50, 80)))
    assert below == {"a": ("a", "none"), "b": ("b", "none")}
    # The threshold is a parameter.
    looser = cluster(
        ("a", "jabarprov", day(1), body()),
        ("b", "papua", day(2), body(20, 50, 80)),
        near_duplicate_jaccard=0.7,
    )
    assert looser == {"a": ("a", "none"), "b": ("a", "near")}


def test_the_canonical_member_is_the_earliest_provincial_release():
    found = cluster(
        # The aggregator's copy is the earliest, and still not canonical.
        ("agg", "infopublik", day(1), body(20, 60)),
        ("undated", "jabarprov", None, body()),
        ("later", "mc_kalsel", day(3), body()),
        ("zz", "papua", day(2), body()),
        ("yy", "sumbarprov", day(2), body()),
    )
    assert {c for c, _ in found.values()} == {"yy"}  # day 2, ties by doc_id
    assert found["agg"] == ("yy", "near") and found["undated"] == ("yy", "exact")
    # A cluster of aggregator copies alone has one of them canonical.
    alone = cluster(("x", "infopublik", day(2), body()), ("w", "infopublik", day(3), body(20, 60)))
    assert alone == {"x": ("x", "none"), "w": ("x", "near")}


def test_a_chain_of_near_duplicates_is_one_cluster():
    # a~b and b~c at 0.811, a and c only 76/116 = 0.655 alike.
    found = cluster(
        ("a", "jabarprov", day(1), body()),
        ("b", "infopublik", day(2), body(20, 60)),
        ("c", "papua", day(3), body(20, 60, 40, 80)),
    )
    assert found == {"a": ("a", "none"), "b": ("a", "near"), "c": ("a", "near")}


def test_releases_without_a_body_are_alone_and_short_ones_join_only_exactly():
    found = cluster(
        ("a", "jabarprov", day(1), None),
        ("b", "papua", day(1), None),
        ("c", "jabarprov", day(1), "Foto kegiatan"),
        ("d", "papua", day(2), "foto  KEGIATAN"),
        ("e", "papua", day(2), "Foto kegiatan hari ini"),
    )
    assert found == {
        "a": ("a", "none"),
        "b": ("b", "none"),
        "c": ("c", "none"),
        "d": ("c", "exact"),
        "e": ("e", "none"),
    }
    assert cluster(("a", "jabarprov", day(1), None)) == {"a": ("a", "none")}


def test_clusters_are_deterministic_and_hashes_fixed():
    rows = [
        (f"d{n:02}", "infopublik" if n % 3 == 0 else "jabarprov", day(1 + n % 5), body(n % 90))
        for n in range(40)
    ]
    assert cluster(*rows) == cluster(*rows)
    # Fixed integer arithmetic: these values are the same on every machine and Polars version.
    bodies = pl.DataFrame({"row": [0], "body": [body()]}, schema={"row": pl.UInt32, "body": str})
    keys = band_keys(shingles(bodies, 5), band_rows(0.8))
    assert keys.height == 51  # PERMUTATIONS // band_rows(0.8) bands
    assert keys["key"].min() == KEY_MIN


def test_out_of_range_parameters_are_refused():
    with pytest.raises(ValueError, match="near_duplicate_jaccard must be from 0.07 to 1"):
        band_rows(0.05)
    with pytest.raises(ValueError, match="shingle_words must be 1 or more"):
        cluster(("a", "papua", day(1), body()), shingle_words=0)


def test_planted_reposts_and_only_they_share_clusters(pipeline):
    """Pairs of releases in one cluster against the replica's planted pairs: an InfoPublik
    repost and its provincial original."""
    ids = pipeline.releases.select("url", "doc_id", "dup_cluster", "dup_kind")
    reposts = (
        pipeline.truth.filter(pl.col("repost_of").is_not_null())
        .join(ids, on="url")
        .join(ids, left_on="repost_of", right_on="url", suffix="_original")
    )
    assert reposts.height == 40
    planted = reposts.select(
        a=pl.min_horizontal("doc_id", "doc_id_original"),
        b=pl.max_horizontal("doc_id", "doc_id_original"),
    )
    together = (
        ids.join(ids, on="dup_cluster", suffix="_b")
        .filter(pl.col("doc_id") < pl.col("doc_id_b"))
        .select(a="doc_id", b="doc_id_b")
    )
    recall = planted.join(together, on=["a", "b"]).height / planted.height
    precision = together.join(planted, on=["a", "b"]).height / together.height
    assert recall >= 0.99 and precision >= 0.99, (recall, precision)
    # The provincial original is canonical.
    assert (reposts["dup_cluster"] == reposts["doc_id_original"]).all()
    assert set(reposts["dup_kind"]) == {"near"}
