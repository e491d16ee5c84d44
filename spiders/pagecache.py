"""The extract stage's page cache: what a source's page object found in a stored response, kept
so that extracting the archive again reads only what is new.

An entry is keyed by the response (its URL, the content headers that decide how its bytes are
read, and the WARC payload digest, computed from the payload when the record has none) and
lives in a file of the source's *page fingerprint*: a hash of the page object's module, of
every module of ``siaran.spiders`` it imports (transitively), of the data files beside them,
of the source's registry entry and of the versions of the libraries they import. A change to
one page object changes the fingerprint of the sources it reads, and only theirs.

    <cache>/<source>/<fingerprint>-<sha256 of the file, 16 hex digits>.parquet

The file's name carries the hash of its bytes: a file that does not match its name (damaged,
cut short, edited) is ignored with a warning and built again, never trusted. Entries hold the
page rows (``extract.page_rows``): nothing that depends on the capture (fetch time, WARC file
and offset, earlier captures, the plausibility of a date), which the stage adds to every row,
cached or not. A page object that reads other responses (a list API's detail records) has
their keys in ``lookups``; the entry holds only while each still has the same key.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module, metadata
from pathlib import Path

import polars as pl

from siaran.spiders.archive.reader import StoredResponse
from siaran.spiders.code import ROOT, code_closure
from siaran.spiders.registry.source import Source

log = logging.getLogger(__name__)

CACHE_FORMAT = "1"  # the layout of a cache file; a new layout makes every file stale
PACKAGE = "siaran.spiders"
# Modules page_rows runs besides the page object's: decoding, the row's derived columns.
SHARED = ("siaran.spiders", "siaran.spiders.parse.charset", "siaran.spiders.release")
LOOKUP = pl.Struct({"url": pl.String(), "key": pl.String()})


def record_digest(stored: StoredResponse) -> str:
    """The record's WARC-Payload-Digest, or the same digest of its payload when it has none
    (another tool's WARC files may lack it)."""
    if stored.payload_digest:
        return stored.payload_digest
    return "sha1:" + base64.b32encode(hashlib.sha1(stored.body).digest()).decode()


def response_key(stored: StoredResponse) -> str:
    """What decides a page object's reading of a response: its URL, its content headers and
    its payload."""
    parts = (
        stored.url,
        stored.header("content-type") or "",
        stored.header("content-encoding") or "",
        record_digest(stored),
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


@cache
def _distributions() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def _versions(packages: set[str]) -> list[str]:
    installed = _distributions()
    dists = sorted({dist for name in packages for dist in installed.get(name, [])})
    return [f"{dist}=={metadata.version(dist)}" for dist in dists]


def page_fingerprint(source: Source) -> str:
    """16 hex digits naming the code and data that read ``source``'s pages."""
    module = import_module(f"{PACKAGE}.pages.{source.page}").__name__
    files, others = code_closure((module, *SHARED), ROOT)
    python = ".".join(map(str, sys.version_info[:2]))
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{python}\0{source!r}\0".encode())
    for version in _versions(others):
        digest.update(version.encode() + b"\0")
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()[:16]


@dataclass
class SourceCache:
    """One source's cache file for one fingerprint: which keys it holds, and which of them were
    served (``hits``) or extracted afresh in this run."""

    folder: Path  # <cache>/<source>
    fingerprint: str
    schema: pl.Schema  # of the page rows, with key, n (the row's place in its page), lookups
    path: Path | None = None  # the trusted file, if any
    keys: set[str] = field(default_factory=set)
    lookups: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    extracted: int = 0  # pages read by the page object in this run

    def load(self) -> SourceCache:
        """Trust the source's file for this fingerprint only when its bytes match its name and
        its columns the page rows'; warn about any other and build it again."""
        for path in sorted(self.folder.glob(f"{self.fingerprint}-*.parquet")):
            problem = self._problem(path)
            if problem:
                log.warning("%s: %s; ignored, its pages are extracted again", path, problem)
                continue
            frame = pl.read_parquet(path, columns=["key", "lookups"]).unique("key")
            self.path, self.keys = path, set(frame["key"])
            self.lookups = {
                key: [(item["url"], item["key"]) for item in items]
                for key, items in frame.filter(pl.col("lookups").list.len() > 0).iter_rows()
            }
            break
        return self

    def _problem(self, path: Path) -> str | None:
        if _file_hash(path) != path.stem.rsplit("-", 1)[-1]:
            return "damaged (its bytes do not match the hash in its name)"
        try:
            schema = pl.read_parquet_schema(path)
        except (OSError, pl.exceptions.PolarsError) as problem:
            return f"not a readable Parquet file ({type(problem).__name__})"
        if schema != self.schema:
            return "not a cache file of this version (other columns)"
        return None

    def serves(self, key: str, lookup: Callable[[str], StoredResponse | None]) -> bool:
        """Whether the entry of ``key`` holds: present, and every response its page object
        read then has the same key now. Counts it as a hit."""
        if key not in self.keys:
            return False
        for url, then in self.lookups.get(key, []):
            found = lookup(url)
            if (response_key(found) if found else None) != then:
                return False
        self.hits.append(key)
        return True

    def served_rows(self) -> pl.LazyFrame:
        """The cached rows of this run's hits."""
        if self.path is None or not self.hits:
            return self.schema.to_frame().lazy()
        hits = pl.DataFrame({"key": self.hits}, schema={"key": pl.String()}).lazy()
        return pl.scan_parquet(self.path).join(hits, on="key", how="semi")

    def store(self, fresh: pl.LazyFrame) -> None:
        """Replace the source's cache files with one holding this run's entries: those served
        and those extracted afresh (pages no longer in the archive drop out)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        rows = pl.concat([self.served_rows(), fresh]).sort("key", "n")
        partial = self.folder / f".{self.fingerprint}.partial"
        try:
            rows.sink_parquet(partial)
            final = self.folder / f"{self.fingerprint}-{_file_hash(partial)}.parquet"
            partial.replace(final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        for stale in self.folder.glob("*.parquet"):
            if stale != final:
                stale.unlink()


def recording(lookup: Callable[[str], StoredResponse | None]) -> tuple[Callable, list]:
    """``lookup``, and the (url, key) of every response it is asked for, in order."""
    asked: list[tuple[str, str | None]] = []

    def recorded(url: str) -> StoredResponse | None:
        found = lookup(url)
        asked.append((url, response_key(found) if found else None))
        return found

    return recorded, asked
