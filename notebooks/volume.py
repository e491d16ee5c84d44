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
# # Monthly volume of press releases per source
#
# Releases per source per month, counted in the publishing province's local time (WIB, WITA,
# WIT) with empty months as zero. Releases without a publication date are counted apart and
# never placed on a month. The bundled replica corpus is **synthetic**.
#
# The corpus path comes from `SIARAN_CORPUS` (default: the output of `make repro`).

# %%
import os
from pathlib import Path

import altair as alt
import polars as pl

from siaran.analysis.stats import coverage, monthly_volume

corpus_path = Path(os.environ.get("SIARAN_CORPUS", "../data/corpus/releases.parquet"))
releases = pl.read_parquet(corpus_path)
volume = monthly_volume(releases)
metrics = coverage(releases)
print(f"{metrics['releases']} releases from {len(metrics['sources'])} sources in {corpus_path}")
print(f"without a publication date (not charted): {metrics['undated']}")

# %%
# InfoPublik publishes for many provinces: one series per (source, province), summed here.
per_source = volume.group_by("source", "month").agg(pl.col("documents", "clusters").sum())
per_source.pivot(on="month", index="source", values="documents").sort("source")

# %%
alt.Chart(per_source).mark_rect().encode(
    x=alt.X("yearmonth(month):O", title="month (local time)"),
    y=alt.Y("source:N", title=None),
    color=alt.Color("documents:Q", title="releases"),
    tooltip=["source", "month", "documents", "clusters"],
).properties(title="Releases per source and month", width=420)
