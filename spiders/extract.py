"""Stage extract: stored WARC responses -> page objects -> ``<out>/<source>.parquet``."""

from __future__ import annotations

import json
import logging
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from siaran.spiders import __version__, output, pagecache
from siaran.spiders.archive.index import UNREADABLE, CrawlFolder, unreadable
from siaran.spiders.archive.reader import StoredResponse, read_response
from siaran.spiders.archive.snapshot import how_it_ended, report, snapshots
from siaran.spiders.pages import page_class
from siaran.spiders.pages.base import PATH_GROUPS, Lookup
from siaran.spiders.parse.charset import decode_html
from siaran.spiders.registry.gazetteer import province_timezone
from siaran.spiders.registry.source import Source, get_source
from siaran.spiders.release import ARCHIVED, EXTRACTED_SCHEMA, content_hash, doc_id, word_count

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
# A publication time outside [EARLIEST_PUBLICATION, capture + LATEST_AFTER_CAPTURE] is a
# misread or a placeholder, never a release's date; a day covers the zones ahead of UTC.
EARLIEST_PUBLICATION = datetime(1990, 1, 1, tzinfo=UTC)
LATEST_AFTER_CAPTURE = timedelta(days=1)
IMPLAUSIBLE_KEPT = 20  # implausible dates listed per source in quality.json
FAILURES = "failures.parquet"
FAILURES_SCHEMA = pl.Schema(
    {
        "source": pl.String(),
        "warc_file": pl.String(),
        "offset": pl.UInt64(),
        "reason": pl.String(),
        "detail": pl.String(),
    }
)


class PageFailed(ValueError):
    pass


# The capture's columns; a page row (what the page object found) has every other one.
CAPTURE_SCHEMA = pl.Schema(
    {
        name: EXTRACTED_SCHEMA[name]
        for name in ("fetched_at", "capture_source", "earlier_captures", "warc_file")
    }
    | {"warc_offset": EXTRACTED_SCHEMA["warc_offset"]}
)
PAGE_SCHEMA = pl.Schema({k: v for k, v in EXTRACTED_SCHEMA.items() if k not in CAPTURE_SCHEMA})
# A cached page: its response's key, each release's place in it (null: a page without any),
# the responses its page object read besides (see spiders/pagecache.py), its page rows.
CACHE_SCHEMA = pl.Schema(
    {"key": pl.String(), "n": pl.UInt32(), "lookups": pl.List(pagecache.LOOKUP)} | PAGE_SCHEMA
)
BATCH_ROWS = 500  # page rows held before they are written to the spill folder
ISO = "%Y-%m-%dT%H:%M:%S%.f%:z"


def with_capture(rows: pl.LazyFrame, now: datetime | None = None) -> pl.LazyFrame:
    """Page rows with their capture's columns, an implausible publication time set aside:
    before 1990 or more than a day after the capture (``now`` when there is none), the row's
    ``published_at`` is null, its ``date_source`` 'implausible', and ``implausible_date`` holds
    the page's value (null for every other row)."""
    captured = pl.col("fetched_at").fill_null(now) if now else pl.col("fetched_at")
    published = pl.col("published_at")
    implausible = published.is_not_null() & ~published.is_between(
        EARLIEST_PUBLICATION, captured + LATEST_AFTER_CAPTURE
    )
    return rows.with_columns(
        implausible_date=pl.when(implausible).then(published.dt.to_string(ISO)),
        published_at=pl.when(~implausible).then(published),
        date_source=pl.when(implausible)
        .then(pl.lit("implausible"))
        .otherwise(pl.col("date_source"))
        .cast(EXTRACTED_SCHEMA["date_source"]),
    )


def page_releases(source: Source, stored: StoredResponse, lookup: Lookup) -> tuple[list, str]:
    """What the source's page object finds in a response, and its version; ``PageFailed``
    naming the URL when it raises."""
    try:
        text, _ = decode_html(stored.header("content-type"), stored.content)
        page = page_class(source)(stored.url, text, source)
        return page.releases(lookup), page.version
    except Exception as problem:
        raise PageFailed(
            f"{stored.url}: the {source.page} page object failed: "
            f"{type(problem).__name__}: {problem}"
        ) from problem


def capture_source(stored: StoredResponse) -> str:
    """Who captured a stored response: the web archive a backfill names in the record, our
    crawl when its snapshot's report says so, else another tool ('foreign')."""
    if stored.archive:
        return stored.archive
    return (
        "crawl" if report(stored.warc_file.parent).get("mode") in ("live", "replay") else "foreign"
    )


def page_rows(source: Source, stored: StoredResponse, lookup: Lookup) -> list[dict]:
    """The releases in one stored response, with every column of the schema but the
    capture's (what the page cache keeps); ``published_at`` as the page gives it."""
    found, version = page_releases(source, stored, lookup)
    rows = []
    for fields in found:
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
                "extractor_version": f"{__version__}+{source.page}.{version}",
            }
        )
    return rows


def release_rows(source: Source, stored: StoredResponse, lookup: Lookup) -> list[dict]:
    """The releases in one stored response, with the provenance columns of the schema, an
    implausible publication time set aside (see ``with_capture``; ``implausible_date`` only in
    the rows that have one): the extract stage's rows, one page at a time."""
    capture = {
        "fetched_at": stored.fetched_at,
        "capture_source": capture_source(stored),
        "earlier_captures": [],  # the extract stage sets them: it sees every snapshot
        "warc_file": str(stored.warc_file),
        "warc_offset": stored.offset,
    }
    rows = [{**row, **capture} for row in page_rows(source, stored, lookup)]
    frame = pl.LazyFrame(rows, schema=PAGE_SCHEMA | CAPTURE_SCHEMA, orient="row")
    found = with_capture(frame, datetime.now(UTC)).collect().to_dicts()
    return [{k: v for k, v in row.items() if k != "implausible_date" or v} for row in found]


def saved_page_rows(source_key: str, url: str, body: bytes, path: Path) -> list[dict]:
    """The releases of one page saved outside a crawl (no fetch time, no WARC offset), with
    the schema's columns."""
    stored = StoredResponse(url, 200, [], body, None, path, 0)
    rows = release_rows(get_source(source_key), stored, lambda _: None)
    return [{name: row[name] for name in EXTRACTED_SCHEMA} for row in rows]


@dataclass
class Extraction:
    releases: pl.DataFrame | pl.LazyFrame
    errors: int  # responses whose page object raised
    # Ledger rows (warc_file, offset, reason, detail): unreadable records, page object errors.
    failures: list[dict] = field(default_factory=list)
    implausible_dates: list[dict] = field(default_factory=list)  # url, the page's published_at
    release_pages: int = 0  # release pages the crawl archived
    pages_read: int = 0  # release pages read from the archive (page object or page cache)
    snapshots: list[dict] = field(default_factory=list)  # how each snapshot's crawl ended
    cached: int = 0  # pages read whose releases the page cache served
    extracted: int = 0  # pages read by the page object
    fresh: pl.LazyFrame = field(default_factory=CACHE_SCHEMA.to_frame().lazy)  # their rows


def archived_release_pages(source: Source, archive: CrawlFolder, raw_dir: Path) -> int:
    """Release pages the crawl archived: the distinct release URLs with a 2xx record in any
    snapshot, plus those a snapshot's crawl report counts that its readable records lack (a
    damaged or deleted WARC file)."""
    index = archive.index
    is_release = pl.Series([source.is_release_url(url) for url in index["url"]], dtype=pl.Boolean)
    archived = index.filter(is_release, pl.col("status").is_between(200, 299))
    held = dict(
        archived.group_by(pl.col("warc_file").str.replace(r"/[^/]+$", "")).len().iter_rows()
    )
    lost = sum(
        max(0, report(snapshot).get("release_pages_archived", 0) - held.get(str(snapshot), 0))
        for snapshot in snapshots(raw_dir)
    )
    return archived["url"].n_unique() + lost


def stream_source(
    source: Source,
    raw_dir: Path,
    spill: Path,
    cache: pagecache.SourceCache | None = None,
    progress=None,
) -> Extraction:
    """Every release page of a crawl folder through the source's page object, or from the
    page cache when it holds the page; the releases as a lazy frame over the page cache and
    the Parquet files written to ``spill`` (page rows, ``BATCH_ROWS`` at a time), which must
    outlive it. A release listed by several pages of a list API keeps its newest capture.
    ``progress`` (``siaran.spiders.progress.Progress``) counts the records read."""
    archive = CrawlFolder(raw_dir)
    pages = archive.captures.filter(pl.col("mime").is_in(RELEASE_TYPES))
    is_release = [source.is_release_url(url) for url in pages["url"]]
    pages = pages.filter(pl.Series(is_release, dtype=pl.Boolean))
    extraction = Extraction(
        releases=pl.LazyFrame(schema=EXTRACTED_SCHEMA),
        errors=0,
        failures=list(archive.unreadable),
        release_pages=archived_release_pages(source, archive, raw_dir),
        snapshots=[how_it_ended(snapshot) for snapshot in snapshots(raw_dir)],
    )
    records = progress and progress.task(source.key, pages.height, "records")
    keys: list[str | None] = []  # per page, the key of its rows (None: none)
    origins: list[str | None] = []  # per page, its capture_source
    batch: list[dict] = []
    for url, path, offset in pages.select("url", "warc_file", "offset").iter_rows():
        if records:
            records.advance()
        keys.append(None)
        origins.append(None)
        try:
            stored = read_response(Path(path), offset)
        except Exception as problem:  # noqa: BLE001 - a broken record must not cost the others
            detail = f"{url}: {type(problem).__name__}: {problem}"
            extraction.failures.append(unreadable(Path(path), offset, detail))
            continue
        extraction.pages_read += 1
        origins[-1] = capture_source(stored)
        key = pagecache.response_key(stored)
        if cache and cache.serves(key, archive.get):
            extraction.cached += 1
            keys[-1] = key
            continue
        lookup, asked = pagecache.recording(archive.get)
        try:
            found = page_rows(source, stored, lookup)
        except PageFailed as problem:  # one page must not cost the others
            extraction.errors += 1
            extraction.failures.append(
                {
                    "warc_file": path,
                    "offset": offset,
                    "reason": "extraction_error",
                    "detail": str(problem),
                }
            )
            log.exception("%s@%d: extraction of %s failed", path, offset, url)
            continue
        extraction.extracted += 1
        keys[-1] = key
        page = {"key": key, "lookups": [{"url": u, "key": k} for u, k in asked]}
        batch += [{**page, "n": n, **row} for n, row in enumerate(found)] or [page]
        if len(batch) >= BATCH_ROWS:
            spill_rows(batch, spill)
    spill_rows(batch, spill)
    written = sorted(spill.glob("*.parquet"))
    extraction.fresh = pl.scan_parquet(written) if written else CACHE_SCHEMA.to_frame().lazy()
    captures = pages.select(
        "fetched_at",
        "earlier_captures",
        "warc_file",
        capture_source=pl.Series(origins, dtype=pl.String()),
        warc_offset="offset",
        page_url="url",
        key=pl.Series(keys, dtype=pl.String()),
    ).with_row_index("page")
    found = pl.concat([cache.served_rows(), extraction.fresh]) if cache else extraction.fresh
    rows = with_capture(
        found.filter(pl.col("n").is_not_null()).join(captures.lazy(), on="key", how="inner")
    )
    extraction.implausible_dates = (
        rows.filter(pl.col("implausible_date").is_not_null())
        .sort("page", "n")
        .select(url="page_url", published_at="implausible_date")
        .collect()
        .to_dicts()
    )
    extraction.releases = (
        rows.sort("fetched_at", "warc_file", "warc_offset", "n")
        .unique("url", keep="last")
        .sort("url")
        .select(pl.col(name).cast(dtype) for name, dtype in EXTRACTED_SCHEMA.items())
    )
    return extraction


def spill_rows(batch: list[dict], spill: Path) -> None:
    """Write the page rows held as the next Parquet file of the spill folder, and let go."""
    if batch:
        frame = pl.DataFrame(batch, schema=CACHE_SCHEMA, orient="row")
        frame.write_parquet(spill / f"{len(list(spill.glob('*.parquet'))):06d}.parquet")
        batch.clear()


def extract_source(
    source: Source, raw_dir: Path, cache: pagecache.SourceCache | None = None, progress=None
) -> Extraction:
    """``stream_source`` with the releases in memory."""
    with tempfile.TemporaryDirectory(prefix="siaran-extract-") as spill:
        extraction = stream_source(source, raw_dir, Path(spill), cache, progress)
        extraction.releases = extraction.releases.collect()
        extraction.fresh = extraction.fresh.collect().lazy()
    return extraction


def quality(extraction: Extraction, site_fields: tuple[str, ...] = ()) -> dict:
    """Field coverage and failures by reason; a valid release has a title, a date and a body
    of at least ``MIN_BODY_WORDS`` words. ``generic_share``: per field group, the share of
    releases the generic chain served; ``site_fields``, those the page object's own selectors
    are meant to serve (a jump in their generic share means the site's markup changed)."""
    releases = extraction.releases.lazy()
    reasons = {
        "no_title": pl.col("title").is_null(),
        "no_date": pl.col("published_at").is_null(),
        "short_body": pl.col("word_count") < MIN_BODY_WORDS,
    }
    height = releases.select(pl.len()).collect().item()
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
        )
        .collect()
        .row(0, named=True)
        if height
        else {}
    )
    total = height + extraction.errors
    valid = counts.get("valid", 0)
    return {
        "releases": height,
        "valid": valid,
        "valid_share": round(valid / total, 4) if total else 0.0,
        "failures": {
            "extraction_error": extraction.errors,
            **{reason: counts.get(reason, 0) for reason in reasons},
        },
        "coverage": {name: counts.get(f"{name}_share", 0.0) for name in COVERAGE_FIELDS},
        # Over the site as it is: an archived capture of an older layout is what the generic
        # chain is for, not a sign that the site's markup changed.
        "generic_share": generic_shares(
            releases.filter(~pl.col("capture_source").cast(pl.String).is_in(ARCHIVED))
        ),
        "site_fields": list(site_fields),
        "release_pages_archived": extraction.release_pages,
        "release_pages_read": extraction.pages_read,
        "unreadable_records": [
            {k: row[k] for k in ("warc_file", "offset", "detail")}
            for row in extraction.failures
            if row["reason"] == UNREADABLE
        ],
        "implausible_dates": {
            "count": len(extraction.implausible_dates),
            "first": extraction.implausible_dates[:IMPLAUSIBLE_KEPT],
        },
        "snapshots": extraction.snapshots,
    }


def generic_shares(releases: pl.LazyFrame) -> dict[str, float]:
    served = {g: pl.col("extraction_path").struct.field(g) for g in PATH_GROUPS}
    shares = releases.select(
        **{g: (~path.is_in(["site", "none"])).mean().round(4) for g, path in served.items()}
    ).collect()
    return {g: share or 0.0 for g, share in shares.row(0, named=True).items()}


class QualityGateFailed(RuntimeError):
    pass


class UnfinishedCrawl(ValueError):
    pass


def refuse_unfinished(raw_root: Path, sources: list[str]) -> None:
    """Fail, naming them, when a snapshot's crawl did not finish (interrupted, or killed before
    it wrote its report)."""
    unfinished = [
        f"{raw_root / key / ended['snapshot']} ({ended['finish_reason'] or 'no crawl report'})"
        for key in sources
        for ended in map(how_it_ended, snapshots(raw_root / key))
        if ended["finish_reason"] != "finished"
    ]
    if unfinished:
        raise UnfinishedCrawl(
            f"crawl did not finish: {', '.join(unfinished)}; resume it by running the same "
            "siaran crawl again, or extract it as it is with --include-unfinished"
        )


def missing_pages(key: str, q: dict, max_missing_share: float) -> str | None:
    """Why too many release pages the crawl archived were not read, naming the files."""
    archived, read = q["release_pages_archived"], q["release_pages_read"]
    missing = archived - read
    if missing <= 0 or missing / archived <= max_missing_share:
        return None
    damaged = sorted({row["warc_file"] for row in q["unreadable_records"]})
    where = (
        f"unreadable records in {', '.join(damaged)}"
        if damaged
        else "no readable record holds them: " + ", ".join(s["snapshot"] for s in q["snapshots"])
    )
    return (
        f"{key}: {read} of {archived} archived release pages read, {missing} missing "
        f"({missing / archived:.1%}, limit extract.max_missing_share={max_missing_share:.0%}); "
        f"{where}"
    )


def gate_problems(
    report: dict[str, dict],
    min_valid_share: float,
    max_generic_share: float,
    max_missing_share: float,
) -> list[str]:
    """What fails the quality gate, one line per kind of problem."""
    problems = []
    missing = [
        m for key, q in sorted(report.items()) if (m := missing_pages(key, q, max_missing_share))
    ]
    if missing:
        problems.append(f"release pages the crawl archived are missing: {'; '.join(missing)}")
    empty = {k: q["release_pages_archived"] for k, q in report.items() if not q["releases"]}
    if any(empty.values()):
        listed = ", ".join(f"{k} ({n} pages)" for k, n in sorted(empty.items()) if n)
        problems.append(f"no release extracted from the release pages the crawl archived: {listed}")
    failing = {
        k: q["valid_share"]
        for k, q in report.items()
        if q["releases"] and q["valid_share"] < min_valid_share
    }
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
    return problems


def write_manifest(folder: Path, sources: list[str], gate_passed: bool = True) -> None:
    """The extract stage's completion manifest, written last: each source's file, the failure
    ledger, and whether the quality gate passed."""
    files = [f"{key}.parquet" for key in sources]
    output.write_manifest(
        folder,
        "extract",
        [*files, FAILURES] if (folder / FAILURES).exists() else files,
        sources=dict(zip(sources, files, strict=True)),
        quality_gate="passed" if gate_passed else "failed",
    )


def source_cache(cache_dir: Path | None, source: Source) -> pagecache.SourceCache | None:
    if cache_dir is None:
        return None
    fingerprint = pagecache.page_fingerprint(source)
    return pagecache.SourceCache(cache_dir / source.key, fingerprint, CACHE_SCHEMA).load()


def main(
    raw_root: Path,
    out_dir: Path,
    sources: list[str],
    min_valid_share: float = 0.9,
    max_generic_share: float = 0.5,
    max_missing_share: float = 0.02,
    include_unfinished: bool = False,
    cache_dir: Path | None = None,
    progress=None,
) -> dict[str, dict]:
    """Extract each source's folder ``<raw_root>/<key>`` into ``<out>/<key>.parquet`` and
    write ``<out>/quality.json``, ``failures.parquet`` (records that could not be read, pages
    their page object could not read) and, last, ``manifest.json``; the folder is written
    beside ``out`` and replaces it whole. Refuse snapshots whose crawl did not finish unless
    ``include_unfinished``. Fail (keeping the files) when a source's valid share is under the
    minimum, when more than ``max_missing_share`` of the release pages its crawl archived were
    not read, when none gave a release, or when the generic chain served more than
    ``max_generic_share`` of a field its page object's selectors are meant to serve (the site
    changed its markup). With ``cache_dir``, pages the page cache there holds for the
    source's page fingerprint are not read again (see spiders/pagecache.py); what it served
    and what was extracted afresh is in ``<cache_dir>/last_run.json``, outside the stage's
    outputs, which are the same with or without it. ``progress``: a
    ``siaran.spiders.progress.Progress``, a bar per source."""
    if not include_unfinished:
        refuse_unfinished(raw_root, sources)
    with output.atomic_folder(out_dir) as partial:
        report, failures, served = {}, [], {}
        for key in sources:
            source = get_source(key)
            cache = source_cache(cache_dir, source)
            with tempfile.TemporaryDirectory(prefix=".spill-", dir=partial.parent) as spill:
                extraction = stream_source(source, raw_root / key, Path(spill), cache, progress)
                path = partial / f"{key}.parquet"
                # In memory once, for the sort by URL: one source's releases, as Arrow.
                extraction.releases.collect().write_parquet(path)
                extraction.releases = pl.scan_parquet(path)
                if cache:
                    cache.store(extraction.fresh)
            report[key] = quality(extraction, page_class(source).site_fields)
            failures += [{"source": key, **row} for row in extraction.failures]
            served[key] = {"cached": extraction.cached, "extracted": extraction.extracted}
            log.info(
                "%s: %d releases extracted (pages: %d from the page cache, %d read)",
                key,
                report[key]["releases"],
                extraction.cached,
                extraction.extracted,
            )
        ledger = pl.DataFrame(failures, schema=FAILURES_SCHEMA, orient="row")
        ledger.sort("source", "warc_file", "offset", maintain_order=True).write_parquet(
            partial / FAILURES
        )
        text = json.dumps(report, indent=2, sort_keys=True) + "\n"
        (partial / "quality.json").write_text(text)
        problems = gate_problems(report, min_valid_share, max_generic_share, max_missing_share)
        write_manifest(partial, sources, gate_passed=not problems)
    if cache_dir:
        output.write_text(cache_dir / "last_run.json", json.dumps(served, indent=2) + "\n")
    if problems:
        raise QualityGateFailed(
            f"{'. '.join(problems)}. Failures by reason, generic shares and unreadable records "
            f"are in {out_dir / 'quality.json'} and {out_dir / FAILURES}; the extracted files "
            "are kept."
        )
    return report
