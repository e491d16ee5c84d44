"""How the releases were obtained, per source: where each publication date came from
(``date_source``), which path extracted each field group (``extraction_path``: the page
object's own ``site`` selectors or a generic fallback), and how each release copies its
duplicate cluster (``dup_kind``); and the duplicate clusters of more than one release.

A source whose dates come from URLs, or whose fields come from generic fallbacks, is one to
read with care: the quality gates of the extract stage bound these shares, this shows them.
"""

from __future__ import annotations

import polars as pl

from siaran.analysis.counting import require_columns, story

ASPECTS = ("date_source", "dup_kind", "extraction_path")
MISSING = "missing"  # a release without the value (an older corpus, a field group never tried)


def provenance(releases: pl.LazyFrame, by: str = "source") -> pl.LazyFrame:
    """Per group, aspect and value: releases (documents) and their share of the group's.
    ``aspect`` is ``date_source``, ``dup_kind`` or ``extraction_path.<group>`` (title, date,
    body, byline), for those of the columns the corpus has."""
    schema = require_columns(releases, (by,), "the releases")
    values = [pl.col(name).cast(pl.String) for name in ASPECTS[:2] if name in schema]
    if isinstance(schema.get("extraction_path"), pl.Struct):
        values += [
            pl.col("extraction_path")
            .struct.field(field.name)
            .alias(f"extraction_path.{field.name}")
            for field in schema["extraction_path"].fields
        ]
    if not values:
        raise ValueError(f"the releases lack every column of {', '.join(ASPECTS)}")
    counted = pl.len().cast(pl.UInt32)
    return (
        releases.select(by, *values)
        .unpivot(index=by, variable_name="aspect", value_name="value")
        .with_columns(pl.col("value").fill_null(MISSING))
        .group_by(by, "aspect", "value")
        .agg(n_releases=counted)
        .with_columns(share=pl.col("n_releases") / pl.col("n_releases").sum().over(by, "aspect"))
        .sort(by, "aspect", "n_releases", "value", descending=[False, False, True, False])
    )


def duplicate_clusters(releases: pl.LazyFrame) -> pl.LazyFrame:
    """The clusters of more than one release (``dup_cluster``, the canonical member's doc_id):
    members, sources, members per kind of copy, and the hours between the first and the last
    member's publication (null when a member is undated), largest clusters first."""
    require_columns(releases, ("doc_id", "source", "dup_cluster", "dup_kind"), "the releases")
    published = pl.col("published_at")
    has_date = "published_at" in releases.collect_schema()
    spread = (
        pl.when(published.is_not_null().all()).then(
            (published.max() - published.min()).dt.total_minutes() / 60
        )
        if has_date
        else pl.lit(None, pl.Float64)
    )
    return (
        releases.with_columns(cluster=story("clusters"))
        .group_by("cluster")
        .agg(
            n_releases=pl.len().cast(pl.UInt32),
            n_sources=pl.col("source").n_unique().cast(pl.UInt32),
            sources=pl.col("source").unique().sort(),
            n_exact=(pl.col("dup_kind") == "exact").sum().cast(pl.UInt32),
            n_near=(pl.col("dup_kind") == "near").sum().cast(pl.UInt32),
            spread_hours=spread,
        )
        .filter(pl.col("n_releases") > 1)
        .rename({"cluster": "dup_cluster"})
        .sort("n_releases", "dup_cluster", descending=[True, False])
    )
