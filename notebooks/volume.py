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
# WIT), with the empty months between a source's first and last release as zero. Releases
# without a publication date are counted apart and never placed on a month. The bundled
# replica corpus is **synthetic**.
#
# The corpus path comes from `SIARAN_CORPUS` (default: the output of `make repro`).

# %%
import os
from pathlib import Path

import altair as alt
import polars as pl

from siaran.analysis import measures as m

corpus_path = Path(os.environ.get("SIARAN_CORPUS", "../data/corpus/releases.parquet"))
releases = m.scan(corpus_path)
volume = m.volume(releases, by="source", every="month").collect()
undated = m.undated(releases).collect()
print(f"{releases.select(pl.len()).collect().item()} releases in {corpus_path}")
print(f"without a usable publication date (not charted): {undated['n_releases'].sum()}")

# %%
volume.pivot(on="period", index="source", values="n_releases").sort("source")

# %%
alt.Chart(volume).mark_rect().encode(
    x=alt.X("yearmonth(period):O", title="month (local time)"),
    y=alt.Y("source:N", title=None),
    color=alt.Color("n_releases:Q", title="releases"),
    tooltip=["source", "period", "n_releases", "n_clusters"],
).properties(title="Releases per source and month", width=420)
