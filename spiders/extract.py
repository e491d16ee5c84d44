"""Stage extract: stored WARC responses -> page objects -> ``<out>/<source>.parquet``."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from siaran.spiders import __version__
from siaran.spiders.archive.index import CrawlFolder
from siaran.spiders.archive.reader import StoredResponse, read_response
from siaran.spiders.pages import page_class
from siaran.spiders.pages.base import PATH_GROUPS, Lookup
from siaran.spiders.parse.charset import decode_html
from siaran.spiders.registry.gazetteer import province_timezone
from siaran.spiders.registry.source import Source, get_source
from siaran.spiders.release import EXTRACTED_SCHEMA, content_hash, doc_id, word_count

log = logging.getLogger(__name__)
MIN_BODY_WORDS = 40
COVERAGE_FIELDS = (
    "title",
    "published_at",
    "body",
    "byline_unit",
    "writers",
    "editors",
    "dateline_place",
    "event_date",
    "categories",
)
LIST_FIELDS = {"writers", "editors", "categories"}
RELEASE_TYPES = {"text/html", "application/xhtml+xml", "application/json"}


def release_rows(source: Source, stored: StoredResponse, lookup: Lookup) -> list[dict]:
    """The releases in one stored response, with the provenance columns of the schema."""
    text, _ = decode_html(stored.header("content-type"), stored.content)
    page = page_class(source)(stored.url, text, source)
    rows = []
    for fields in page.releases(lookup):
        body = fields["body"] or ""
        # Aggregators attribute each release to a province; others publish for their own.
        code = fields.pop("province_code", source.province_code)
        rows.append(
            {
                "url": stored.url,
                **fields,
                "doc_id": doc_id(fields["canonical_url"]),
                "source": source.key,
                "province_code": code,
                "timezone": province_timezone(code) if code else source.timezone,
                "word_count": word_count(body),
                "content_hash": content_hash(body) if body else None,
                "fetched_at": stored.fetched_at,
                "earlier_captures": [],  # set by extract_source, which sees every snapshot
                "warc_file": str(stored.warc_file),
                "warc_offset": stored.offset,
                "extractor_version": f"{__version__}+{source.page}.{page.version}",
            }
        )
    return rows


def saved_page_rows(source_key: str, url: str, body: bytes, path: Path) -> list[dict]:
    """The releases of one page saved outside a crawl (no fetch time, no WARC offset), with
    the schema's columns."""
    stored = StoredResponse(url, 200, [], body, None, path, 0)
    rows = release_rows(get_source(source_key), stored, lambda _: None)
    return [{name: row[name] for name in EXTRACTED_SCHEMA} for row in rows]


@dataclass
class Extraction:
    releases: pl.DataFrame
    errors: int  # responses whose page object raised


def extract_source(source: Source, raw_dir: Path) -> Extraction:
    archive = CrawlFolder(raw_dir)
    pages = archive.captures.filter(pl.col("mime").is_in(RELEASE_TYPES))
    rows, errors = [], 0
    for url, path, offset, earlier in pages.select(
        "url", "warc_file", "offset", "earlier_captures"
    ).iter_rows():
        if not source.is_release_url(url):
            continue
        try:
            stored = read_response(Path(path), offset)
            rows.extend(
                {**row, "earlier_captures": earlier}
                for row in release_rows(source, stored, archive.get)
            )
        except Exception:  # one broken record or page must not cost the others
            errors += 1
            log.exception("%s@%d: extraction of %s failed", path, offset, url)
    releases = pl.DataFrame(rows, schema=EXTRACTED_SCHEMA, orient="row")
    # A release listed by several pages of a list API keeps its newest capture.
    releases = (
        releases.sort("fetched_at", "warc_file", "warc_offset")
        .unique("url", keep="last")
        .sort("url")
    )
    return Extraction(releases, errors)


def quality(extraction: Extraction, site_fields: tuple[str, ...] = ()) -> dict:
    """Field coverage and failures by reason; a valid release has a title, a date and a body
    of at least ``MIN_BODY_WORDS`` words. ``generic_share``: per field group, the share of
    releases the generic chain served; ``site_fields``, those the page object's own selectors
    are meant to serve (a jump in their generic share means the site's markup changed)."""
    releases = extraction.releases
    reasons = {
        "no_title": pl.col("title").is_null(),
        "no_date": pl.col("published_at").is_null(),
        "short_body": pl.col("word_count") < MIN_BODY_WORDS,
    }
    counts = (
        releases.select(
            *(condition.sum().alias(reason) for reason, condition in reasons.items()),
            valid=(~pl.any_horizontal(*reasons.values())).sum(),
            **{
                f"{name}_share": (
                    pl.col(name).list.len() > 0
                    if name in LIST_FIELDS
                    else pl.col(name).is_not_null()
                )
                .mean()
                .round(4)
                for name in COVERAGE_FIELDS
            },
        ).row(0, named=True)
        if releases.height
        else {}
    )
    total = releases.height + extraction.errors
    valid = counts.get("valid", 0)
    return {
        "releases": releases.height,
        "valid": valid,
        "valid_share": round(valid / total, 4) if total else 0.0,
        "failures": {
            "extraction_error": extraction.errors,
            **{reason: counts.get(reason, 0) for reason in reasons},
        },
        "coverage": {name: counts.get(f"{name}_share", 0.0) for name in COVERAGE_FIELDS},
        "generic_share": generic_shares(releases),
        "site_fields": list(site_fields),
    }


def generic_shares(releases: pl.DataFrame) -> dict[str, float]:
    served = {g: pl.col("extraction_path").struct.field(g) for g in PATH_GROUPS}
    if releases.is_empty():
        return dict.fromkeys(PATH_GROUPS, 0.0)
    return releases.select(
        **{g: (~path.is_in(["site", "none"])).mean().round(4) for g, path in served.items()}
    ).row(0, named=True)


class QualityGateFailed(RuntimeError):
    pass


def main(
    raw_root: Path,
    out_dir: Path,
    sources: list[str],
    min_valid_share: float = 0.9,
    max_generic_share: float = 0.5,
) -> dict[str, dict]:
    """Extract each source's folder ``<raw_root>/<key>`` into ``<out>/<key>.parquet`` and
    write ``<out>/quality.json``; fail when a source's valid share is under the minimum, or
    when the generic chain served more than ``max_generic_share`` of a field its page
    object's selectors are meant to serve (the site changed its markup)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report = {}
    for key in sources:
        source = get_source(key)
        extraction = extract_source(source, raw_root / key)
        extraction.releases.write_parquet(out_dir / f"{key}.parquet")
        report[key] = quality(extraction, page_class(source).site_fields)
        log.info("%s: %d releases extracted", key, extraction.releases.height)
    (out_dir / "quality.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    problems = []
    failing = {k: q["valid_share"] for k, q in report.items() if q["valid_share"] < min_valid_share}
    if failing:
        listed = ", ".join(f"{key} {share:.1%}" for key, share in sorted(failing.items()))
        problems.append(
            f"valid share under extract.min_valid_share={min_valid_share:.0%}: {listed}"
        )
    drifted = {
        key: [
            f"{g} {q['generic_share'][g]:.0%}"
            for g in q["site_fields"]
            if q["generic_share"][g] > max_generic_share
        ]
        for key, q in sorted(report.items())
    }
    listed = "; ".join(f"{key}: {', '.join(groups)}" for key, groups in drifted.items() if groups)
    if listed:
        problems.append(
            "the generic chain served fields the page object's selectors should (the site's "
            f"markup changed? check it with siaran extract-page): {listed}"
        )
    if problems:
        raise QualityGateFailed(
            f"{'. '.join(problems)}. Failures by reason and generic shares are in "
            f"{out_dir / 'quality.json'}; the extracted files are kept."
        )
    return report
