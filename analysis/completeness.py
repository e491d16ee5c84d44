"""Completeness of the corpus, per source: what discovery listed and the site declared, what the
crawl archived and failed to fetch, what extraction made of it, and the share of each field
present (``completeness.parquet``).

A field is *present* when it is not null, a text holds something other than white space (a
body of blanks is no body), and a list is not empty (a release without writers has
``writers == []``). A release is *extracted* when its title, ``published_at`` and body are
present; *undated* when it has no local period (``periods.with_local_time``: no date, an
implausible one, or no time zone). Releases are counted as documents, duplicates included:
completeness is about what was collected, not about distinct stories.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from siaran.analysis.counting import require_columns
from siaran.analysis.periods import with_local_time
from siaran.spiders.release import ARCHIVED, FIELDS

FAILURE = pl.Struct({"reason": pl.String(), "n": pl.UInt32()})
# What the crawl reports say, per source: the columns are null when the caller has no
# manifest, or when a snapshot of the source does not report the count (an older manifest),
# since a sum over some snapshots would read as a count of all.
CRAWL_SCHEMA = pl.Schema(
    {
        "source": pl.String(),
        "n_snapshots": pl.UInt32(),
        "n_listed": pl.UInt32(),
        "n_declared": pl.UInt32(),
        "n_fetched": pl.UInt32(),
        "n_failed": pl.UInt32(),
        "n_lost": pl.UInt32(),
        # Reasons are open-ended (the ledger's, and any a spider reports), so a list, not a
        # column per reason: the schema does not change when a crawl meets a new failure.
        "failed_by_reason": pl.List(FAILURE),
    }
)
EXTRACTION_SCHEMA = pl.Schema(
    {
        "n_releases": pl.UInt32(),
        "n_extracted": pl.UInt32(),
        "n_undated": pl.UInt32(),
        "n_backfilled": pl.UInt32(),
    }
)
EXTRACTED_FIELDS = ("title", "published_at", "body")
# completeness.parquet: these columns, then share_<field> (Float64) for every release field
# the corpus has, in FIELDS order (``source``, the key, aside).
COMPLETENESS_SCHEMA = pl.Schema({**CRAWL_SCHEMA, **EXTRACTION_SCHEMA})
# The columns completeness needs; every release field the frame has gets a share.
COLUMNS = ("source", "province_code", "timezone", *EXTRACTED_FIELDS)
DATING = ("source", "province_code", "timezone", "published_at", "fetched_at")
# The counts read from each crawl report (absent or null in older manifests).
REPORTED = (
    "releases_listed",
    "declared_total",
    "releases_fetched",
    "release_pages_archived",
    "lost",
)


def present(name: str, dtype: pl.DataType) -> pl.Expr:
    """True where the field holds something: not null, not blank text, not an empty list."""
    column = pl.col(name)
    if dtype == pl.String:
        return column.str.contains(r"\S").fill_null(False)
    if isinstance(dtype, pl.List):
        return (column.list.len() > 0).fill_null(False)
    return column.is_not_null()


def read_snapshots(manifest: Path) -> dict[str, list[dict[str, Any]]] | None:
    """The ``snapshots`` of a corpus manifest (source -> crawl reports of the snapshots the
    corpus was built from). ``manifest`` is the ``manifest.json`` or any file beside it (the
    corpus's ``releases.parquet``). None when there is no manifest, or an older one without
    snapshots; a ValueError naming the file when it cannot be read."""
    path = manifest if manifest.suffix == ".json" else manifest.with_name("manifest.json")
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise ValueError(f"{path}: not a readable manifest ({problem})") from None
    if not isinstance(found, dict):
        raise ValueError(f"{path}: not a readable manifest (not a JSON object)")
    snapshots = found.get("snapshots")
    if snapshots is not None and not isinstance(snapshots, dict):
        raise ValueError(f"{path}: 'snapshots' is not a mapping of source to crawl reports")
    return snapshots


def _count(source: str, report: Mapping[str, Any], name: str) -> int | None:
    value = report.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValueError(f"snapshots of {source}: {name} is {value!r}, not a count")
    return value


def _snapshot_rows(snapshots: Mapping[str, Any]) -> pl.DataFrame:
    """One row per snapshot (a few per source: a Python loop over crawl reports is fine)."""
    rows = []
    for source, reports in snapshots.items():
        if not isinstance(reports, list) or not all(isinstance(r, Mapping) for r in reports):
            raise ValueError(f"snapshots of {source}: not a list of crawl reports")
        for report in reports:
            failures = report.get("failures_by_reason")
            if failures is not None and not isinstance(failures, Mapping):
                raise ValueError(f"snapshots of {source}: failures_by_reason is not a mapping")
            rows.append(
                {
                    "source": source,
                    "snapshot": str(report.get("snapshot") or ""),
                    **{name: _count(source, report, name) for name in REPORTED},
                    "failures": None
                    if failures is None
                    else [
                        {"reason": str(reason), "n": _count(source, failures, reason)}
                        for reason in failures
                    ],
                }
            )
    schema = {
        "source": pl.String(),
        "snapshot": pl.String(),
        **dict.fromkeys(REPORTED, pl.UInt32()),
        "failures": pl.List(FAILURE),
    }
    failed = pl.col("failures").list.eval(pl.element().struct.field("n")).list.sum()
    return pl.DataFrame(rows, schema=schema).with_columns(failed=failed.cast(pl.UInt32))


def _all_or_null(column: str | pl.Expr) -> pl.Expr:
    """The sum over the source's snapshots, null when one of them lacks the count."""
    expr = pl.col(column) if isinstance(column, str) else column
    return pl.when(expr.is_null().any()).then(None).otherwise(expr.sum()).cast(pl.UInt32)


def crawl_counts(snapshots: Mapping[str, Any]) -> pl.LazyFrame:
    """Per source, the crawl reports of its snapshots added up (CRAWL_SCHEMA).

    ``n_listed``: releases discovery listed in the date window (``releases_listed``: each
    snapshot counts those no earlier snapshot holds, so the sum counts each once);
    ``n_declared``: the total the site declared in its newest snapshot that reports one (API
    total, X-WP-Total); ``n_fetched``: releases fetched (``releases_fetched``, which counts the
    records of an API whose list carries whole articles; ``release_pages_archived`` for an older
    report without it); ``n_failed``: every ledger entry of every snapshot, pages flagged but
    archived and index pages included, with ``failed_by_reason`` the same by reason;
    ``n_lost``: ledger entries not archived at all."""
    rows = _snapshot_rows(snapshots)
    by_reason = (
        rows.select("source", "failures")
        .explode("failures")
        .unnest("failures")
        .drop_nulls("reason")
        .group_by("source", "reason")
        .agg(pl.col("n").sum())
        .group_by("source")
        .agg(failed_by_reason=pl.struct("reason", "n").sort_by("reason"))
    )
    return (
        rows.lazy()
        .group_by("source")
        .agg(
            n_snapshots=pl.len().cast(pl.UInt32),
            n_listed=_all_or_null("releases_listed"),
            n_declared=pl.col("declared_total").sort_by("snapshot").drop_nulls().last(),
            n_fetched=_all_or_null(pl.coalesce("releases_fetched", "release_pages_archived")),
            n_failed=_all_or_null("failed"),
            n_lost=_all_or_null("lost"),
            reported=pl.col("failures").is_not_null().all(),
        )
        .join(by_reason.lazy(), on="source", how="left")
        .with_columns(
            failed_by_reason=pl.when("reported").then(
                pl.col("failed_by_reason").fill_null(pl.lit([], pl.List(FAILURE)))
            )
        )
        .select(CRAWL_SCHEMA.names())
        .cast(dict(CRAWL_SCHEMA))
    )


def completeness(
    releases: pl.LazyFrame, snapshots: Mapping[str, Any] | None = None
) -> pl.LazyFrame:
    """Per source (COMPLETENESS_SCHEMA, then ``share_<field>``): the crawl counts of
    ``crawl_counts`` when ``snapshots`` (a manifest's, see ``read_snapshots``) is given, else
    null; ``n_releases``, ``n_extracted`` (title, date and body present), ``n_undated``,
    ``n_backfilled`` (of the releases, those taken from a web archive), and the share of
    releases with each field present.

    A source with snapshots but no release has a row with 0 releases and null shares (a
    silent source is shown, not dropped)."""
    schema = require_columns(releases, COLUMNS, "the releases")
    fields = [name for name in FIELDS if name in schema and name != "source"]
    extracted = pl.all_horizontal(present(name, schema[name]) for name in EXTRACTED_FIELDS)
    # Dating needs the newest fetch time of the whole frame: on its own few columns, so the
    # streaming engine does not hold the bodies until it is known.
    dating = [name for name in DATING if name in schema]
    undated = (
        with_local_time(releases.select(dating))
        .group_by("source")
        .agg(n_undated=pl.col("undated").is_not_null().sum())
    )
    # A corpus from before backfills has no capture_source: all crawled.
    backfilled = (
        pl.col("capture_source").cast(pl.String).is_in(ARCHIVED).sum()
        if "capture_source" in schema
        else pl.lit(0)
    )
    per_source = (
        releases.group_by("source")
        .agg(
            n_releases=pl.len(),
            n_extracted=extracted.sum(),
            n_backfilled=backfilled,
            **{f"share_{name}": present(name, schema[name]).mean() for name in fields},
        )
        .join(undated, on="source", nulls_equal=True)
        .cast({**dict(EXTRACTION_SCHEMA), **{f"share_{name}": pl.Float64 for name in fields}})
    )
    crawl = pl.LazyFrame(schema=CRAWL_SCHEMA) if snapshots is None else crawl_counts(snapshots)
    # With a manifest, a source it does not name had no snapshot.
    snapshotted = pl.col("n_snapshots").fill_null(0) if snapshots is not None else pl.lit(None)
    return (
        crawl.join(per_source, on="source", how="full", coalesce=True, nulls_equal=True)
        .with_columns(
            pl.col(EXTRACTION_SCHEMA.names()).fill_null(0),
            n_snapshots=snapshotted.cast(pl.UInt32),
        )
        .select(*COMPLETENESS_SCHEMA.names(), *(f"share_{name}" for name in fields))
        .sort("source", nulls_last=True)
    )
