"""The record index: one row per response record (``index.parquet`` beside the WARC files of a
snapshot), and where the newest capture of each URL is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import polars as pl
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from siaran.spiders.archive.reader import StoredResponse, parse_warc_date, read_response, warc_files

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


def archive_index(directory: Path) -> pl.DataFrame:
    """Every response record under a folder (all snapshots), ``warc_file`` as a full path.

    A folder's ``index.parquet`` is used when it lists all its WARC files; otherwise (another
    tool's files, a crawl killed before it wrote its index) the files are read.
    """
    frames = []
    for folder in sorted({path.parent for path in warc_files(directory)}):
        files = [path for path in warc_files(folder) if path.parent == folder]
        index_file = folder / "index.parquet"
        frame = pl.read_parquet(index_file) if index_file.exists() else INDEX_SCHEMA.to_frame()
        # An index older than some of the files (a resumed crawl killed again) is not used.
        if not {path.name for path in files} <= set(frame["warc_file"]):
            rows = [row for path in files for row in index_rows(path)]
            frame = pl.DataFrame(rows, schema=INDEX_SCHEMA, orient="row")
        frames.append(frame.with_columns(warc_file=pl.lit(f"{folder}/") + pl.col("warc_file")))
    return pl.concat(frames) if frames else INDEX_SCHEMA.to_frame()


class CrawlFolder:
    """A source's crawl folder, every snapshot of it: the newest good capture of each page,
    with the fetch times of the earlier ones."""

    def __init__(self, directory: Path):
        index = archive_index(directory)
        if index.is_empty():
            raise FileNotFoundError(f"{directory}: no WARC files")
        self.captures = (
            index.filter(pl.col("status") == 200)
            .sort("fetched_at", "warc_file", "offset")
            .group_by("url", maintain_order=True)
            .agg(
                pl.col("warc_file", "offset", "mime").last(),
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
