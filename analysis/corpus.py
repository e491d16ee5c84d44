"""Stage corpus: per-source extractions -> the corpus package (``data/corpus``): releases with
ids and duplicate clusters, exports, datapackage.json, dataset card, manifest."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import polars as pl

from siaran.analysis import package
from siaran.analysis.duplicates import with_duplicate_clusters
from siaran.spiders.output import IncompleteOutput, read_manifest
from siaran.spiders.registry.source import load_sources
from siaran.spiders.release import RELEASE_SCHEMA

EXTRACT = "`siaran extract` (or `dvc repro extract`)"


def extracted_files(extracted_dir: Path) -> list[Path]:
    """The per-source files of a finished extraction whose quality gate passed, checked
    against its manifest."""
    manifest = read_manifest(extracted_dir, "extract", EXTRACT)
    if manifest.get("quality_gate") != "passed":
        raise IncompleteOutput(
            f"{extracted_dir}: the extraction failed its quality gate (see quality.json); "
            f"fix what it names and run {EXTRACT} again"
        )
    files = [extracted_dir / name for _, name in sorted(manifest["sources"].items())]
    if not files:
        raise IncompleteOutput(f"{extracted_dir}: the extraction holds no source")
    return files


def newest_captures(releases: pl.LazyFrame) -> pl.LazyFrame:
    """The same page reached under two URLs, or captured by a crawl and by a web archive, is
    one release: the newest capture wins, the others' fetch times join its
    ``earlier_captures``. Chosen once, on the keys alone: sorting whole releases would copy
    every body, and each share of the corpus read later joins the choice instead of making
    it again."""
    keyed = releases.with_row_index("row")
    keys = keyed.select("row", "doc_id", "fetched_at", "url", "earlier_captures")
    times = (
        keys.select("doc_id", time=pl.concat_list("earlier_captures", "fetched_at"))
        .explode("time")
        .group_by("doc_id")
        .agg(every=pl.col("time").unique().sort())
    )
    earlier = pl.col("every").list.set_difference(pl.concat_list("fetched_at")).list.sort()
    newest = (
        keys.sort("fetched_at", "url")
        .unique("doc_id", keep="last")
        .join(times, on="doc_id", how="left")
        .select("row", earlier_captures=earlier)
        .collect()
    )
    return (
        keyed.drop("earlier_captures")
        .join(newest.lazy(), on="row", how="inner")
        .select(releases.collect_schema().names())
    )


def main(
    extracted_dir: Path,
    out_dir: Path,
    *,
    raw_dir: Path,
    params: dict[str, Any],
    accuracy: Path | None = None,
    exports: Collection[str] = (),
    near_duplicate_jaccard: float = 0.8,
    shingle_words: int = 5,
) -> dict[str, Any]:
    """Merge the ``<extracted_dir>/<source>.parquet`` files a finished extraction lists into
    the corpus, and write it as a package in ``out_dir`` (``siaran.analysis.package``: the
    Parquet file, exports, datapackage.json, the dataset card, the manifest). Duplicates are
    clustered (``siaran.analysis.duplicates``), never dropped. The releases stay lazy: the
    package reads them a share at a time. Returns the package's manifest."""
    aggregators = [key for key, source in load_sources().items() if source.aggregator]
    releases = (
        pl.scan_parquet(extracted_files(extracted_dir))
        .pipe(newest_captures)
        .pipe(
            with_duplicate_clusters,
            aggregators,
            near_duplicate_jaccard=near_duplicate_jaccard,
            shingle_words=shingle_words,
        )
        .select(RELEASE_SCHEMA.names())
        .cast(dict(RELEASE_SCHEMA))
    )
    return package.main(
        releases,
        out_dir,
        extracted=extracted_dir,
        raw=raw_dir,
        params=params,
        accuracy=accuracy,
        exports=exports,
    )
