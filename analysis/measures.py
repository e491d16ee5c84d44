"""The coverage measures as one Python API, for notebooks: each measure takes Polars
LazyFrames and returns a LazyFrame, to filter, join or chart before collecting.

    from siaran.analysis import measures as m

    releases = m.scan("data/corpus/releases.parquet")
    m.volume(releases, by="province_code", every="week").collect()
    m.attention(releases, m.load_queries("queries.yaml"), every="month").collect()
    found = m.Enriched.read(Path("data/enriched"))   # the enrich stage's tables
    m.speakers(releases, found.quotes).collect()

``m.paths()`` says where the corpus, enriched and stats tables are (environment variables,
else params.yaml's ``notebooks`` section: ``siaran.analysis.workspace``).

Each measure's module documents how it counts (``siaran.analysis.volume``, ``attention``,
``health``, ``completeness``, ``geography``, ``voices``, ``bylines``, ``provenance``).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from siaran.analysis.attention import ALL, attention, over_span
from siaran.analysis.bylines import bylines
from siaran.analysis.completeness import completeness, read_snapshots
from siaran.analysis.geography import concentration, places
from siaran.analysis.health import gap_runs, gaps, source_health, source_state
from siaran.analysis.places import mentions
from siaran.analysis.provenance import duplicate_clusters, provenance
from siaran.analysis.queries import expression, load_queries, matches, parse_query
from siaran.analysis.quotes import quotes
from siaran.analysis.stats import Enriched
from siaran.analysis.voices import speakers, unattributed_quotes
from siaran.analysis.volume import undated, volume
from siaran.analysis.workspace import DataPaths, paths
from siaran.spiders.registry.gazetteer import provinces
from siaran.spiders.release import FIELDS, scan_releases

__all__ = [
    "ALL",
    "DataPaths",
    "Enriched",
    "attention",
    "bylines",
    "completeness",
    "concentration",
    "duplicate_clusters",
    "expression",
    "gap_runs",
    "gaps",
    "load_queries",
    "matches",
    "mentions",
    "over_span",
    "parse_query",
    "paths",
    "places",
    "provenance",
    "province_names",
    "quotes",
    "read_snapshots",
    "scan",
    "source_health",
    "source_state",
    "speakers",
    "unattributed_quotes",
    "with_province",
    "undated",
    "volume",
]


NO_PROVINCE = "(no province)"


def scan(corpus: str | Path) -> pl.LazyFrame:
    """Every release field the corpus file has, lazily (an older corpus lacks some)."""
    schema = pl.read_parquet_schema(corpus)
    return scan_releases(Path(corpus), [name for name in FIELDS if name in schema])


def province_names() -> pl.DataFrame:
    """Every province of the gazetteer (``province_code``, ``province``), and the panel's rows
    of the attention table (``ALL``) as "All provinces": labels for charts."""
    rows = {**provinces(), ALL: "All provinces"}
    return pl.DataFrame({"province_code": list(rows), "province": list(rows.values())})


def with_province(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with a ``province`` label beside its ``province_code``: the province's name,
    "All provinces" for the panel, "(no province)" for releases credited to none (an
    aggregator's reposts from a media center the gazetteer does not place)."""
    return frame.join(province_names(), on="province_code", how="left").with_columns(
        pl.col("province").fill_null(NO_PROVINCE)
    )
