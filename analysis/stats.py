"""Stage stats: the coverage tables of a corpus (``docs: coverage measures``), its headline
metrics, and the data of the DVC plots.

Tables, one Parquet file each in the output folder (the modules say how each is counted):

- ``volume`` (``siaran.analysis.volume``): releases and clusters per source, province and
  local day, ISO week and month;
- ``attention`` (``attention``): each named query's share of clusters per province (and "ALL",
  the panel) and period, with relative attention;
- ``source_health`` (``health``): weekly volume, expected volume, gap weeks and each source's
  state, by Media Cloud's rule;
- ``completeness`` (``completeness``): listed, fetched, failed, extracted, and each field's
  share per source; ``undated``: the releases no period counts, by reason;
- ``places``, ``concentration`` (``geography``): each province's regencies mentioned, and a
  Gini index and entropy of that attention;
- ``speakers`` (``voices``): quotes and share of voice per province and speaker;
- ``bylines`` (``bylines``): releases per media-center unit, writer and month.

The places, quotes and query matches come from the enrich stage's folder, or, without one,
from enriching the corpus here (``siaran.analysis.enrich``). Only the columns a table needs
are read, so a corpus written before a column was added still works where no table needs it.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from siaran.analysis import enrich
from siaran.analysis.attention import ALL, attention_table
from siaran.analysis.bylines import bylines
from siaran.analysis.completeness import completeness, read_snapshots
from siaran.analysis.geography import concentration, places
from siaran.analysis.health import gaps, source_health
from siaran.analysis.periods import EARLIEST, FETCH_SLACK, UNDATED_REASONS
from siaran.analysis.voices import speakers
from siaran.analysis.volume import undated, volume_table
from siaran.spiders.output import atomic_folder, read_manifest, write_manifest, write_text
from siaran.spiders.release import FIELDS, scan_releases

# What the tables read of the corpus besides completeness, which reads every field it has.
COLUMNS = (
    "doc_id",
    "source",
    "province_code",
    "published_at",
    "timezone",
    "dup_cluster",
    "byline_unit",
    "writers",
    "fetched_at",
)
ENRICH = "`siaran enrich` (or `dvc repro enrich`)"
PLOTS = {"volume": "plot_volume.csv", "attention": "plot_attention.csv"}


@dataclass
class Enriched:
    """The enrich stage's tables, and the names of the queries it matched (all of them, those
    that matched nothing included)."""

    mentions: pl.LazyFrame
    quotes: pl.LazyFrame
    matches: pl.LazyFrame
    queries: list[str]

    @classmethod
    def read(cls, folder: Path) -> Enriched:
        manifest = read_manifest(folder, "enrich", ENRICH)
        names = list(manifest.get("queries", {}))
        matches = pl.scan_parquet(folder / "matches.parquet").with_columns(
            pl.col("query").cast(pl.Enum(names))
        )
        return cls(
            pl.scan_parquet(folder / "mentions.parquet"),
            pl.scan_parquet(folder / "quotes.parquet"),
            matches,
            names,
        )


def tables(
    releases: pl.LazyFrame,
    corpus: pl.LazyFrame,
    found: Enriched,
    snapshots: dict[str, Any] | None,
) -> dict[str, pl.LazyFrame]:
    """Every table, lazily: ``releases`` holds COLUMNS, ``corpus`` every field the file has."""
    place_table = places(releases, found.mentions)
    return {
        "volume": volume_table(releases),
        "attention": attention_table(releases, found.matches),
        "source_health": source_health(releases),
        "completeness": completeness(corpus, snapshots),
        "undated": undated(releases),
        "places": place_table,
        "concentration": concentration(place_table),
        "speakers": speakers(releases, found.quotes),
        "bylines": bylines(releases),
    }


def metrics(done: dict[str, pl.DataFrame], found: Enriched, releases: pl.DataFrame) -> dict:
    """The headline figures, nested for ``dvc metrics show``."""
    month = done["volume"].filter(pl.col("granularity") == "month")
    complete = done["completeness"]
    health = done["source_health"].group_by("source").agg(pl.col("state").first())
    monthly = done["attention"].filter(
        pl.col("granularity") == "month", pl.col("province_code") == ALL
    )
    place_table, concentrated = done["places"], done["concentration"]
    quoted = found.quotes.select(
        quotes=pl.len(), attributed=pl.col("speaker").is_not_null().sum()
    ).collect()
    counted = dict(done["undated"].group_by("reason").agg(pl.col("n_releases").sum()).iter_rows())
    undated_by_reason = {reason: counted.get(reason, 0) for reason in UNDATED_REASONS}
    newest = releases["fetched_at"].max()
    dated_days = month["period"]
    unattributed = (
        releases.filter(pl.col("province_code").is_null())
        .group_by("source")
        .agg(pl.col("byline_unit").drop_nulls().unique().sort())
        .sort("source")
    )
    return {
        "releases": {
            "documents": releases.height,
            "clusters": releases.select(pl.coalesce("dup_cluster", "doc_id").n_unique()).item(),
            "undated": sum(undated_by_reason.values()),
            "undated_by_reason": undated_by_reason,
            "plausible_dates": {
                "from": EARLIEST.isoformat(),
                "to": (newest + FETCH_SLACK).isoformat() if newest else "a day after now",
            },
            "first_month": str(dated_days.min()) if len(dated_days) else None,
            "last_month": str(dated_days.max()) if len(dated_days) else None,
            "unattributed_media_centers": dict(unattributed.iter_rows()),
        },
        "sources": {
            "count": complete.height,
            "healthy": health.filter(pl.col("state") == "healthy").height,
            "unhealthy": sorted(health.filter(pl.col("state") == "unhealthy")["source"]),
            "gap_weeks": gaps(done["source_health"].lazy()).collect().height,
        },
        "completeness": {
            name: int(complete[column].sum())
            for name, column in (
                ("listed", "n_listed"),
                ("fetched", "n_fetched"),
                ("failed", "n_failed"),
                ("extracted", "n_extracted"),
            )
        },
        "attention": {
            str(query): {
                "clusters": int(rows["count"].sum()),
                "share": round(rows["count"].sum() / max(rows["total"].sum(), 1), 4),
                "peak_month": str(
                    rows.sort("ratio", "period", descending=[True, False])["period"][0]
                ),
                "peak_ratio": round(float(rows["ratio"].max()), 4),
            }
            for (query,), rows in monthly.group_by("query", maintain_order=True)
            if rows.height
        },
        "places": {
            "mentions": found.mentions.select(pl.len()).collect().item(),
            "regencies": place_table.height,
            "regencies_never_mentioned": place_table.filter(pl.col("n_releases") == 0).height,
            "median_gini": _rounded(concentrated["gini"].median()),
        },
        "speakers": {
            "quotes": quoted["quotes"].item(),
            "attributed_share": round(
                quoted["attributed"].item() / max(quoted["quotes"].item(), 1), 4
            ),
            "speakers": done["speakers"]
            .select(pl.struct("province_code", "speaker").n_unique())
            .item(),
        },
        "bylines": {
            "units": done["bylines"]["byline_unit"].drop_nulls().n_unique(),
            "writers": done["bylines"]["writer"].drop_nulls().n_unique(),
        },
    }


# The figures ``dvc metrics show`` prints (one column each) and ``dvc metrics diff`` compares:
# counts and shares, no lists or dates; every figure stays in the stats folder's metrics.json.
HEADLINE = {
    "releases": ("documents", "clusters", "undated"),
    "sources": ("count", "healthy", "gap_weeks"),
    "completeness": ("listed", "fetched", "failed", "extracted"),
    "places": ("mentions", "regencies_never_mentioned", "median_gini"),
    "speakers": ("quotes", "attributed_share"),
}


def headline(figures: dict[str, Any]) -> dict[str, Any]:
    """The ``HEADLINE`` figures, and each query's share of the panel's clusters."""
    kept = {part: {key: figures[part][key] for key in keys} for part, keys in HEADLINE.items()}
    return kept | {"attention": {q: f["share"] for q, f in figures["attention"].items()}}


def as_json(figures: dict[str, Any]) -> str:
    return json.dumps(figures, indent=2, sort_keys=True) + "\n"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def plots(done: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The DVC plots' data: the panel's monthly releases and clusters, and each query's
    monthly attention over the panel; long tables (``series`` names the line)."""
    month = done["volume"].filter(pl.col("granularity") == "month")
    volume = (
        month.group_by("period")
        .agg(releases=pl.col("n_releases").sum())
        .unpivot(index="period", variable_name="series", value_name="value")
    )
    attention = (
        done["attention"]
        .filter(pl.col("granularity") == "month", pl.col("province_code") == ALL)
        .select("period", series=pl.col("query").cast(pl.String), value="ratio")
    )
    return {
        "volume": volume.sort("series", "period"),
        "attention": attention.sort("series", "period"),
    }


def compute(corpus_path: Path, found: Enriched) -> tuple[dict[str, pl.DataFrame], dict[str, Any]]:
    """Every table of the corpus file, and the metrics."""
    releases = scan_releases(corpus_path, COLUMNS).collect()
    present = [name for name in FIELDS if name in pl.read_parquet_schema(corpus_path)]
    corpus = scan_releases(corpus_path, present)
    lazy = tables(releases.lazy(), corpus, found, read_snapshots(corpus_path))
    # Completeness reads every column, bodies included: streamed, in bounded memory.
    done = {
        name: frame.collect(engine="streaming" if name == "completeness" else "auto")
        for name, frame in lazy.items()
    }
    return done, metrics(done, found, releases)


def main(
    corpus_path: Path,
    out_dir: Path,
    *,
    metrics_path: Path | None = None,
    enriched: Path | None = None,
    queries_path: Path | None = None,
) -> dict[str, Any]:
    """Write the tables of the corpus at ``corpus_path`` into ``out_dir`` with the plots'
    data and every figure (``metrics.json``), and the headline figures to ``metrics_path``. The
    places, quotes and matches are read from ``enriched`` (an enrich stage's folder) or, without
    it, found here with the queries of ``queries_path`` (none: no attention rows)."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".enrich-", dir=out_dir.parent) as scratch:
        if enriched is None:
            enriched = Path(scratch) / "enriched"
            enrich.main(corpus_path, enriched, queries_path)
        found = Enriched.read(enriched)
        done, figures = compute(corpus_path, found)
    with atomic_folder(out_dir) as partial:
        for name, frame in done.items():
            frame.write_parquet(partial / f"{name}.parquet")
        for name, frame in plots(done).items():
            frame.write_csv(partial / PLOTS[name])
        write_text(partial / "metrics.json", as_json(figures))
        write_manifest(partial, "stats", [f"{name}.parquet" for name in done])
    if metrics_path is not None:
        metrics_path.parent.mkdir(parents=True, exist_ok=True)
        write_text(metrics_path, as_json(headline(figures)))
    return figures
