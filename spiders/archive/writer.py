"""Writing WARC files: request/response pairs, gzip per record, with a record index.

Record ids are derived from record content and dates are passed in, so replaying the same
archive writes the same bytes (warcio's gzip members carry no timestamp).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import polars as pl
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from siaran.spiders.archive.index import INDEX_SCHEMA, index_row, index_rows
from siaran.spiders.archive.reader import warc_files


def warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _record_id(*parts: str) -> str:
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).digest()
    return uuid.UUID(bytes=digest[:16], version=5).urn.join("<>")


class ArchiveWriter:
    """Writes request/response pairs to rotating ``<prefix>-NNNNN.warc.gz`` files.

    A file is written as ``.warc.gz.open`` and renamed on close, so a crash never leaves a
    file that looks complete. ``index.parquet`` lists every response record of the folder:
    files of an interrupted crawl that is resumed here (salvaged first) are kept and indexed,
    and numbering goes on after them.
    """

    def __init__(
        self,
        directory: Path,
        prefix: str,
        info: dict[str, str],
        max_bytes: int = 512 * 2**20,
        indexed: bool = True,
    ):
        self.directory = directory
        # False for a worker of a shared frontier: the last worker indexes every worker's files.
        self.indexed = indexed
        self.prefix = prefix
        self.info = info
        self.max_bytes = max_bytes
        self._file = None
        self._writer: WARCWriter | None = None
        directory.mkdir(parents=True, exist_ok=True)
        own = re.compile(rf"{re.escape(prefix)}-(\d+)\.warc(\.gz)?(\.open)?")
        found = [(p, m) for p in directory.iterdir() if (m := own.fullmatch(p.name))]
        # Another worker's open files are being written; an indexing writer is alone.
        if any(m[3] for _, m in found) or (indexed and any(directory.glob("*.open"))):
            raise FileExistsError(f"{directory} holds partly written WARC files; salvage them")
        existing = [p for p in warc_files(directory) if p.parent == directory] if indexed else []
        self.index: list[dict] = [row for path in existing for row in index_rows(path)]
        self._number = max((int(m[1]) for _, m in found), default=-1) + 1

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
        provenance: dict[str, str] | None = None,
    ) -> None:
        """``provenance``: extra headers of the response record (where a backfilled capture
        came from)."""
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
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Record-ID": response_id,
                **(provenance or {}),
            },
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
        if self.indexed:
            self.index.append(index_row(response, self._name, offset, length))
        if self._file.tell() >= self.max_bytes:
            self._close_file()

    def close(self) -> None:
        self._close_file()
        if not self.indexed:
            return
        index = pl.DataFrame(self.index, schema=INDEX_SCHEMA, orient="row")
        index.sort("warc_file", "offset").write_parquet(self.directory / "index.parquet")
