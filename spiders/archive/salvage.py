"""Salvage of a WARC file a killed crawl left open: its whole records are kept, the rest cut."""

from __future__ import annotations

import zlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator


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
