"""Stage extract: stored WARC responses -> page objects -> ``<out>/<source>.parquet``."""

from __future__ import annotations

import logging
from functools import cached_property
from pathlib import Path

import polars as pl
from w3lib.encoding import html_to_unicode
from w3lib.url import canonicalize_url

from spiders import __version__
from spiders.gazetteer import province_timezone
from spiders.pages import page_class
from spiders.pages.base import Lookup
from spiders.release import EXTRACTED_SCHEMA, content_hash, doc_id, word_count
from spiders.source import Source, get_source
from spiders.warc import StoredResponse, iter_responses, read_response, warc_files

log = logging.getLogger(__name__)
RELEASE_TYPES = {"text/html", "application/xhtml+xml", "application/json"}


class Archive:
    """The WARC files of one crawl, with lookup by URL for pages that need a second record."""

    def __init__(self, directory: Path):
        self.files = warc_files(directory)
        if not self.files:
            raise FileNotFoundError(f"{directory}: no WARC files")

    def responses(self):
        for path in self.files:
            yield from iter_responses(path)

    @cached_property
    def _locations(self) -> dict[str, tuple[Path, int]]:
        # Later files hold later captures, so the newest capture of a URL wins.
        return {canonicalize_url(r.url): (r.warc_file, r.offset) for r in self.responses()}

    def get(self, url: str) -> StoredResponse | None:
        location = self._locations.get(canonicalize_url(url))
        return read_response(*location) if location else None


def release_rows(source: Source, stored: StoredResponse, lookup: Lookup) -> list[dict]:
    """The releases in one stored response, with the provenance columns of the schema."""
    # Charset from the HTTP header, then BOM and <meta>, as browsers do.
    _, text = html_to_unicode(stored.header("content-type"), stored.body)
    page = page_class(source)(stored.url, text, source)
    rows = []
    for fields in page.releases(lookup):
        body = fields["body"] or ""
        # Aggregators attribute each release to a province; others publish for their own.
        code = fields.pop("province_code", source.province_code)
        rows.append({
            "url": stored.url,
            **fields,
            "doc_id": doc_id(fields["canonical_url"]),
            "source": source.key,
            "province_code": code,
            "timezone": province_timezone(code) if code else source.timezone,
            "word_count": word_count(body),
            "content_hash": content_hash(body) if body else None,
            "fetched_at": stored.fetched_at,
            "warc_file": str(stored.warc_file),
            "warc_offset": stored.offset,
            "extractor_version": f"{__version__}+{source.page}.{page.version}",
        })  # fmt: skip
    return rows


def extract_source(source: Source, raw_dir: Path) -> pl.DataFrame:
    archive = Archive(raw_dir)
    rows, failures = [], 0
    for stored in archive.responses():
        if not (stored.status == 200 and stored.mime in RELEASE_TYPES
                and source.is_release_url(stored.url)):  # fmt: skip
            continue
        try:
            rows.extend(release_rows(source, stored, archive.get))
        except Exception:  # one broken page must not cost the others
            failures += 1
            log.exception("%s@%d: extraction of %s failed", stored.warc_file, stored.offset,
                          stored.url)  # fmt: skip
    if failures:
        log.warning("%s: %d pages could not be extracted, see the errors above", source.key,
                    failures)  # fmt: skip
    releases = pl.DataFrame(rows, schema=EXTRACTED_SCHEMA, orient="row")
    # A page archived twice (recrawls) keeps its newest capture.
    return (releases.sort("fetched_at", "warc_file", "warc_offset")
            .unique("url", keep="last").sort("url"))  # fmt: skip


def main(raw_root: Path, out_dir: Path, sources: list[str]) -> dict[str, int]:
    """Extract each source's folder ``<raw_root>/<key>``; returns releases per source."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for key in sources:
        releases = extract_source(get_source(key), raw_root / key)
        releases.write_parquet(out_dir / f"{key}.parquet")
        counts[key] = releases.height
        log.info("%s: %d releases extracted", key, releases.height)
    return counts
