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
# # 2. Attention over time
#
# How much of what the provinces publish is about each topic. A topic is a named query of
# `queries.yaml`; its **attention** in a month is the share of the month's stories
# (duplicate clusters, so a release and its reposts count once) that match it, as Media
# Cloud defines it. Per province and for the whole panel (`ALL`); **relative attention** is
# a province's share over the panel's share in the same month: 2 means twice the coverage
# the panel gives the topic, 0.5 half.
#
# Read from the stats stage's `attention.parquet` (`siaran.analysis.attention` says how it
# counts). The replica plants one signal here: the regional elections of 27 November 2024,
# with a *pilkada* share rising from a few percent in mid-2024 to about 0.39 of the stories
# in November.

# %%
import altair as alt
import polars as pl

from siaran.analysis import measures as m

where = m.paths()
attention = pl.read_parquet(where.table("attention")).filter(pl.col("granularity") == "month")
panel = attention.filter(pl.col("province_code") == m.ALL)
queries = panel["query"].unique().sort().to_list()
print("queries:", ", ".join(queries))

# %% [markdown]
# ## The panel
#
# One line per query, the panel's monthly share. Steady topics run level; a topic with an
# occasion rises to it. In the replica *pilkada* climbs towards the November election while
# the others stay near their usual share, and a query that matches nothing (*investasi*)
# stays at zero: check a flat zero line against the query's wording before reading it as
# silence.

# %%
alt.Chart(panel).mark_line(point=True).encode(
    x=alt.X("yearmonth(period):O", title="month (local time)"),
    y=alt.Y("ratio:Q", title="share of stories", axis=alt.Axis(format="%")),
    color=alt.Color("query:N", title="query"),
    tooltip=["query", "period", "count", "total", alt.Tooltip("ratio:Q", format=".3f")],
).properties(title="Attention per query, all provinces", width=480, height=260)

# %% [markdown]
# Each query's peak month on the panel, and its share of all stories over the whole span.

# %%
panel.group_by("query").agg(
    stories=pl.col("count").sum(),
    share=pl.col("count").sum() / pl.col("total").sum(),
    peak_month=pl.col("period").sort_by("ratio", "period", descending=[True, False]).first(),
    peak_ratio=pl.col("ratio").max(),
).sort("peak_ratio", descending=True)

# %% [markdown]
# ## One topic, province by province
#
# Thirty-eight lines on one chart cannot be read, so each province gets its own small
# chart: its monthly share of the topic (blue) against the panel's (grey). A province whose
# line runs above the grey one covers the topic more than the panel does. Change `TOPIC` to
# look at another query. In the replica every province follows the election rise: it was
# planted panel-wide, so the blue lines hug the grey one.

# %%
TOPIC = "pilkada" if "pilkada" in queries else queries[0]
topic = attention.filter(pl.col("query") == TOPIC).pipe(m.with_province)
by_province = topic.filter(pl.col("province_code") != m.ALL).join(
    topic.filter(pl.col("province_code") == m.ALL).select("period", panel_ratio="ratio"),
    on="period",
)
base = alt.Chart(by_province).encode(x=alt.X("yearmonth(period):O", title=None))
alt.layer(
    base.mark_line(color="lightgray").encode(y=alt.Y("panel_ratio:Q", title=None)),
    base.mark_line().encode(
        y=alt.Y("ratio:Q", title=f"share of stories: {TOPIC}", axis=alt.Axis(format="%")),
        tooltip=["province", "period", "count", "total", alt.Tooltip("ratio:Q", format=".3f")],
    ),
).properties(width=110, height=70).facet(facet=alt.Facet("province:N", title=None), columns=6)

# %% [markdown]
# ## Relative attention
#
# Which provinces lead on which topics: each province's share of stories over the whole
# span, relative to the panel's (`measures.over_span`; a month's figure swings widely for a
# province of a few dozen releases, one story more or less moving it by several points).
# Orange where the province covers the topic more than the panel, blue where less, white at
# 1. A blank column is a query the panel never matched. In the replica topics are drawn alike
# in every province, so the colours here are sampling noise: with some seventy stories a
# province, one story more or less moves a ratio of 0.2 by a tenth. On a real corpus, read a
# province as leading a topic only beyond that spread, or over a longer span.

# %%
# Provinces only: the panel's rows are 1 by definition, and releases without a province (an
# aggregator's unattributed reposts) are too few to compare (null != ALL drops them).
span = (
    m.over_span(attention.lazy())
    .collect()
    .filter(pl.col("province_code") != m.ALL)
    .pipe(m.with_province)
)
alt.Chart(span.drop_nulls("relative")).mark_rect().encode(
    x=alt.X("query:N", title=None),
    y=alt.Y("province:N", title=None),
    color=alt.Color(
        "relative:Q",
        title="relative attention",
        scale=alt.Scale(scheme="blueorange", domainMid=1),
    ),
    tooltip=["province", "query", "count", "total", alt.Tooltip("relative:Q", format=".2f")],
).properties(title="Relative attention over the whole span (province / panel)")
