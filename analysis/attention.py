"""Attention, as Media Cloud defines it: for a named query q, a group of sources (a province,
or a source) and a local period t, ``count`` = duplicate clusters matching q, ``total`` = all
duplicate clusters, ``ratio`` = count / total (0 where total is 0), and ``relative`` = the
group's ratio over the whole panel's ratio for the same query and period ("x times the
coverage you would expect").

Rules chosen here (the coverage measures: Attention, Duplicates):

- clusters, not documents, are counted, so a release and its reposts are one story;
- a cluster is counted once in each group and period where it has a member, from those members
  only: a release of Kalsel reposted by InfoPublik a day later counts in Kalsel's day and in
  InfoPublik's next day, and it matches q there when the member there matches q (a trimmed
  repost may not). The panel's rows (group ``ALL``) count each cluster once per period, so
  ``count <= total`` in every row, and the groups' totals may add up to more than the panel's;
- undated releases are in no period (``volume.undated`` counts them);
- every (query, group) series, for each group with a dated release, is zero-filled over the
  panel's periods, from the first to the last period with any dated release: a query that
  matches nothing in a province has rows with count 0, a province without releases in a
  period has count and total 0 and ratio 0;
- ``relative`` is null where the group's total is 0 (it published nothing: its ratio is 0 by
  Media Cloud's convention only, not for ignoring the topic) or the panel's ratio is 0 (no
  coverage to compare with), and 1.0 in the panel's own rows where the panel covered the query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import polars as pl

from siaran.analysis.counting import require_columns
from siaran.analysis.periods import GRANULARITIES, Granularity, period, zero_filled
from siaran.analysis.volume import GRANULARITY, check_every, dated

if TYPE_CHECKING:
    from siaran.analysis.queries import Query

ALL = "ALL"
# The stage's attention.parquet: per province (or ALL), the three granularities stacked.
ATTENTION_SCHEMA = pl.Schema(
    {
        "query": pl.String(),
        "province_code": pl.String(),
        "granularity": GRANULARITY,
        "period": pl.Date(),
        "count": pl.UInt32(),
        "total": pl.UInt32(),
        "ratio": pl.Float64(),
        "relative": pl.Float64(),
    }
)
Queries = pl.LazyFrame | Mapping[str, "Query"]


def _matched(releases: pl.LazyFrame, queries: Queries) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The matches (doc_id, query) and the query names, each a LazyFrame."""
    if isinstance(queries, Mapping):
        from siaran.analysis.queries import matches

        names = pl.LazyFrame({"query": list(queries)}, schema={"query": pl.String})
        return _texts(matches(releases, queries)), names
    if not isinstance(queries, pl.LazyFrame):
        raise ValueError(
            "queries must be a LazyFrame of matches (doc_id, query) or a mapping of names to "
            f"queries, not {type(queries).__name__}"
        )
    schema = require_columns(queries, ("doc_id", "query"), "the matches")
    # An Enum names every query, those matching nothing included; else the ones that match.
    if isinstance(schema["query"], pl.Enum):
        names = pl.LazyFrame({"query": schema["query"].categories}, schema={"query": pl.String})
    else:
        names = queries.select(pl.col("query").cast(pl.String)).unique()
    return _texts(queries), names


def _texts(matched: pl.LazyFrame) -> pl.LazyFrame:
    return matched.select("doc_id", pl.col("query").cast(pl.String))


def _clusters(frame: pl.LazyFrame, keys: list[str], name: str) -> pl.LazyFrame:
    """Distinct clusters per ``keys``, group and period, and for the panel (group ALL)."""
    clusters = pl.col("cluster").n_unique().alias(name)
    return pl.concat(
        [
            frame.group_by(*keys, "group", "period").agg(clusters),
            frame.group_by(*keys, "period").agg(clusters, group=pl.lit(ALL)),
        ],
        how="diagonal",
    )


def _grouped(releases: pl.LazyFrame, by: str) -> pl.LazyFrame:
    """The dated releases with their ``group``: the ``by`` column as text, so ALL fits."""
    require_columns(releases, [by], "the releases")
    return dated(releases).select("doc_id", "cluster", "local", group=pl.col(by).cast(pl.String))


def _attention(
    grouped: pl.LazyFrame,
    matched: pl.LazyFrame,
    names: pl.LazyFrame,
    by: str,
    every: Granularity,
) -> pl.LazyFrame:
    # Cached (here and below): each frame is read twice or more, and Polars would compute it
    # anew each time.
    rows = grouped.select("doc_id", "cluster", "group", period=period(every)).cache()
    matching = rows.join(matched, on="doc_id").cache()
    totals = _clusters(rows, [], "total")
    counts = _clusters(matching, ["query"], "count")
    keys = ["query", "group", "period"]
    measured = (
        names.join(totals, how="cross").join(counts, on=keys, how="left", nulls_equal=True).cache()
    )
    filled = (
        zero_filled(measured, ["query", "group"], every, fill="panel")
        .with_columns(
            ratio=pl.when(pl.col("total") > 0)
            .then(pl.col("count") / pl.col("total"))
            .otherwise(0.0)
        )
        .cache()
    )
    panel_ratio = filled.filter(pl.col("group") == ALL).select(
        "query", "period", panel_ratio="ratio"
    )
    relative = (
        pl.when((pl.col("total") > 0) & (pl.col("panel_ratio") > 0))
        .then(pl.col("ratio") / pl.col("panel_ratio"))
        .otherwise(None)
    )
    return (
        filled.join(panel_ratio, on=["query", "period"], how="left")
        .sort("query", pl.col("group") != ALL, "group", "period", nulls_last=True)
        .select(
            "query",
            pl.col("group").alias(by),
            granularity=pl.lit(every, GRANULARITY),
            period="period",
            count=pl.col("count").cast(pl.UInt32),
            total=pl.col("total").cast(pl.UInt32),
            ratio="ratio",
            relative=relative,
        )
    )


def attention(
    releases: pl.LazyFrame,
    queries: Queries,
    by: str = "province_code",
    every: Granularity = "month",
) -> pl.LazyFrame:
    """Attention of each query per ``by`` group (``province_code``, ``source`` or another
    column) and local period, with the panel's rows as group ``"ALL"``.

    ``queries`` is a LazyFrame of matches (doc_id, query; an Enum ``query`` names the queries
    that match nothing too) or a mapping of names to queries (matched by
    ``siaran.analysis.queries.matches``). Columns: query, ``by``, granularity, period, count,
    total, ratio, relative; sorted by query, group (ALL first) and period. The module
    docstring gives the rules.
    """
    check_every(every)
    matched, names = _matched(releases, queries)
    return _attention(_grouped(releases, by), matched, names, by, every)


def attention_table(releases: pl.LazyFrame, queries: Queries) -> pl.LazyFrame:
    """The stage's ``attention.parquet`` (``ATTENTION_SCHEMA``): per province and for the
    panel, the day, week and month series stacked."""
    matched, names = _matched(releases, queries)
    # Cached: the local times and the matches serve the three granularities.
    grouped = _grouped(releases, "province_code").cache()
    return pl.concat(
        [
            _attention(grouped, matched.cache(), names, "province_code", every)
            for every in GRANULARITIES
        ]
    ).select(ATTENTION_SCHEMA.names())


def over_span(table: pl.LazyFrame, by: str = "province_code") -> pl.LazyFrame:
    """Attention over the whole span of an attention table of one granularity (``attention``'s
    output, or the stage's table filtered to one): per query and group, count and total added
    up over the periods, their ratio, and the relative attention against the panel's rows
    (null as in the table). Steadier than a month's figure for a province of few releases; a
    story with members in two periods counts in both, as in the table."""
    schema = require_columns(table, ("query", by, "count", "total"), "the attention table")
    if "granularity" in schema:
        kinds = table.select(pl.col("granularity").n_unique()).collect().item()
        if kinds > 1:
            raise ValueError("the attention table mixes granularities; filter it to one first")
    summed = (
        table.group_by("query", by)
        .agg(pl.col("count", "total").sum().cast(pl.UInt32))
        .with_columns(
            ratio=pl.when(pl.col("total") > 0)
            .then(pl.col("count") / pl.col("total"))
            .otherwise(0.0)
        )
    )
    panel = summed.filter(pl.col(by) == ALL).select("query", panel="ratio")
    relative = pl.when(pl.col("total") > 0, pl.col("panel") > 0).then(
        pl.col("ratio") / pl.col("panel")
    )
    return (
        summed.join(panel, on="query", how="left")
        .with_columns(relative=relative)
        .drop("panel")
        .sort("query", pl.col(by) != ALL, by, nulls_last=True)
    )
