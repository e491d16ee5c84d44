"""Reading WARC files: the stored HTTP responses, from any writer (siaran, wget, Browsertrix)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.recordloader import ArcWarcRecord

from siaran.spiders.archive.content import decode

WARC_SUFFIXES = (".warc.gz", ".warc")
# Response-record header naming the web archive a backfilled capture came from.
ARCHIVE_HEADER = "Siaran-Archive"


def parse_warc_date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


@dataclass
class StoredResponse:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes  # the payload as sent: de-chunked, content codings (gzip, br...) kept
    fetched_at: datetime | None  # None for a page saved outside a crawl
    warc_file: Path
    offset: int
    archive: str | None = None  # the web archive of a backfilled capture ('wayback', ...)
    payload_digest: str | None = None  # WARC-Payload-Digest, when the record has one

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def content(self) -> bytes:
        """The payload with its content codings undone."""
        try:
            return decode(self.body, self.header("content-encoding"))
        except ValueError as problem:
            raise ValueError(f"{self.url}: {problem}") from None

    @property
    def mime(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()


def warc_files(directory: Path) -> list[Path]:
    """Closed WARC files under a folder; '.open' files are partial and never read."""
    return sorted(p for p in directory.rglob("*") if p.name.endswith(WARC_SUFFIXES))


def record_payload(record: ArcWarcRecord) -> bytes:
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
        body=record_payload(record),
        fetched_at=parse_warc_date(record.rec_headers.get_header("WARC-Date")),
        warc_file=path,
        offset=offset,
        archive=record.rec_headers.get_header(ARCHIVE_HEADER),
        payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
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
