"""The release: one row per press release. The only definition of the document schema."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import polars as pl

UTC_TIMESTAMP = pl.Datetime("us", "UTC")
DATE_SOURCES = ("metadata", "page", "url", "dateline", "none", "implausible")
DUP_KINDS = ("exact", "near", "none")
CAPTURE_SOURCES = ("crawl", "wayback", "commoncrawl", "foreign")
# Captures a backfill took from a web archive, not a crawl of the site as it is.
ARCHIVED = ("wayback", "commoncrawl")

# name -> (dtype, description); order is column order in every Parquet file.
FIELDS: dict[str, tuple[pl.DataType, str]] = {
    "doc_id": (pl.String(), "16 hex digits of sha256(canonical_url)"),
    "source": (pl.String(), "registry key of the source"),
    "province_code": (pl.String(), "Kemendagri province code, e.g. '63'"),
    "url": (pl.String(), "URL the release was fetched from"),
    "canonical_url": (pl.String(), "the page's canonical URL, normalised"),
    "title": (pl.String(), "headline"),
    "published_at": (UTC_TIMESTAMP, "publication time in UTC; null when unknown"),
    "timezone": (pl.String(), "IANA zone of the publishing province"),
    "date_source": (pl.Enum(DATE_SOURCES), "where published_at came from"),
    "event_date": (pl.Date(), "date of the event named in the text, e.g. 'Senin (22/7/2024)'"),
    "body": (pl.String(), "plain text, paragraphs separated by a blank line"),
    "byline": (pl.String(), "byline as printed"),
    "byline_unit": (pl.String(), "press unit of the byline, e.g. 'MC Kalsel'"),
    "writers": (pl.List(pl.String()), "writers or reporters named in the byline"),
    "editors": (pl.List(pl.String()), "editors named in the byline ('Editor :', 'Redaktur :')"),
    "dateline_place": (pl.String(), "place of the opening dateline, title case"),
    "categories": (pl.List(pl.String()), "the site's categories"),
    "language": (pl.String(), "BCP 47 language of the page"),
    "images": (
        pl.List(pl.Struct({"src": pl.String(), "caption": pl.String(), "credit": pl.String()})),
        "photos with caption and credit (the byline a caption ends with)",
    ),
    "word_count": (pl.UInt32(), "words in body"),
    "content_hash": (pl.String(), "sha256 of the normalised body"),
    "dup_cluster": (pl.String(), "doc_id of the duplicate cluster's canonical member"),
    "dup_kind": (
        pl.Enum(DUP_KINDS),
        "how the release copies its cluster's canonical member: 'exact' (same normalised body), "
        "'near' (word-shingle Jaccard >= the threshold, directly or through a chain of copies), "
        "'none' (the canonical member itself, or a release alone)",
    ),
    "fetched_at": (UTC_TIMESTAMP, "WARC-Date of the response record"),
    "capture_source": (
        pl.Enum(CAPTURE_SOURCES),
        "who captured the page: our 'crawl', a backfill from 'wayback' or 'commoncrawl', or "
        "a 'foreign' WARC file (another tool's)",
    ),
    "earlier_captures": (
        pl.List(UTC_TIMESTAMP),
        "fetch times of earlier captures of the page in older snapshots, oldest first",
    ),
    "warc_file": (pl.String(), "WARC file holding the response"),
    "warc_offset": (pl.UInt64(), "byte offset of the response record in warc_file"),
    "extractor_version": (pl.String(), "page object and extractor version"),
    "extraction_path": (
        pl.Struct({g: pl.String() for g in ("title", "date", "body", "byline")}),
        "what produced each field group: 'site' selectors or a generic path",
    ),
}

RELEASE_SCHEMA = pl.Schema({name: dtype for name, (dtype, _) in FIELDS.items()})
# Clustering needs the whole corpus, so the extract stage leaves its columns out.
EXTRACTED_SCHEMA = pl.Schema(
    {k: v for k, v in RELEASE_SCHEMA.items() if k not in ("dup_cluster", "dup_kind")}
)

_SPACE = re.compile(r"\s+")


def doc_id(canonical_url: str) -> str:
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


def normalise_text(text: str) -> str:
    """NFC, one space between words."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def slugify(text: str) -> str:
    """ASCII, lower case, hyphens: 'Pemprov Kalsel Harap ...' -> 'pemprov-kalsel-harap-...'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def content_hash(body: str) -> str:
    """Hash of the body with case and whitespace folded, so re-wrapped copies match."""
    return hashlib.sha256(normalise_text(body).casefold().encode("utf-8")).hexdigest()


def word_count(body: str) -> int:
    return len(body.split())


def _compatible(found: pl.DataType, expected: pl.DataType) -> bool:
    """The same type, or an enum whose categories a newer schema still has (a file written
    before a category was added)."""
    if isinstance(found, pl.Enum) and isinstance(expected, pl.Enum):
        return set(found.categories) <= set(expected.categories)
    return found == expected


def scan_releases(path: Path, columns: Iterable[str] | None = None) -> pl.LazyFrame:
    """The ``columns`` (all by default) of a Parquet file of releases, lazily. A file that is
    not Parquet, or a column missing or of another type, is a ValueError naming both; columns
    not asked for may be missing (a corpus written before they were added)."""
    try:
        schema = pl.read_parquet_schema(path)
    except (OSError, pl.exceptions.PolarsError) as problem:
        reason = str(problem).splitlines()[0] if str(problem) else type(problem).__name__
        raise ValueError(f"{path}: not a readable Parquet file ({reason})") from None
    wanted = list(columns or RELEASE_SCHEMA.names())
    missing = [name for name in wanted if name not in schema]
    if missing:
        raise ValueError(f"{path} lacks the column(s) {', '.join(missing)}")
    mistyped = [
        f"{name} is {schema[name]}, not {RELEASE_SCHEMA[name]}"
        for name in wanted
        if not _compatible(schema[name], RELEASE_SCHEMA[name])
    ]
    if mistyped:
        raise ValueError(f"{path}: {'; '.join(mistyped)}")
    return pl.scan_parquet(path).select(wanted).cast({n: RELEASE_SCHEMA[n] for n in wanted})


def read_releases(path: Path, columns: Iterable[str] | None = None) -> pl.DataFrame:
    """``scan_releases``, collected."""
    return scan_releases(path, columns).collect()
