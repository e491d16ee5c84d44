"""A source's crawl folder: one snapshot folder per crawl.

    <out>/20261128T013700Z/  <source>-00000.warc.gz ..., index.parquet, failures.parquet,
                             crawl_report.json

A snapshot is named by its crawl's start in UTC; a replay crawl takes the newest capture of
the archive it replays instead, so replaying the same archive writes the same folder. A
snapshot whose report does not say ``finished`` (the crawl was killed or interrupted) is the
job the next crawl into the same folder resumes.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import polars as pl

from siaran.spiders.archive.index import archive_index
from siaran.spiders.archive.salvage import salvage

NAME_FORMAT = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^\d{8}T\d{6}Z$")
REPORT = "crawl_report.json"


def snapshots(out_dir: Path) -> list[Path]:
    """The snapshot folders, oldest first."""
    if not out_dir.is_dir():
        return []
    return sorted(p for p in out_dir.iterdir() if p.is_dir() and _NAME.match(p.name))


def report(snapshot: Path) -> dict:
    path = snapshot / REPORT
    return json.loads(path.read_text()) if path.exists() else {}


def finished(snapshot: Path) -> bool:
    return report(snapshot).get("finish_reason") == "finished"


def open_snapshot(out_dir: Path, started: datetime, replay: bool) -> tuple[Path, bool]:
    """The snapshot a crawl writes to, and whether it resumes an interrupted one (whose
    partly written WARC files are salvaged first).

    A finished snapshot is never overwritten, with one exception: a replay's own earlier
    replay of the same archive, which holds nothing the archive does not (``dvc repro`` replays
    again after a change to the crawl code).
    """
    unfinished = [s for s in snapshots(out_dir) if not finished(s)]
    if unfinished:
        snapshot = unfinished[-1]
        for partial in sorted(snapshot.glob("*.warc.gz.open")):
            salvage(partial)
        return snapshot, True
    snapshot = out_dir / started.strftime(NAME_FORMAT)
    if snapshot.exists():
        if not (replay and report(snapshot).get("mode") == "replay"):
            raise FileExistsError(
                f"snapshot {snapshot} already exists and is finished; nothing collected is "
                "overwritten"
            )
        shutil.rmtree(snapshot)
    snapshot.mkdir(parents=True)
    return snapshot, False


def archived_releases(out_dir: Path, is_release: Callable[[str], bool], exclude: Path) -> list[str]:
    """Release pages archived with a 2xx answer in the folder, outside snapshot ``exclude``."""
    index = archive_index(out_dir).filter(
        pl.col("status").is_between(200, 299), ~pl.col("warc_file").str.starts_with(f"{exclude}/")
    )
    return [url for url in index["url"].unique().sort() if is_release(url)]
