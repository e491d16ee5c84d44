"""WARC files: deterministic writing with a record index, and reading stored responses.

Record ids are derived from record content and dates are passed in, so replaying the same
archive writes the same bytes (warcio's gzip members carry no timestamp).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import polars as pl
from warcio.archiveiterator import ArchiveIterator
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
    body: bytes
    fetched_at: datetime | None  # None for a page saved outside a crawl
    warc_file: Path
    offset: int

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def mime(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()


class ArchiveWriter:
    """Writes request/response pairs to rotating ``<prefix>-NNNNN.warc.gz`` files.

    A file is written as ``.warc.gz.open`` and renamed on close, so a crash never leaves a
    file that looks complete. ``index.parquet`` lists every response record.
    """

    def __init__(
        self, directory: Path, prefix: str, info: dict[str, str], max_bytes: int = 512 * 2**20
    ):
        self.directory = directory
        self.prefix = prefix
        self.info = info
        self.max_bytes = max_bytes
        self.index: list[dict] = []
        self._number = 0
        self._file = None
        self._writer: WARCWriter | None = None
        directory.mkdir(parents=True, exist_ok=True)
        existing = [p for p in directory.iterdir() if p.name.startswith(f"{prefix}-")]
        if existing:
            raise FileExistsError(
                f"{directory} already holds WARC files of {prefix!r} ({existing[0].name}); "
                "choose an empty output folder so nothing collected is overwritten"
            )

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
        content_type = response.http_headers.get_header("Content-Type") or ""
        self.index.append({
            "url": url, "status": status, "mime": content_type.split(";")[0].strip().lower(),
            "payload_digest": response.rec_headers.get_header("WARC-Payload-Digest"),
            "warc_file": self._name, "offset": offset, "length": length,
            "fetched_at": fetched_at.astimezone(UTC),
        })  # fmt: skip
        if self._file.tell() >= self.max_bytes:
            self._close_file()

    def close(self) -> None:
        self._close_file()
        index = pl.DataFrame(self.index, schema=INDEX_SCHEMA, orient="row")
        index.sort("warc_file", "offset").write_parquet(self.directory / "index.parquet")


def warc_files(directory: Path) -> list[Path]:
    """Closed WARC files under a folder; '.open' files are partial and never read."""
    return sorted(p for p in directory.rglob("*") if p.name.endswith(WARC_SUFFIXES))


def _stored(record: ArcWarcRecord, body: bytes, path: Path, offset: int) -> StoredResponse:
    http = record.http_headers
    return StoredResponse(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        status=int(http.get_statuscode()),
        headers=http.headers,
        body=body,
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
                body = record.content_stream().read()  # before the offset, which skips to the end
                yield _stored(record, body, path, records.get_record_offset())


def read_response(path: Path, offset: int) -> StoredResponse:
    with open(path, "rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        return _stored(record, record.content_stream().read(), path, offset)
