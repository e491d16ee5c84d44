"""Crawl folders made without a crawl: a source's replica archive as one snapshot with the
report its replay would write, for tests of what extraction makes of an archive."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl

from siaran.spiders.archive.snapshot import REPORT
from siaran.spiders.registry.source import get_source

SNAPSHOT = "20241215T020000Z"


def crawl_folder(
    replica: Path, key: str, raw: Path, finish_reason: str | None = "finished"
) -> Path:
    """``raw/<key>/<SNAPSHOT>/`` holding the replica's WARC files and index, and a crawl report
    saying ``finish_reason`` (none when None); the snapshot."""
    snapshot = raw / key / SNAPSHOT
    shutil.copytree(replica / key, snapshot)
    index = pl.read_parquet(snapshot / "index.parquet")
    archived = index.filter(pl.col("status").is_between(200, 299))["url"]
    if finish_reason is not None:
        report = {
            "source": key,
            "mode": "replay",
            "snapshot": SNAPSHOT,
            "finish_reason": finish_reason,
            "release_pages_archived": sum(map(get_source(key).is_release_url, archived)),
        }
        (snapshot / REPORT).write_text(json.dumps(report))
    return snapshot
