"""Content codings of stored payloads (gzip, deflate, br, zstd), undone with a bound: a stored
page can be a decompression bomb."""

from __future__ import annotations

import gzip
import sys
import zlib
from io import BytesIO

import brotli

if sys.version_info >= (3, 14):
    from compression.zstd import ZstdFile
else:
    from backports.zstd import ZstdFile

MAX_CONTENT_BYTES = 64 * 2**20
_CHUNK = 64 * 1024


class ContentTooLarge(ValueError):
    pass


def _grow(out: bytearray, piece: bytes, limit: int) -> None:
    out += piece
    if len(out) > limit:
        raise ContentTooLarge(f"decodes to more than {limit} bytes")


def _read_stream(stream, limit: int) -> bytes:
    """Read a decompressing file object in chunks; a truncated payload gives what it holds."""
    out = bytearray()
    while True:
        try:
            piece = stream.read(_CHUNK)
        except EOFError:
            break
        if not piece:
            break
        _grow(out, piece, limit)
    return bytes(out)


def _inflate(data: bytes, limit: int) -> bytes:
    # 'deflate' is zlib-wrapped by the standard, raw deflate from some servers.
    try:
        zlib.decompressobj().decompress(data[:64])
        inflater = zlib.decompressobj()
    except zlib.error:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    out = bytearray()
    _grow(out, inflater.decompress(data, _CHUNK), limit)
    while inflater.unconsumed_tail and not inflater.eof:
        _grow(out, inflater.decompress(inflater.unconsumed_tail, _CHUNK), limit)
    return bytes(out)


def _unbrotli(data: bytes, limit: int) -> bytes:
    decompressor = brotli.Decompressor()
    out = bytearray()
    _grow(out, decompressor.process(data, output_buffer_limit=_CHUNK), limit)
    while not decompressor.is_finished():
        piece = decompressor.process(b"", output_buffer_limit=_CHUNK)
        if not piece:
            break
        _grow(out, piece, limit)
    return bytes(out)


DECODERS = {
    "gzip": lambda data, limit: _read_stream(gzip.GzipFile(fileobj=BytesIO(data)), limit),
    "x-gzip": lambda data, limit: _read_stream(gzip.GzipFile(fileobj=BytesIO(data)), limit),
    "deflate": _inflate,
    "br": _unbrotli,
    "zstd": lambda data, limit: _read_stream(ZstdFile(BytesIO(data)), limit),
}


def decode(body: bytes, content_encoding: str | None, limit: int = MAX_CONTENT_BYTES) -> bytes:
    """``body`` with the codings of a Content-Encoding header undone, last applied first."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    for coding in reversed([c for c in codings if c and c != "identity"]):
        if coding not in DECODERS:
            raise ValueError(f"unsupported Content-Encoding {coding!r}")
        body = DECODERS[coding](body, limit)
    return body
