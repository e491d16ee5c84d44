"""Whole records of a damaged WARC file, and salvage of a file a killed crawl left open: its
whole records are kept, the rest cut."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

_GZIP_MAGIC = b"\x1f\x8b"
_RECORD_END = b"\r\n\r\n"


def _whole(stream: BinaryIO, offset: int, length: int) -> bool:
    """Whether the record at ``offset`` is all there: a gzip member that ends, or an
    uncompressed record followed by the blank lines that end a record."""
    stream.seek(offset)
    data = stream.read(length)
    if not data.startswith(_GZIP_MAGIC):
        return stream.read(len(_RECORD_END)) == _RECORD_END
    inflate = zlib.decompressobj(wbits=31)
    try:
        inflate.decompress(data)
    except zlib.error:
        return False
    return inflate.eof


class WholeRecords:
    """The records of a WARC file from ``start``, up to the first that is not whole (a complete
    gzip member whose digests check, right after the one before), as (record, offset, length).

    warcio reads a cut record as if it were whole, so each is checked. After the walk, ``end``
    is where the whole records end and ``damage`` says what stopped it before the end of the
    file (None when the file is whole).
    """

    def __init__(self, path: Path, start: int = 0):
        self.path = path
        self.end = start
        self.damage: str | None = None

    def __iter__(self) -> Iterator[tuple[ArcWarcRecord, int, int]]:
        with open(self.path, "rb") as stream:
            stream.seek(self.end)
            records = ArchiveIterator(stream, check_digests=True)
            try:
                for record in records:
                    record.raw_stream.read()
                    offset, length = records.get_record_offset(), records.get_record_length()
                    self.damage = self._problem(stream, record, offset, length)
                    if self.damage:
                        return
                    self.end = offset + length
                    yield record, offset, length
            except Exception as problem:  # noqa: BLE001 - whatever a torn record raises
                self.damage = f"{type(problem).__name__}: {problem}"
                return
            size = stream.seek(0, 2)
            stream.seek(self.end)
            if stream.read(2 * len(_RECORD_END)).strip(b"\r\n"):
                self.damage = f"{size - self.end} bytes after the last whole record are no record"

    def _problem(
        self, stream: BinaryIO, record: ArcWarcRecord, offset: int, length: int
    ) -> str | None:
        if record.digest_checker.passed is False:
            return "its digest does not match its content"
        position = stream.tell()
        stream.seek(self.end)
        gap = stream.read(offset - self.end)
        whole = _whole(stream, offset, length)
        stream.seek(position)
        if gap.strip(b"\r\n"):  # blank lines end the uncompressed record before
            return f"{len(gap)} bytes before the next record are no record"
        return None if whole else "it is cut or its gzip member is corrupt"


def salvage(path: Path) -> Path | None:
    """Close a partly written ``*.warc.gz.open`` file of a killed crawl: keep its records up
    to the last one that is whole, cut the rest, and give it its final name. Returns that name,
    or None when no record was whole."""
    walk = WholeRecords(path)
    for _ in walk:
        pass
    if walk.end == 0:
        path.unlink()
        return None
    with open(path, "r+b") as stream:
        stream.truncate(walk.end)
    closed = path.with_name(path.name.removesuffix(".open"))
    path.rename(closed)
    return closed
