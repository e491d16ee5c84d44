"""Small corpora for the package and diff tests, built from the release schema: every field
gets a value of its type, so a field added to ``FIELDS`` needs no change here."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from siaran.spiders.release import RELEASE_SCHEMA

FETCHED = datetime(2024, 12, 15, 2, tzinfo=UTC)


def default(name: str, dtype: pl.DataType) -> Any:
    if isinstance(dtype, pl.List):
        return []
    if isinstance(dtype, pl.Struct):
        return {f.name: "site" for f in dtype.fields}
    if isinstance(dtype, pl.Enum):
        return dtype.categories[0]
    if isinstance(dtype, pl.Datetime):
        return FETCHED
    if isinstance(dtype, pl.Date):
        return date(2024, 7, 22)
    if dtype.is_integer():
        return 1
    return f"{name} value"


def release(doc_id: str, source: str = "mc_kalsel", **fields: Any) -> dict[str, Any]:
    row = {name: default(name, dtype) for name, dtype in RELEASE_SCHEMA.items()}
    return {
        **row,
        "doc_id": doc_id,
        "source": source,
        "province_code": "63",
        "timezone": "Asia/Makassar",
        "published_at": datetime(2024, 7, 22, 3, 30, tzinfo=UTC),
        "content_hash": f"hash of {doc_id}",
        "dup_cluster": doc_id,
        "extractor_version": "0.1.0+wordpress.2",
        **fields,
    }


def corpus(*rows: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=RELEASE_SCHEMA)


def extraction(folder: Path, snapshots: dict[str, list[dict[str, Any]]]) -> tuple[Path, Path]:
    """An extract folder's ``quality.json`` and the crawl reports of a raw folder, for the
    ``snapshots`` (source -> crawl reports) given; returns (extracted, raw)."""
    extracted, raw = folder / "extracted", folder / "raw"
    extracted.mkdir(parents=True)
    quality = {}
    for key, reports in snapshots.items():
        for said in reports:
            snapshot = raw / key / said["snapshot"]
            snapshot.mkdir(parents=True)
            (snapshot / "crawl_report.json").write_text(json.dumps({"source": key, **said}))
        quality[key] = {
            "releases": 1,
            "snapshots": [
                {k: said[k] for k in ("snapshot", "finish_reason", "mode")} for said in reports
            ],
        }
    (extracted / "quality.json").write_text(json.dumps(quality))
    return extracted, raw


def crawl_report(snapshot: str = "20241215T020000Z", mode: str = "replay", **said: Any) -> dict:
    return {
        "snapshot": snapshot,
        "mode": mode,
        "finish_reason": "finished",
        "requests": 77,
        "releases_listed": 73,
        "releases_fetched": 73,
        "release_pages_archived": 73,
        "retries": 0,
        "lost": 0,
        "failures_by_reason": {},
        "responses_by_status": {"200": 77},
        **said,
    }
