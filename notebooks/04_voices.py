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
# # 4. Voices: who is quoted
#
# Press releases speak through officials: the governor opens, the head of an agency
# explains. The enrich stage finds each quote (`siaran.analysis.quotes`): direct
# (`"...," kata X`) and indirect (`X mengatakan, ...`, `Menurut X, ...`), with the speaker's
# role split from the name, and `ujarnya`-style forms given the speaker named before them
# (*resolved*). `speakers.parquet` counts each speaker's quotes per province, a story and its
# reposts once, and their **share of voice**: the speaker's quotes over all the province's
# attributed quotes.
#
# In the replica each province has five officials who do all the talking: the governor, the
# vice governor, the regional secretary and two agency heads, about a fifth of the voice
# each (`signals.json`, `speakers`).

# %%
import altair as alt
import polars as pl

from siaran.analysis import measures as m

where = m.paths()
releases = m.scan(where.corpus)
found = m.Enriched.read(where.enriched)
speakers = pl.read_parquet(where.table("speakers")).pipe(m.with_province)

# %% [markdown]
# ## The quotes
#
# How the quotes were found: by kind, and how many took their speaker from an earlier
# attribution. A quote with no speaker is left out of share of voice; the second table
# gives, per province, the share it leaves out (0 in the replica, where every quote names
# its speaker; on real releases an unnamed "he said" is common).

# %%
found.quotes.group_by("kind", "resolved").agg(
    quotes=pl.len(), attributed=pl.col("speaker").is_not_null().sum()
).sort("kind", "resolved").collect()

# %%
(
    m.unattributed_quotes(releases, found.quotes)
    .collect()
    .pipe(m.with_province)
    .select("province", "n_quotes", "n_unattributed", "share_unattributed")
    .sort("share_unattributed", "province", descending=[True, False], nulls_last=True)
)

# %% [markdown]
# ## Share of voice, province by province
#
# One bar per province, split among its five most quoted speakers (coloured by role;
# hover for the name) and everyone else (grey). Five even slices in the roles' colours are
# the replica's planted officials; on a real corpus a single long slice is a governor who
# speaks for the province.

# %%
TOP = 5
PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6"]
ranked = speakers.with_columns(
    rank=pl.col("n_quotes").rank("ordinal", descending=True).over("province_code")
)
roles = speakers.group_by("role").agg(pl.col("n_quotes").sum()).sort("n_quotes", descending=True)
common_roles = roles.drop_nulls("role").head(8)["role"].to_list()
voice = (
    ranked.with_columns(
        top=pl.col("rank") <= TOP,
        shown_role=pl.when(pl.col("rank") > TOP)
        .then(pl.lit("(others)"))
        .when(pl.col("role").is_in(common_roles))
        .then("role")
        .otherwise(pl.lit("(other role)")),
    )
    .with_columns(speaker=pl.when("top").then("speaker").otherwise(pl.lit("(others)")))
    .group_by("province", "shown_role", "speaker")
    .agg(pl.col("share_of_voice", "n_quotes").sum())
)
alt.Chart(voice).mark_bar().encode(
    x=alt.X("sum(share_of_voice):Q", title="share of voice", axis=alt.Axis(format="%")),
    y=alt.Y("province:N", title=None),
    color=alt.Color(
        "shown_role:N",
        title="role",
        # the common roles in tableau10's colours, everyone else in greys
        scale=alt.Scale(
            domain=[*common_roles, "(other role)", "(others)"],
            range=[*PALETTE[: len(common_roles)], "#9d9d9d", "#d9d9d9"],
        ),
    ),
    order=alt.Order("share_of_voice:Q", sort="descending"),
    tooltip=[
        "province",
        "speaker",
        "shown_role",
        "n_quotes",
        alt.Tooltip("share_of_voice:Q", format=".1%"),
    ],
).properties(title=f"Share of voice of each province's {TOP} most quoted speakers", width=420)

# %% [markdown]
# ## Roles across the panel
#
# Quotes by role, all provinces together: which offices speak. A role is the one the
# speaker is most often quoted with; a speaker quoted without a role counts under
# *(none)*.

# %%
alt.Chart(roles.with_columns(pl.col("role").fill_null("(none)")).head(15)).mark_bar().encode(
    x=alt.X("n_quotes:Q", title="quotes"),
    y=alt.Y("role:N", sort="-x", title=None),
    tooltip=["role", "n_quotes"],
).properties(title="Quotes by role, all provinces", width=360)

# %% [markdown]
# ## The most quoted speakers
#
# Each province's five most quoted speakers, to check by name against the replica's
# planted officials.

# %%
(
    ranked.filter(pl.col("rank") <= TOP)
    .sort("province", "rank")
    .select("province", "rank", "speaker", "role", "n_quotes", "share_of_voice")
)
