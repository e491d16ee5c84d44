"""Who speaks in the releases: quotes per speaker and share of voice in each group (a province
by default) and period (``speakers.parquet``), and the quotes no speaker could be found for.

Share of voice (the field's definition) = a speaker's quotes / all attributed quotes in the
same group and period; a quote without a named speaker is not attributed and is counted apart
(``unattributed_quotes``). Periods are local (``periods.period``); the quotes of undated
releases are kept under a null period, not dropped. A story reposted counts once in a group
and period: of the releases of one duplicate cluster there, only the cluster's own release
(or, without it, the first by doc_id) is read (``count="documents"`` reads them all).
Speakers are counted by name as extracted: two spellings of one name are two speakers.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from siaran.analysis.counting import Count, require_columns, story
from siaran.analysis.periods import GRANULARITIES, Granularity, period, with_local_time

SPEAKER_COLUMNS = {
    "speaker": pl.String(),
    # The speaker's most frequent role in the group and period (ties: the first
    # alphabetically), null when no quote names one.
    "role": pl.String(),
    "n_quotes": pl.UInt32(),
    "share_of_voice": pl.Float64(),
}
UNATTRIBUTED_COLUMNS = {
    "n_quotes": pl.UInt32(),
    "n_unattributed": pl.UInt32(),
    "share_unattributed": pl.Float64(),
}
QUOTE_COLUMNS = ("doc_id", "speaker", "role")


def _keys(by: Sequence[str], every: Granularity | None) -> list[str]:
    return [*by, *(["period"] if every else [])]


def _quotes_in_groups(
    releases: pl.LazyFrame,
    quotes: pl.LazyFrame,
    by: Sequence[str],
    every: Granularity | None,
    count: Count,
) -> pl.LazyFrame:
    """The quotes of the releases read, with the release's group keys and period."""
    if isinstance(by, str):
        raise ValueError(f"by must be a sequence of column names, not the string {by!r}")
    if every is not None and every not in GRANULARITIES:
        raise ValueError(f"every must be one of {', '.join(GRANULARITIES)} or None, not {every!r}")
    dated = ("province_code", "timezone", "published_at") if every else ()
    clustered = ("dup_cluster",) if count == "clusters" else ()
    require_columns(releases, ["doc_id", *by, *dated, *clustered], "the releases")
    require_columns(quotes, QUOTE_COLUMNS, "the quotes")
    keys = _keys(by, every)
    if every:
        releases = with_local_time(releases).with_columns(period=period(every))
    read = releases.select("doc_id", *keys, story=story(count))
    if count == "clusters":
        # The canonical member of a cluster is the release whose doc_id names it.
        first = pl.col("doc_id").sort_by(pl.col("doc_id") != pl.col("story"), "doc_id").first()
        read = read.group_by(*keys, "story").agg(doc_id=first)
    return quotes.select(QUOTE_COLUMNS).join(read.select("doc_id", *keys), on="doc_id")


def speakers(
    releases: pl.LazyFrame,
    quotes: pl.LazyFrame,
    by: Sequence[str] = ("province_code",),
    every: Granularity | None = None,
    count: Count = "clusters",
) -> pl.LazyFrame:
    """Per group (``by``, columns of ``releases``), period (``every``: 'day', 'week',
    'month' or None for the whole corpus) and named speaker: their role, ``n_quotes`` and
    ``share_of_voice`` (adds up to 1 in each group and period). Sorted by group, period and
    quotes, most first."""
    keys = _keys(by, every)
    attributed = _quotes_in_groups(releases, quotes, by, every, count).filter(
        pl.col("speaker").is_not_null()
    )
    role = pl.col("role").sort_by(
        pl.col("role").is_null(), "n", "role", descending=[False, True, False]
    )
    total = pl.col("n_quotes").sum()
    return (
        attributed.group_by(*keys, "speaker", "role")
        .agg(n=pl.len())
        .group_by(*keys, "speaker")
        .agg(role=role.first(), n_quotes=pl.col("n").sum())
        .with_columns(share_of_voice=pl.col("n_quotes") / (total.over(keys) if keys else total))
        .cast(SPEAKER_COLUMNS)
        .select(*keys, *SPEAKER_COLUMNS)
        .sort(
            *keys,
            "n_quotes",
            "speaker",
            descending=[*(False,) * len(keys), True, False],
            nulls_last=True,
        )
    )


def unattributed_quotes(
    releases: pl.LazyFrame,
    quotes: pl.LazyFrame,
    by: Sequence[str] = ("province_code",),
    every: Granularity | None = None,
    count: Count = "clusters",
) -> pl.LazyFrame:
    """Per group and period, read as ``speakers`` reads them: all quotes, those without a
    named speaker, and their share, so a report can say what share of voice leaves out."""
    keys = _keys(by, every)
    read = _quotes_in_groups(releases, quotes, by, every, count)
    counts = {"n_quotes": pl.len(), "n_unattributed": pl.col("speaker").is_null().sum()}
    return (
        (read.group_by(keys).agg(**counts) if keys else read.select(**counts))
        .with_columns(
            share_unattributed=pl.when(pl.col("n_quotes") > 0).then(
                pl.col("n_unattributed") / pl.col("n_quotes")
            )
        )
        .cast(UNATTRIBUTED_COLUMNS)
        .select(*keys, *UNATTRIBUTED_COLUMNS)
        .sort(*keys, "n_quotes", nulls_last=True)
    )
