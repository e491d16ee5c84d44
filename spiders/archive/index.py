"""The record index: one row per response record (``index.parquet`` beside the WARC files of a
snapshot), and where the newest capture of each URL is."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from siaran.spiders.archive.reader import StoredResponse, parse_warc_date, read_response, warc_files
from siaran.spiders.archive.salvage import WholeRecords

log = logging.getLogger(__name__)

INDEX_SCHEMA = pl.Schema(
    {
        "url": pl.String(),
        "status": pl.UInt16(),
        "mime": pl.String(),
        "payload_digest": pl.String(),
        "warc_file": pl.String(),
        "offset": pl.UInt64(),
        "length": pl.UInt64(),
        "fetched_at": pl.Datetime("us", "UTC"),
    }
)
Location = tuple[Path, int]  # WARC file, offset of the record


def index_row(record: ArcWarcRecord, warc_file: str, offset: int, length: int) -> dict:
    http = record.http_headers
    content_type = http.get_header("Content-Type") or ""
    return {
        "url": record.rec_headers.get_header("WARC-Target-URI"),
        "status": int(http.get_statuscode()),
        "mime": content_type.split(";")[0].strip().lower(),
        "payload_digest": record.rec_headers.get_header("WARC-Payload-Digest"),
        "warc_file": warc_file,
        "offset": offset,
        "length": length,
        "fetched_at": parse_warc_date(record.rec_headers.get_header("WARC-Date")),
    }


def _scan(path: Path) -> Iterator[tuple[str, dict]]:
    """(record type, index row) of the response and revisit records of one WARC file."""
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type in ("response", "revisit") and record.http_headers is not None:
                offset, length = records.get_record_offset(), records.get_record_length()
                yield record.rec_type, index_row(record, path.name, offset, length)


def index_rows(path: Path) -> list[dict]:
    """Index rows of the response records of one WARC file (any writer's)."""
    return [row for kind, row in _scan(path) if kind == "response"]


def newest_captures(
    files: list[Path], keep: Callable[[dict], bool] = lambda row: True
) -> dict[str, Location]:
    """Canonical URL -> where the payload of its newest kept capture is, over WARC files.

    A revisit record (a capture whose payload an earlier record holds, as wget, Heritrix and
    Browsertrix write them) points to the response record with the same payload digest.
    """
    candidates, originals, revisits = [], {}, []
    for path in files:
        for kind, row in _scan(path):
            if kind == "revisit":
                revisits.append(row)
                continue
            originals.setdefault(row["payload_digest"], (path, row["offset"]))
            candidates.append((row, (path, row["offset"])))
    candidates += [
        (row, originals[row["payload_digest"]])
        for row in revisits
        if row["payload_digest"] in originals
    ]
    locations: dict[str, Location] = {}
    captured: dict[str, datetime] = {}
    for row, location in candidates:
        key = canonicalize_url(row["url"])
        if keep(row) and (key not in captured or row["fetched_at"] >= captured[key]):
            captured[key] = row["fetched_at"]
            locations[key] = location
    return locations


UNREADABLE = "unreadable_record"


def unreadable(path: Path, offset: int, detail: str) -> dict:
    """A ledger row for what cannot be read from ``offset`` of a WARC file."""
    return {"warc_file": str(path), "offset": offset, "reason": UNREADABLE, "detail": detail}


@dataclass
class ArchiveScan:
    """Every response record under a folder, ``warc_file`` a full path, and what could not be
    read (``unreadable`` rows)."""

    index: pl.DataFrame
    unreadable: list[dict] = field(default_factory=list)


def rescan(path: Path) -> tuple[list[dict], list[dict]]:
    """Index rows of a WARC file read record by record: its whole records up to any damage,
    and an ``unreadable`` row for the damage."""
    walk = WholeRecords(path)
    rows = [
        index_row(record, path.name, offset, length)
        for record, offset, length in walk
        if record.rec_type == "response" and record.http_headers is not None
    ]
    damage = [] if walk.damage is None else [unreadable(path, walk.end, walk.damage)]
    return rows, damage


def index_disagrees(path: Path, rows: pl.DataFrame) -> str | None:
    """Why the index rows of one WARC file cannot be trusted, or None: the index must list the
    file, every record inside it, and no response record may follow the last it lists."""
    if rows.is_empty():
        return "index.parquet does not list it"
    end = (rows["offset"] + rows["length"]).max()
    size = path.stat().st_size
    if end > size:
        return f"index.parquet lists records up to byte {end} of its {size}"
    tail = WholeRecords(path, start=end)
    if any(record.rec_type in ("response", "revisit") for record, _, _ in tail):
        return "it holds records index.parquet does not list"
    return f"it is damaged after byte {tail.end}" if tail.damage else None


def _read_index(folder: Path) -> pl.DataFrame:
    """A snapshot's ``index.parquet``; empty when it is missing or is no record index (cut by
    a crash while written, or damaged)."""
    try:
        frame = pl.read_parquet(folder / "index.parquet")
        return frame.select(INDEX_SCHEMA.names()).cast(dict(INDEX_SCHEMA))
    except (OSError, pl.exceptions.PolarsError):
        return INDEX_SCHEMA.to_frame()


def snapshot_index(folder: Path) -> ArchiveScan:
    """The response records of the WARC files directly in ``folder``: its ``index.parquet``
    rows for each file the index agrees with, the file read record by record otherwise (a
    crawl killed before it wrote its index, another tool's files, a damaged file)."""
    index = _read_index(folder)
    frames, damaged = [], []
    for path in [path for path in warc_files(folder) if path.parent == folder]:
        rows = index.filter(pl.col("warc_file") == path.name)
        why = index_disagrees(path, rows)
        if why:
            if not index.is_empty():
                log.warning("%s: %s; reading it record by record", path, why)
            found, damage = rescan(path)
            rows, damaged = pl.DataFrame(found, schema=INDEX_SCHEMA, orient="row"), damaged + damage
        frames.append(rows)
    index = pl.concat(frames) if frames else INDEX_SCHEMA.to_frame()
    return ArchiveScan(
        index.with_columns(warc_file=pl.lit(f"{folder}/") + pl.col("warc_file")), damaged
    )


def scan_archive(directory: Path) -> ArchiveScan:
    """Every response record under a folder (all snapshots), checked against the files."""
    scans = [snapshot_index(folder) for folder in sorted({p.parent for p in warc_files(directory)})]
    return ArchiveScan(
        pl.concat([scan.index for scan in scans]) if scans else INDEX_SCHEMA.to_frame(),
        [row for scan in scans for row in scan.unreadable],
    )


def archive_index(directory: Path) -> pl.DataFrame:
    """Every readable response record under a folder (all snapshots), ``warc_file`` a full
    path."""
    return scan_archive(directory).index


class CrawlFolder:
    """A source's crawl folder, every snapshot of it: the newest good capture of each page,
    with the fetch times of the earlier ones."""

    def __init__(self, directory: Path):
        scan = scan_archive(directory)
        if scan.index.is_empty() and not scan.unreadable:
            raise FileNotFoundError(f"{directory}: no WARC files")
        self.index = scan.index
        self.unreadable = scan.unreadable
        self.captures = (
            scan.index.filter(pl.col("status").is_between(200, 299))
            .sort("fetched_at", "warc_file", "offset")
            .group_by("url", maintain_order=True)
            .agg(
                pl.col("warc_file", "offset", "mime", "fetched_at").last(),
                earlier_captures=pl.col("fetched_at").slice(0, pl.len() - 1),
            )
        )
        newest = self.captures.select("url", "warc_file", "offset").iter_rows()
        self._locations = {
            canonicalize_url(url): (Path(path), offset) for url, path, offset in newest
        }

    def get(self, url: str) -> StoredResponse | None:
        location = self._locations.get(canonicalize_url(url))
        return read_response(*location) if location else None
