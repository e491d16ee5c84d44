"""WARC files: deterministic writing with a record index, and reading stored responses.

Record ids are derived from record content and dates are passed in, so replaying the same
archive writes the same bytes (warcio's gzip members carry no timestamp).
"""

from __future__ import annotations

import hashlib
import re
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import polars as pl
from scrapy.utils._compression import _inflate, _unbrotli, _unzstd
from scrapy.utils.gz import gunzip
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from spiders.release import UTC_TIMESTAMP

INDEX_SCHEMA = pl.Schema({
    "url": pl.String(),
    "status": pl.UInt16(),
    "mime": pl.String(),
    "payload_digest": pl.String(),
    "warc_file": pl.String(),
    "offset": pl.UInt64(),
    "length": pl.UInt64(),
    "fetched_at": UTC_TIMESTAMP,
})  # fmt: skip
WARC_SUFFIXES = (".warc.gz", ".warc")
# Content codings, decoded with Scrapy's bounded decompressors (a stored page can be a bomb).
DECODERS = {"gzip": gunzip, "x-gzip": gunzip, "deflate": _inflate, "br": _unbrotli,
            "zstd": _unzstd}  # fmt: skip
MAX_CONTENT_BYTES = 64 * 2**20


def warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_warc_date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _record_id(*parts: str) -> str:
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).digest()
    return uuid.UUID(bytes=digest[:16], version=5).urn.join("<>")


@dataclass
class StoredResponse:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes  # the payload as sent: de-chunked, content codings (gzip, br...) kept
    fetched_at: datetime | None  # None for a page saved outside a crawl
    warc_file: Path
    offset: int

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def content(self) -> bytes:
        """The payload with its content codings undone."""
        content = self.body
        codings = [c.strip().lower() for c in (self.header("content-encoding") or "").split(",")]
        for coding in reversed([c for c in codings if c and c != "identity"]):
            if coding not in DECODERS:
                raise ValueError(f"{self.url}: unsupported Content-Encoding {coding!r}")
            content = DECODERS[coding](content, max_size=MAX_CONTENT_BYTES)
        return content

    @property
    def mime(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()


class ArchiveWriter:
    """Writes request/response pairs to rotating ``<prefix>-NNNNN.warc.gz`` files.

    A file is written as ``.warc.gz.open`` and renamed on close, so a crash never leaves a
    file that looks complete. ``index.parquet`` lists every response record of the folder:
    files of an interrupted crawl that is resumed here (salvaged first) are kept and indexed,
    and numbering goes on after them.
    """

    def __init__(
        self, directory: Path, prefix: str, info: dict[str, str], max_bytes: int = 512 * 2**20
    ):
        self.directory = directory
        self.prefix = prefix
        self.info = info
        self.max_bytes = max_bytes
        self._file = None
        self._writer: WARCWriter | None = None
        directory.mkdir(parents=True, exist_ok=True)
        if any(directory.glob("*.open")):
            raise FileExistsError(f"{directory} holds partly written WARC files; salvage them")
        existing = [p for p in warc_files(directory) if p.parent == directory]
        self.index: list[dict] = [row for path in existing for row in index_rows(path)]
        numbers = [int(m[1]) for p in existing if (m := re.search(r"-(\d+)\.warc", p.name))]
        self._number = max(numbers, default=-1) + 1

    @property
    def _name(self) -> str:
        return f"{self.prefix}-{self._number:05d}.warc.gz"

    def _open(self, date: str) -> WARCWriter:
        if self._writer is None:
            self._file = open(self.directory / f"{self._name}.open", "wb")  # noqa: SIM115
            self._writer = WARCWriter(self._file, gzip=True)
            payload = "".join(f"{k}: {v}\r\n" for k, v in self.info.items()).encode()
            self._writer.write_record(
                self._writer.create_warc_record(
                    self._name,
                    "warcinfo",
                    payload=BytesIO(payload),
                    warc_content_type="application/warc-fields",
                    warc_headers_dict={
                        "WARC-Date": date,
                        "WARC-Record-ID": _record_id("warcinfo", self._name, date),
                    },
                )
            )
        return self._writer

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
            (self.directory / f"{self._name}.open").rename(self.directory / self._name)
            self._file, self._writer = None, None
            self._number += 1

    def write(
        self,
        url: str,
        status: int,
        reason: str,
        headers: list[tuple[str, str]],
        body: bytes,
        request_headers: list[tuple[str, str]],
        fetched_at: datetime,
        method: str = "GET",
    ) -> None:
        date = warc_date(fetched_at)
        writer = self._open(date)
        body_digest = hashlib.sha256(body).hexdigest()
        response_id = _record_id("response", url, date, body_digest)
        response = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            http_headers=StatusAndHeaders(
                f"{status} {reason}".strip(), headers, protocol="HTTP/1.1"
            ),
            warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": response_id},
        )
        path = url.split("://", 1)[-1].partition("/")[2]
        request = writer.create_warc_record(
            url,
            "request",
            http_headers=StatusAndHeaders(
                f"{method} /{path} HTTP/1.1", request_headers, is_http_request=True
            ),
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response_id,
                "WARC-Record-ID": _record_id("request", url, date),
            },
        )
        offset = self._file.tell()
        writer.write_record(response)
        length = self._file.tell() - offset
        writer.write_record(request)
        self._file.flush()  # a killed crawl loses at most the record being written
        self.index.append(_index_row(response, self._name, offset, length))
        if self._file.tell() >= self.max_bytes:
            self._close_file()

    def close(self) -> None:
        self._close_file()
        index = pl.DataFrame(self.index, schema=INDEX_SCHEMA, orient="row")
        index.sort("warc_file", "offset").write_parquet(self.directory / "index.parquet")


def _index_row(record: ArcWarcRecord, warc_file: str, offset: int, length: int) -> dict:
    http = record.http_headers
    content_type = http.get_header("Content-Type") or ""
    return {
        "url": record.rec_headers.get_header("WARC-Target-URI"),
        "status": int(http.get_statuscode()),
        "mime": content_type.split(";")[0].strip().lower(),
        "payload_digest": record.rec_headers.get_header("WARC-Payload-Digest"),
        "warc_file": warc_file, "offset": offset, "length": length,
        "fetched_at": parse_warc_date(record.rec_headers.get_header("WARC-Date")),
    }  # fmt: skip


def _scan(path: Path) -> Iterator[tuple[str, dict]]:
    """(record type, index row) of the response and revisit records of one WARC file."""
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type in ("response", "revisit") and record.http_headers is not None:
                offset, length = records.get_record_offset(), records.get_record_length()
                yield record.rec_type, _index_row(record, path.name, offset, length)


def index_rows(path: Path) -> list[dict]:
    """Index rows of the response records of one WARC file (any writer's)."""
    return [row for kind, row in _scan(path) if kind == "response"]


def newest_captures(files: list[Path], keep=lambda row: True) -> dict[str, tuple[Path, int]]:
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
    candidates += [(row, originals[row["payload_digest"]]) for row in revisits
                   if row["payload_digest"] in originals]  # fmt: skip
    locations: dict[str, tuple[Path, int]] = {}
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
            frame = pl.DataFrame([row for path in files for row in index_rows(path)],
                                 schema=INDEX_SCHEMA, orient="row")  # fmt: skip
        frames.append(frame.with_columns(warc_file=pl.lit(f"{folder}/") + pl.col("warc_file")))
    return pl.concat(frames) if frames else INDEX_SCHEMA.to_frame()


def _whole_member(data: bytes) -> bool:
    inflate = zlib.decompressobj(wbits=31)
    try:
        inflate.decompress(data)
    except zlib.error:
        return False
    return inflate.eof


def salvage(path: Path) -> Path | None:
    """Close a partly written ``*.warc.gz.open`` file of a killed crawl: keep its records up
    to the last one that is whole (complete gzip member, digests that check), cut the rest,
    and give it its final name. Returns that name, or None when no record was whole."""
    end = 0
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream, check_digests=True)
        try:
            for record in records:
                record.content_stream().read()
                offset, length = records.get_record_offset(), records.get_record_length()
                if record.digest_checker.passed is False or offset != end:
                    break
                stream_position = stream.tell()
                stream.seek(offset)
                whole = _whole_member(stream.read(length))
                stream.seek(stream_position)
                if not whole:
                    break
                end = offset + length
        except Exception:  # noqa: BLE001 - a torn record ends the salvage, whatever it raises
            pass
    if end == 0:
        path.unlink()
        return None
    with open(path, "r+b") as stream:
        stream.truncate(end)
    closed = path.with_name(path.name.removesuffix(".open"))
    path.rename(closed)
    return closed


def warc_files(directory: Path) -> list[Path]:
    """Closed WARC files under a folder; '.open' files are partial and never read."""
    return sorted(p for p in directory.rglob("*") if p.name.endswith(WARC_SUFFIXES))


def _payload(record: ArcWarcRecord) -> bytes:
    """The HTTP payload as sent, without chunked framing (some tools store it chunked)."""
    if (record.http_headers.get_header("Transfer-Encoding") or "").lower() == "chunked":
        return ChunkedDataReader(record.raw_stream).read()
    return record.raw_stream.read()


def _stored(record: ArcWarcRecord, path: Path, offset: int) -> StoredResponse:
    http = record.http_headers
    return StoredResponse(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        status=int(http.get_statuscode()),
        headers=http.headers,
        body=_payload(record),
        fetched_at=parse_warc_date(record.rec_headers.get_header("WARC-Date")),
        warc_file=path,
        offset=offset,
    )


def iter_responses(path: Path) -> Iterator[StoredResponse]:
    """Every HTTP response record of one WARC file, with its offset."""
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type == "response" and record.http_headers is not None:
                stored = _stored(record, path, 0)  # read before the offset, which skips to the end
                stored.offset = records.get_record_offset()
                yield stored


def read_response(path: Path, offset: int) -> StoredResponse:
    with open(path, "rb") as stream:
        stream.seek(offset)
        return _stored(next(iter(ArchiveIterator(stream))), path, offset)
