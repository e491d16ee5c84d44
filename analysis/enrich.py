"""Stage enrich: what each release says about where and who, and which named queries it
matches, one row per finding: ``mentions.parquet`` (places, ``siaran.analysis.places``),
``quotes.parquet`` (speakers, ``siaran.analysis.quotes``), ``matches.parquet`` (queries,
``siaran.analysis.queries``), then ``manifest.json`` with the queries matched.

The corpus is read in batches of the columns the matchers need, so memory stays bounded
whatever its size; each batch's findings go to a part file, and the parts are joined into one
file at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import polars as pl

from siaran.analysis import places, queries, quotes
from siaran.spiders.output import atomic_folder, write_manifest
from siaran.spiders.release import scan_releases

COLUMNS = ("doc_id", "province_code", "title", "body", "dateline_place")
BATCH = 20_000  # releases per batch: ~50 MB of text, a few hundred MB at the matchers' peak
TABLES = ("mentions", "quotes", "matches")


def finders(
    named: Mapping[str, queries.Query],
) -> dict[str, Callable[[pl.LazyFrame], pl.LazyFrame]]:
    """Each table's finder over a frame of releases."""
    return {
        "mentions": places.mentions,
        "quotes": quotes.quotes,
        "matches": lambda releases: queries.matches(releases, named),
    }


def enrich(
    corpus: pl.LazyFrame,
    folder: Path,
    named: Mapping[str, queries.Query],
    batch: int = BATCH,
    progress=None,
) -> dict[str, Path]:
    """Write the three tables of ``corpus`` (COLUMNS) into ``folder``; their paths.
    ``progress`` (``siaran.spiders.progress.Progress``) counts the releases done."""
    found = finders(named)
    done = progress and progress.task(
        "enrich", corpus.select(pl.len()).collect().item(), "releases"
    )
    parts = {table: folder / f".{table}.parts" for table in TABLES}
    for part in parts.values():
        part.mkdir()
    for n, releases in enumerate(corpus.collect_batches(chunk_size=batch)):
        for table, finder in found.items():
            finder(releases.lazy()).collect().write_parquet(parts[table] / f"{n:06d}.parquet")
        if done:
            done.advance(releases.height)
    written = {}
    for table, part in parts.items():
        written[table] = folder / f"{table}.parquet"
        pieces = sorted(part.glob("*.parquet"))
        frame = pl.scan_parquet(pieces) if pieces else empty(table, named)
        frame.sink_parquet(written[table])
        for piece in pieces:
            piece.unlink()
        part.rmdir()
    return written


def empty(table: str, named: Mapping[str, queries.Query]) -> pl.LazyFrame:
    """A table with no rows, for an empty corpus: what its finder gives on no release."""
    none = pl.LazyFrame(schema={name: pl.String() for name in COLUMNS})
    return finders(named)[table](none)


def main(
    corpus_path: Path,
    out_dir: Path,
    queries_path: Path | None,
    batch: int = BATCH,
    progress=None,
) -> dict:
    """Enrich the corpus file at ``corpus_path`` into ``out_dir`` with the queries of
    ``queries_path`` (None: match no query); the manifest written. ``progress``: a
    ``siaran.spiders.progress.Progress``."""
    named = queries.load_queries(queries_path) if queries_path else {}
    corpus = scan_releases(corpus_path, COLUMNS)
    with atomic_folder(out_dir) as partial:
        written = enrich(corpus, partial, named, batch, progress)
        write_manifest(
            partial,
            "enrich",
            [path.name for path in written.values()],
            queries={name: str(query) for name, query in named.items()},
        )
    return {
        "queries": list(named),
        **{table: out_dir / path.name for table, path in written.items()},
    }
