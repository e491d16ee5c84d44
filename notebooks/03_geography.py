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
# # 3. Geography: where each province's releases go
#
# A provincial press office writes about its regencies and cities, but not evenly: the
# capital and the governor's visits dominate, and some regencies never appear at all. For
# every province, `places.parquet` gives each regency's share of the province's stories
# (duplicate clusters) that mention it, in the title, the body or the dateline, its
# districts included; `concentration.parquet` sums the spread up as a Gini index (0: every
# regency mentioned alike, 1: one regency takes all) and an entropy.
#
# Places are found by the enrich stage against the Kemendagri gazetteer
# (`siaran.analysis.places`): a bare name counts only when it is unambiguous within the
# province, so a capital written bare where a regency shares its name is not counted.
# The replica plants the answers: regencies each province never names, and a capital that
# leads.

# %%
import altair as alt
import polars as pl

from siaran.analysis import measures as m

where = m.paths()
places = pl.read_parquet(where.table("places")).pipe(m.with_province)
concentration = pl.read_parquet(where.table("concentration")).pipe(m.with_province)

# %% [markdown]
# ## How concentrated is each province's attention?
#
# One bar per province, its Gini index over its regencies. A long bar is a province whose
# releases keep returning to a few places; the tooltip gives how many of its regencies are
# mentioned at all.

# %%
alt.Chart(concentration).mark_bar().encode(
    x=alt.X("gini:Q", title="Gini index of mentions", scale=alt.Scale(domain=[0, 1])),
    y=alt.Y("province:N", sort="-x", title=None),
    color=alt.Color("n_mentioned:Q", title="regencies mentioned"),
    tooltip=["province", "n_regions", "n_mentioned", alt.Tooltip("gini:Q", format=".2f")],
).properties(title="Concentration of each province's attention", width=360)

# %% [markdown]
# ## Every regency, province by province
#
# A dot per regency or city, placed at the share of the province's stories that mention
# it; red dots at zero are regencies the province never mentions. Hover for the name. In
# the replica the capital stands out on the right of most rows (it is where the provincial
# government sits), and most provinces have a cluster of red dots.

# %%
alt.Chart(places.with_columns(never=pl.col("n_releases") == 0)).mark_circle(size=45).encode(
    x=alt.X("share:Q", title="share of the province's stories mentioning it"),
    y=alt.Y("province:N", title=None),
    color=alt.Color(
        "never:N",
        title="never mentioned",
        scale=alt.Scale(domain=[False, True], range=["steelblue", "crimson"]),
    ),
    tooltip=[
        "province",
        "region_name",
        "n_releases",
        "n_dateline",
        alt.Tooltip("share:Q", format=".3f"),
    ],
).properties(title="Regencies and cities by share of stories", width=420)

# %% [markdown]
# ## The most mentioned place of each province
#
# The regency each province names most, and how many of its stories are datelined there.
# Check it against the replica: the planted capital (`signals.json`, `capitals`) heads
# most provinces. Where it does not (Banten, Bengkulu) its bare name is shared with a
# regency or the province itself (`Serang`, `Bengkulu`), so the bare form is not counted.

# %%
(
    places.sort("n_releases", "region_name", descending=[True, False])
    .group_by("province", maintain_order=True)
    .first()
    .select("province", "region_name", "n_releases", "n_dateline", "share")
    .sort("province")
)

# %% [markdown]
# ## Regencies never mentioned
#
# The list a reader of the releases would never notice: the places the province's press
# office does not write about. In the replica these are the regencies `signals.json` lists
# under `never_mentioned`, plus, in ten provinces, the capital of the same name when written
# bare (`Bengkulu`, `Kupang`): counted as ambiguous, not as a mention.

# %%
(
    places.filter(pl.col("n_releases") == 0)
    .group_by("province")
    .agg(n_never=pl.len(), regencies=pl.col("region_name").sort().str.join(", "))
    .join(concentration.select("province", "n_regions"), on="province")
    .select("province", "n_never", "n_regions", "regencies")
    .sort("n_never", "province", descending=[True, False])
)
