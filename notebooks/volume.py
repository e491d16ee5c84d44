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

from analysis.stats import coverage, monthly_volume

corpus_path = Path(os.environ.get("SIARAN_CORPUS", "../data/corpus/releases.parquet"))
releases = pl.read_parquet(corpus_path)
volume = monthly_volume(releases)
metrics = coverage(releases)
print(f"{metrics['releases']} releases from {len(metrics['sources'])} sources in {corpus_path}")
print(f"without a publication date (not charted): {metrics['undated']}")

# %%
volume.pivot(on="source", index="month", values="documents").sort("month")

# %%
alt.Chart(volume).mark_line(point=True).encode(
    x=alt.X("month:T", title="month (local time)"),
    y=alt.Y("documents:Q", title="releases"),
    color=alt.Color("source:N"),
    tooltip=["source", "month", "documents", "clusters"],
).properties(title="Releases per month", width=600)
