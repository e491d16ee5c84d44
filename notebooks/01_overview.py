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
# # 1. The corpus at a glance
#
# What is in the corpus: how many releases each source and province contributes, over which
# months, and how complete the collection is, from what discovery listed to what extraction
# made of it. Everything here is read from the tables the pipeline wrote (`siaran stats`);
# the notebook computes nothing a table already holds.
#
# The paths come from `measures.paths()`: the environment variables `SIARAN_CORPUS`,
# `SIARAN_ENRICHED` and `SIARAN_STATS` when set, else the `notebooks` section of
# `params.yaml` (the output of `make repro`). The bundled replica corpus is **synthetic**.

# %%
import altair as alt
import polars as pl

from siaran.analysis import measures as m

where = m.paths()
releases = m.scan(where.corpus)
month = pl.read_parquet(where.table("volume")).filter(pl.col("granularity") == "month")
completeness = pl.read_parquet(where.table("completeness"))
undated = pl.read_parquet(where.table("undated"))
print(where)

# %% [markdown]
# ## Size and time span
#
# Releases are documents (a repost counts again); *clusters* count a release and its
# reposts once. Months are the publishing province's local months (WIB, WITA, WIT). A
# release without a trustworthy date is in no month and is counted apart.

# %%
span = releases.select(
    documents=pl.len(),
    clusters=pl.coalesce("dup_cluster", "doc_id").n_unique(),
    sources=pl.col("source").n_unique(),
    provinces=pl.col("province_code").drop_nulls().n_unique(),
    first_published=pl.col("published_at").min(),
    last_published=pl.col("published_at").max(),
).collect()
dated_months = month.filter(pl.col("n_releases") > 0)["period"]
print(f"{span['documents'].item()} releases ({span['clusters'].item()} clusters)")
print(f"from {span['sources'].item()} sources in {span['provinces'].item()} provinces")
print(f"published {span['first_published'].item()} to {span['last_published'].item()} (UTC)")
print(f"local months {dated_months.min()} to {dated_months.max()}")
print(f"undated (in no month): {undated['n_releases'].sum()}")

# %% [markdown]
# ## Releases per province
#
# Each bar is a province, split by the sources that publish for it: its own site, and the
# national aggregator's reposts credited to the province (hover for the source). Bars of
# similar length mean a balanced panel; the replica plants about the same number of
# releases for every province.

# %%
per_source = (
    month.group_by("province_code", "source").agg(pl.col("n_releases").sum()).pipe(m.with_province)
)
alt.Chart(per_source).mark_bar().encode(
    x=alt.X("sum(n_releases):Q", title="releases (dated)"),
    y=alt.Y("province:N", sort="-x", title=None),
    color=alt.Color("source:N", legend=None),
    tooltip=["province", "source", "n_releases"],
).properties(title="Releases per province, by source", width=420)

# %% [markdown]
# ## Releases per source and month
#
# One row per source. An even row is a site publishing steadily; a pale cell is a quiet
# month. In the replica every source publishes about a dozen releases a month from June to
# November 2024, and Sumatera Barat's September is thinner: it falls silent for three weeks
# (notebook 5 finds them).

# %%
per_month = month.group_by("source", "period").agg(pl.col("n_releases", "n_clusters").sum())
alt.Chart(per_month).mark_rect().encode(
    x=alt.X("yearmonth(period):O", title="month (local time)"),
    y=alt.Y("source:N", title=None),
    color=alt.Color("n_releases:Q", title="releases"),
    tooltip=["source", "period", "n_releases", "n_clusters"],
).properties(title="Releases per source and month", width=420)

# %% [markdown]
# ## Completeness per source
#
# From listed to extracted: what discovery **listed** in the date window, what the crawl
# **fetched** and **failed** to fetch (every entry of its failure ledger; **lost**: never
# archived), what the corpus holds (**releases**) and how many of those have a title, a date
# and a body (**extracted**). The crawl counts are empty when the corpus has no crawl
# manifest. In the replica every listed release is fetched and extracted; the crawl's one
# failure is a robots.txt a site refused (HTTP 403, notebook 5), not a release.

# %%
completeness.select(
    "source",
    "n_listed",
    "n_fetched",
    "n_failed",
    "n_lost",
    "n_releases",
    "n_extracted",
    "n_undated",
    extracted_share=pl.col("n_extracted") / pl.col("n_listed"),
).sort("source")

# %% [markdown]
# Each field's share of releases where it is present (not null, not blank, not an empty
# list). Dark columns are fields every site gives (title, date, body); pale ones are fields
# only some sites print: bylines and writers, editors, an event date in the text, photos.
# A pale cell where the rest of the column is dark is a site whose markup the page object
# does not read, worth a look in `spiders/pages/`. (`earlier_captures` is filled only when
# an older snapshot holds the page too.)

# %%
shares = completeness.select("source", pl.col("^share_.*$")).unpivot(
    index="source", variable_name="field", value_name="share"
)
shares = shares.with_columns(pl.col("field").str.strip_prefix("share_"))
alt.Chart(shares).mark_rect().encode(
    x=alt.X("field:N", sort=shares["field"].unique(maintain_order=True).to_list(), title=None),
    y=alt.Y("source:N", title=None),
    color=alt.Color("share:Q", scale=alt.Scale(domain=[0, 1]), title="share present"),
    tooltip=["source", "field", alt.Tooltip("share:Q", format=".2f")],
).properties(title="Share of releases with each field")
