"""What the measures count and read: a release as a document, or as a story (its duplicate
cluster: a release and its reposts are one story); and the columns a measure needs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import polars as pl

Count = Literal["clusters", "documents"]


def story(count: Count = "clusters") -> pl.Expr:
    """What one release counts as: its duplicate cluster (itself when it has none), or itself."""
    if count == "clusters":
        return pl.coalesce("dup_cluster", "doc_id")
    if count == "documents":
        return pl.col("doc_id")
    raise ValueError(f"count must be 'clusters' or 'documents', not {count!r}")


def require_columns(frame: pl.LazyFrame, columns: Iterable[str], what: str) -> pl.Schema:
    """The frame's schema; a ValueError naming ``what`` and the columns it lacks."""
    schema = frame.collect_schema()
    missing = [name for name in dict.fromkeys(columns) if name not in schema]
    if missing:
        raise ValueError(f"{what} lacks the column(s) {', '.join(missing)}")
    return schema
