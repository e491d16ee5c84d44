"""A source's crawl folder: one snapshot folder per crawl.

    <out>/20261128T013700Z/  <source>-00000.warc.gz ..., index.parquet, failures.parquet,
                             crawl_report.json

A snapshot is named by its crawl's start in UTC; a replay crawl takes the newest capture of
the archive it replays instead, so replaying the same archive writes the same folder. A
snapshot whose report does not say ``finished`` (the crawl was killed or interrupted) is the
job the next crawl into the same folder resumes.
"""

from __future__ import annotations

import fcntl
import glob
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import polars as pl

from siaran.spiders.archive.index import archive_index, snapshot_index
from siaran.spiders.archive.salvage import salvage
from siaran.spiders.output import atomic_file

NAME_FORMAT = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^\d{8}T\d{6}Z$")
REPORT = "crawl_report.json"
LOCK = ".crawl.lock"


class CrawlFolderBusy(OSError):
    pass


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


def how_it_ended(snapshot: Path) -> dict:
    """A snapshot's name, its crawl's finish reason and mode (None without a report)."""
    said = report(snapshot)
    return {
        "snapshot": snapshot.name,
        "finish_reason": said.get("finish_reason"),
        "mode": said.get("mode"),
    }


def _is_file_at(handle, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), path.stat())
    except FileNotFoundError:
        return False


@contextmanager
def crawl_lock(out_dir: Path, name: str = LOCK) -> Iterator[None]:
    """Held while a crawl writes into its crawl folder, so a second crawl into the folder stops
    at once (the workers of a shared frontier each hold their own ``name``). The lock is the
    kernel's (``flock``): it ends with its process however that ends, so the lock file a
    killed crawl leaves blocks nothing."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / name
    while True:
        handle = open(path, "a+")  # noqa: SIM115 - held until the crawl ends
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise CrawlFolderBusy(
                f"crawl folder {out_dir} is in use by another crawl (process {holder}); "
                "wait for it to end, or stop it and run this crawl again to resume"
            ) from None
        # Its holder removes the file on release: lock the file at the path, not an old one.
        if _is_file_at(handle, path):
            break
        handle.close()
    handle.truncate(0)
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        handle.close()


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


def join_snapshot(
    out_dir: Path, started: datetime, claim: Callable[[str], str], prefix: str
) -> tuple[Path, bool]:
    """The snapshot the workers of a shared frontier write to, and whether this worker resumes
    its own part of it (it wrote WARC files there before): ``claim`` returns the crawl's (the
    first worker's proposal: the folder's unfinished snapshot, else a new one). Only this
    worker's own partly written WARC files (``prefix``) are salvaged: the others' are being
    written."""
    unfinished = [s for s in snapshots(out_dir) if not finished(s)]
    proposal = unfinished[-1].name if unfinished else started.strftime(NAME_FORMAT)
    snapshot = out_dir / claim(proposal)
    if finished(snapshot):
        raise FileExistsError(
            f"snapshot {snapshot} is finished, yet the frontier names it; nothing collected is "
            "overwritten"
        )
    own = f"{glob.escape(prefix)}-*.warc.gz"
    for partial in sorted(snapshot.glob(f"{own}.open")):
        salvage(partial)
    resumed = any(snapshot.glob(own))
    snapshot.mkdir(parents=True, exist_ok=True)
    return snapshot, resumed


def write_index(snapshot: Path) -> pl.DataFrame:
    """``index.parquet`` of every WARC file in the snapshot, whichever process wrote it; files
    a killed worker left open are salvaged first. Returns the index."""
    for partial in sorted(snapshot.glob("*.warc.gz.open")):
        salvage(partial)
    index = snapshot_index(snapshot).index.with_columns(
        pl.col("warc_file").str.strip_prefix(f"{snapshot}/")
    )
    index = index.sort("warc_file", "offset")
    with atomic_file(snapshot / "index.parquet") as partial:
        index.write_parquet(partial)
    return index


def archived_releases(out_dir: Path, is_release: Callable[[str], bool], exclude: Path) -> list[str]:
    """Release pages archived with a 2xx answer in the folder, outside snapshot ``exclude``."""
    index = archive_index(out_dir).filter(
        pl.col("status").is_between(200, 299), ~pl.col("warc_file").str.starts_with(f"{exclude}/")
    )
    return [url for url in index["url"].unique().sort() if is_release(url)]
