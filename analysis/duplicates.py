"""Duplicate clusters: releases with the same normalised body (exact) or with word shingles
that mostly agree (near), clustered across sources and never deleted.

Near duplicates are found in three steps, each bounded by a batch or by the candidates:

1. every distinct body becomes the set of its hashed word k-shingles, and a MinHash signature
   (minima under ``PERMUTATIONS`` affine permutations) is cut into LSH bands, one 64-bit key
   each;
2. bodies that share ``SHARED_BANDS`` band keys are candidate pairs (no comparison of all
   pairs);
3. a candidate pair is a near duplicate when the exact Jaccard similarity of its shingle sets
   reaches the threshold, so the signatures decide only which pairs are compared.

Clusters are the connected components of exact and near pairs. Every hash is fixed integer
arithmetic over keyed BLAKE2b word hashes (Polars' own hash is stable only within one Polars
version), so the clusters are the same on every run and machine.
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection
from hashlib import blake2b

import polars as pl

from siaran.spiders.release import RELEASE_SCHEMA

PERMUTATIONS = 256
# A candidate pair shares at least this many bands: on templated government prose one shared
# band is often chance, and every candidate costs an exact comparison.
SHARED_BANDS = 2
# A pair at the threshold shares fewer bands with at most this probability; rows per band
# follow.
MISS_AT_THRESHOLD = 1e-6
# Distinct bodies whose shingles are held at once.
BATCH = 20_000
# Shares of the band keys joined one at a time.
JOIN_PARTS = 16

_WORD_KEY = b"siaran-duplicates"
_MIX = 0x9E3779B97F4A7C15  # odd: multiplication by it permutes 64-bit words
_U64 = pl.UInt64
_rng = random.Random("siaran-duplicates")
# (a, b) of the permutations x -> (a * x + b) mod 2**64.
_AFFINE = [(_rng.getrandbits(64) | 1, _rng.getrandbits(64)) for _ in range(PERMUTATIONS)]


def missed(threshold: float, rows: int) -> float:
    """The probability that a pair of Jaccard ``threshold`` shares fewer than
    ``SHARED_BANDS`` bands of ``rows`` rows (each band is shared with threshold ** rows)."""
    bands, shared = PERMUTATIONS // rows, threshold**rows
    return sum(
        math.comb(bands, k) * shared**k * (1 - shared) ** (bands - k) for k in range(SHARED_BANDS)
    )


def band_rows(threshold: float) -> int:
    """Signature rows per LSH band: the most (fewer candidate pairs) with which a pair of
    Jaccard ``threshold`` still shares ``SHARED_BANDS`` bands but for ``MISS_AT_THRESHOLD``."""
    # One row per band, PERMUTATIONS bands, reaches down to this.
    lowest = next(t / 100 for t in range(1, 101) if missed(t / 100, 1) <= MISS_AT_THRESHOLD)
    if not lowest <= threshold <= 1:
        raise ValueError(
            f"near_duplicate_jaccard must be from {lowest} to 1 (MinHash-LSH misses less "
            f"similar pairs), not {threshold}"
        )
    return max(
        rows
        for rows in range(1, PERMUTATIONS // SHARED_BANDS + 1)
        if missed(threshold, rows) <= MISS_AT_THRESHOLD
    )


def _word_hashes(words: pl.Series) -> pl.DataFrame:
    """``word``, ``hash``: 64 bits of keyed BLAKE2b."""
    hashes = [
        int.from_bytes(blake2b(w.encode(), digest_size=8, key=_WORD_KEY).digest(), "little")
        for w in words
    ]
    return pl.DataFrame({"word": words, "hash": pl.Series(hashes, dtype=_U64)})


def shingles(bodies: pl.DataFrame, shingle_words: int) -> pl.DataFrame:
    """``row``, ``shingle``: the hashed k-shingles of lower-cased words of each ``body`` (so
    punctuation and datelines' dashes do not count), repeats included. A body of fewer words
    has none."""
    words = (
        bodies.lazy()
        .select("row", word=pl.col("body").str.to_lowercase().str.extract_all(r"\w+"))
        .explode("word")
        .drop_nulls("word")
        .collect()
    )
    hashed = words.join(_word_hashes(words["word"].unique()), on="word", maintain_order="left")
    shingle = pl.col("hash")
    for offset in range(1, shingle_words):
        shingle = shingle * pl.lit(_MIX, _U64) + pl.col("hash").shift(-offset)
    # Rows are in word order, so a shingle is whole when its last word is in the same body.
    whole = pl.col("row").shift(-(shingle_words - 1)) == pl.col("row")
    return hashed.select("row", shingle=shingle, whole=whole).filter("whole").drop("whole")


def band_keys(shingles: pl.DataFrame, rows: int) -> pl.DataFrame:
    """``row``, ``key``: one 64-bit key per LSH band of each row's MinHash signature, the
    band's number mixed in so that keys of different bands never meet."""
    keys = []
    for band in range(PERMUTATIONS // rows):
        key = pl.lit(band + 1, _U64)
        for a, b in _AFFINE[band * rows : (band + 1) * rows]:
            # a is odd, so this permutes the 64-bit shingle hashes.
            permuted = pl.col("shingle") * pl.lit(a, _U64) + pl.lit(b, _U64)
            key = key * pl.lit(_MIX, _U64) + permuted.min()
        keys.append(key.alias(f"band{band}"))
    # Streaming: the permuted shingles are never all held at once.
    wide = shingles.lazy().group_by("row").agg(keys).collect(engine="streaming")
    return wide.unpivot(index="row", value_name="key").select("row", "key")


def candidate_pairs(keys: pl.DataFrame) -> pl.DataFrame:
    """``a`` < ``b``: rows sharing ``SHARED_BANDS`` band keys or more."""
    pairs = []
    # A share of the keys at a time: the join's memory is a share of the keys'.
    for part in range(JOIN_PARTS):
        some = keys.lazy().filter(pl.col("key") % JOIN_PARTS == part)
        pairs.append(
            some.join(some, on="key", suffix="_b")
            .filter(pl.col("row") < pl.col("row_b"))
            .group_by(a="row", b="row_b")
            .agg(shared=pl.len())
            .collect()
        )
    shared = pl.concat(pairs).group_by("a", "b").agg(pl.col("shared").sum())
    return shared.filter(pl.col("shared") >= SHARED_BANDS).select("a", "b")


def jaccard(pairs: pl.DataFrame, shingles: pl.DataFrame) -> pl.DataFrame:
    """``a``, ``b``, ``jaccard``: the exact Jaccard similarity of the pairs' sets of (64-bit
    hashed) shingles."""
    sets = shingles.lazy().group_by("row").agg(pl.col("shingle").unique())
    common = pl.col("shingle").list.set_intersection("shingle_b").list.len()
    return (
        pairs.lazy()
        .join(sets, left_on="a", right_on="row")
        .join(sets, left_on="b", right_on="row", suffix="_b")
        .select(
            "a",
            "b",
            jaccard=common
            / (pl.col("shingle").list.len() + pl.col("shingle_b").list.len() - common),
        )
        .collect()
    )


def near_duplicate_pairs(
    bodies: pl.DataFrame, near_duplicate_jaccard: float, shingle_words: int
) -> pl.DataFrame:
    """``a``, ``b``: pairs of ``row`` of ``bodies`` (``row``, ``body``) whose word shingles
    have a Jaccard similarity of at least ``near_duplicate_jaccard``."""
    if shingle_words < 1:
        raise ValueError(f"shingle_words must be 1 or more, not {shingle_words}")
    rows = band_rows(near_duplicate_jaccard)
    # At least one batch, so that a corpus without bodies has (no) keys too.
    starts = range(0, max(bodies.height, 1), BATCH)
    keys = pl.concat(
        band_keys(shingles(bodies.slice(start, BATCH), shingle_words), rows) for start in starts
    )
    pairs = candidate_pairs(keys).sort("a", "b")
    near = []
    # A batch of pairs at a time, their rows shingled again: the first pass kept no shingles.
    for start in range(0, max(pairs.height, 1), BATCH):
        some = pairs.slice(start, BATCH)
        members = pl.concat([some["a"], some["b"]]).unique().implode()
        compared = shingles(bodies.filter(pl.col("row").is_in(members)), shingle_words)
        near.append(jaccard(some, compared).filter(pl.col("jaccard") >= near_duplicate_jaccard))
    return pl.concat(near).select("a", "b")


def components(edges: pl.DataFrame) -> pl.DataFrame:
    """``row``, ``root``: every row of an edge (``a``, ``b``) with the least row of its
    connected component."""
    both = pl.concat([edges, edges.select(a="b", b="a")])
    labels = both.select(row="a", root="a").unique()
    while True:
        # Each row takes the least root among its neighbours' and its own.
        spread = (
            both.join(labels, left_on="b", right_on="row")
            .group_by(row="a")
            .agg(pl.col("root").min())
            .join(labels, on="row", suffix="_own")
            .select("row", root=pl.min_horizontal("root", "root_own"))
            .sort("row")
        )
        if spread.equals(labels.sort("row")):
            return spread
        labels = spread


def with_duplicate_clusters(
    releases: pl.LazyFrame,
    aggregators: Collection[str],
    *,
    near_duplicate_jaccard: float = 0.8,
    shingle_words: int = 5,
) -> pl.LazyFrame:
    """``dup_cluster`` (the doc_id of the cluster's canonical member) and ``dup_kind`` for
    every release. Clusters join releases with the same ``content_hash`` and near duplicates
    (see ``near_duplicate_pairs``), through chains too. The canonical member is the earliest
    release of a source not in ``aggregators`` (an aggregator's copy only when the cluster
    holds nothing else); then the earliest, undated last, then the least doc_id. A release
    without a body is alone."""
    found = releases.select("doc_id", "source", "published_at", "content_hash").collect()
    # One body per content hash: an exact duplicate has the same shingles. Only those bodies
    # are held, never every release's.
    first = found.drop_nulls("content_hash").group_by("content_hash").agg(pl.col("doc_id").min())
    bodies = (
        releases.select("doc_id", "body")
        .join(first.lazy(), on="doc_id")
        .select("content_hash", "body")
        .sort("content_hash")
        .with_row_index("row")
        .collect(engine="streaming")
    )
    roots = components(near_duplicate_pairs(bodies, near_duplicate_jaccard, shingle_words))
    # A release without a body is its own cluster.
    cluster = [pl.coalesce("root", "row"), pl.when(pl.col("row").is_null()).then("doc_id")]
    canonical_first = [
        pl.col("source").is_in(list(aggregators)),
        pl.col("published_at").is_null(),
        pl.col("published_at"),
        pl.col("doc_id"),
    ]
    canonical = pl.col("doc_id").sort_by(canonical_first).first().over(cluster)
    canonical_hash = pl.col("content_hash").sort_by(canonical_first).first().over(cluster)
    clusters = (
        found.lazy()
        .join(bodies.lazy().select("content_hash", "row"), on="content_hash", how="left")
        .join(roots.lazy(), on="row", how="left")
        .select(
            "doc_id",
            dup_cluster=canonical,
            dup_kind=pl.when(pl.col("doc_id") == canonical)
            .then(pl.lit("none"))
            .when(pl.col("content_hash") == canonical_hash)
            .then(pl.lit("exact"))
            .otherwise(pl.lit("near"))
            .cast(RELEASE_SCHEMA["dup_kind"]),
        )
        # Held (keys only), so that each share of the corpus read later joins them as they are.
        .collect()
    )
    return releases.join(clusters.lazy(), on="doc_id", how="left", maintain_order="left")
