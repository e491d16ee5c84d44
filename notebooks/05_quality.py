# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 5. Data quality: what to trust, source by source
#
# Every figure of the other notebooks rests on how the releases were collected: where each
# date came from, whether the page object read the site's own markup or fell back on a
# generic path, which releases are copies of others, what the crawl failed to fetch, and the
# weeks a source went quiet. This notebook shows each, per source, so a reader knows which
# sources to read with care before reading their numbers.
#
# The replica plants: reposts by the national aggregator (InfoPublik) of provincial
# releases, a day or so later and trimmed; a site refusing its robots.txt (HTTP 403); and
# three silent weeks of Sumatera Barat (`signals.json`, `silent`).

# %%
import altair as alt
import polars as pl

from siaran.analysis import measures as m

where = m.paths()
releases = m.scan(where.corpus)
provenance = m.provenance(releases).collect()
completeness = pl.read_parquet(where.table("completeness"))
health = pl.read_parquet(where.table("source_health"))

# %% [markdown]
# ## Where the dates come from
#
# `date_source` says which kind of evidence gave each release its publication time: the
# site's own date line (`page`), page metadata (`metadata`: JSON-LD, `article:published_time`,
# `<time>`), the permalink (`url`, a day without a time), or nothing trustworthy (`none`,
# `implausible`: undated, in no period). A source dated by its URLs is placed on the right
# day but in no hour; an undated share is missing from every time series.

# %%
alt.Chart(provenance.filter(pl.col("aspect") == "date_source")).mark_bar().encode(
    x=alt.X("share:Q", title="share of the source's releases", axis=alt.Axis(format="%")),
    y=alt.Y("source:N", title=None),
    color=alt.Color("value:N", title="date source"),
    tooltip=["source", "value", "n_releases", alt.Tooltip("share:Q", format=".1%")],
).properties(title="Where publication dates come from", width=360)

# %% [markdown]
# ## Extraction paths
#
# For each field group, what produced it: `site` is the page object's own selectors for
# that site; anything else is a generic fallback (JSON-LD, a container heuristic, a
# trailing byline line ...), and `none` found nothing. The extract stage fails a source
# whose fallbacks serve more than half of a field its selectors are meant to serve
# (`params.yaml` `extract.max_generic_share`). A bar all in one fallback colour is a source
# without a page object of its own, read by the generic chain on purpose; a mixed bar is a
# site whose markup changed on some pages.

# %%
paths = provenance.filter(pl.col("aspect").str.starts_with("extraction_path.")).with_columns(
    field=pl.col("aspect").str.strip_prefix("extraction_path.")
)
alt.Chart(paths).mark_bar().encode(
    x=alt.X("share:Q", title=None, axis=alt.Axis(format="%")),
    y=alt.Y("source:N", title=None),
    color=alt.Color("value:N", title="path"),
    column=alt.Column("field:N", title="extracted by", sort=["title", "date", "body", "byline"]),
    tooltip=["source", "field", "value", "n_releases", alt.Tooltip("share:Q", format=".1%")],
).properties(width=120)

# %% [markdown]
# ## Duplicate clusters
#
# Releases with the same body (`exact`) or nearly the same (`near`: word-shingle Jaccard of
# at least `corpus.near_duplicate_jaccard`) form a cluster, counted once as a story by the
# attention, geography and voices tables. A cluster across two sources is a repost; the
# spread is the hours from its first to its last member. In the replica every cluster is a
# provincial release and InfoPublik's trimmed repost of it, about a day later.

# %%
clusters = m.duplicate_clusters(releases).collect()
print(
    f"{clusters.height} clusters of more than one release, {clusters['n_releases'].sum()} releases"
)
clusters.group_by(pairs=pl.col("sources").list.join(" + ")).agg(
    clusters=pl.len(),
    exact=pl.col("n_exact").sum(),
    near=pl.col("n_near").sum(),
    median_spread_hours=pl.col("spread_hours").median(),
).sort("clusters", "pairs", descending=[True, False])

# %%
alt.Chart(clusters.drop_nulls("spread_hours")).mark_bar().encode(
    x=alt.X("spread_hours:Q", bin=alt.Bin(maxbins=30), title="hours from first to last member"),
    y=alt.Y("count():Q", title="clusters"),
).properties(title="How long after the original a copy appears", width=360, height=160)

# %% [markdown]
# ## Crawl failures
#
# Every request the crawl gave up on is in its failure ledger
# (`data/raw/<source>/<snapshot>/failures.parquet`); the corpus manifest carries the counts
# per reason, and `completeness.parquet` adds them up per source. **lost** counts entries
# never archived at all (a failure flagged but archived anyway is not lost). The crawl fails
# when the lost share passes `crawl.max_failure_share`. In the replica the ledgers hold one
# entry: Kalimantan Tengah's robots.txt answered HTTP 403, and every release the site
# listed was fetched all the same. The ledger file gives the URL of each entry.

# %%
failures = (
    completeness.select("source", "n_fetched", "n_lost", "failed_by_reason")
    .explode("failed_by_reason")
    .unnest("failed_by_reason")
    .drop_nulls("reason")
)
print(f"{failures['n'].sum()} failed requests in {failures['source'].n_unique()} sources")
failures.sort("n", "source", descending=[True, False])

# %% [markdown]
# ## Silent weeks
#
# Source health by Media Cloud's rule (`siaran.analysis.health`): a week is a **gap** when
# the source published under a quarter of its usual weekly volume, between its first and
# last healthy week. A lone gap is a quiet week; a run of them is a site that went down or
# a crawl that missed it, and every count of those weeks is short. The chart marks each
# source's gap weeks in red over its weekly volume; the table lists the runs, longest
# first. In the replica, Sumatera Barat's three silent weeks of September 2024 head it.

# %%
alt.Chart(health).mark_rect().encode(
    x=alt.X(
        "week:O", timeUnit="yearmonthdate", title="week (local time)", axis=alt.Axis(labelAngle=-90)
    ),
    y=alt.Y("source:N", title=None),
    color=alt.condition(
        "datum.is_gap",
        alt.value("crimson"),
        alt.Color("n_releases:Q", title="releases", scale=alt.Scale(scheme="greys")),
    ),
    tooltip=["source", "week", "n_releases", alt.Tooltip("expected:Q", format=".1f"), "is_gap"],
).properties(title="Weekly releases per source; gap weeks in red")

# %%
m.gap_runs(health.lazy()).collect().head(15)

# %% [markdown]
# Sources judged **unhealthy** on the corpus's last day (silent for 90 days, or publishing
# far under their usual rate in the last week): their latest weeks are missing, not quiet.

# %%
health.group_by("source").agg(pl.col("state").first()).filter(pl.col("state") == "unhealthy").sort(
    "source"
)
