"""Stage extract: stored WARC responses -> page objects -> ``<out>/<source>.parquet``."""

from __future__ import annotations

import logging
from pathlib import Path

import polars as pl
from w3lib.encoding import html_to_unicode

from spiders import __version__
from spiders.pages import page_class
from spiders.release import EXTRACTED_SCHEMA, content_hash, doc_id, word_count
from spiders.source import Source, get_source
from spiders.warc import StoredResponse, iter_responses, warc_files

log = logging.getLogger(__name__)
HTML_TYPES = {"text/html", "application/xhtml+xml"}


def release_row(source: Source, stored: StoredResponse) -> dict:
    # Charset from the HTTP header, then BOM and <meta>, as browsers do.
    _, html = html_to_unicode(stored.header("content-type"), stored.body)
    page = page_class(source)(stored.url, html, source)
    fields = page.fields()
    body = fields["body"] or ""
    return {
        **fields,
        "doc_id": doc_id(fields["canonical_url"]),
        "source": source.key,
        "province_code": source.province_code,
        "url": stored.url,
        "timezone": source.timezone,
        "word_count": word_count(body),
        "content_hash": content_hash(body) if body else None,
        "fetched_at": stored.fetched_at,
        "warc_file": str(stored.warc_file),
        "warc_offset": stored.offset,
        "extractor_version": f"{__version__}+{source.key}.{page.version}",
    }


def extract_source(source: Source, raw_dir: Path) -> pl.DataFrame:
    files = warc_files(raw_dir)
    if not files:
        raise FileNotFoundError(f"{raw_dir}: no WARC files for source {source.key!r}")
    rows, failures = [], 0
    for path in files:
        for stored in iter_responses(path):
            if not (stored.status == 200 and stored.mime in HTML_TYPES
                    and source.is_release_url(stored.url)):  # fmt: skip
                continue
            try:
                rows.append(release_row(source, stored))
            except Exception:  # one broken page must not cost the others
                failures += 1
                log.exception("%s@%d: extraction of %s failed", path, stored.offset, stored.url)
    if failures:
        log.warning(
            "%s: %d pages could not be extracted, see the errors above", source.key, failures
        )
    releases = pl.DataFrame(rows, schema=EXTRACTED_SCHEMA, orient="row")
    # A page archived twice (recrawls) keeps its newest capture.
    return (
        releases.sort("fetched_at", "warc_file", "warc_offset")
        .unique("url", keep="last")
        .sort("url")
    )


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
