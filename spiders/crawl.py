"""Stage crawl@<source>: run a source's spider into a new snapshot of its crawl folder (or
resume the interrupted one), keeping every response as WARC + index and every failure in
``failures.parquet``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from spiders import settings as default_settings
from spiders.extract import extract_source, quality
from spiders.snapshot import REPORT, archived_releases, open_snapshot
from spiders.source import get_source
from spiders.warc import archive_index, warc_files

MODES = ("replay", "live")


class CrawlFailed(RuntimeError):
    pass


@dataclass
class CrawlOptions:
    """What params.yaml's ``crawl`` section and the command line decide."""

    mode: str = "replay"
    archive: Path | None = None
    since: date | None = None
    until: date | None = None
    contact: str = default_settings.SIARAN_CONTACT
    max_pages: int = 1000
    max_failure_share: float = 0.05
    host_map: dict[str, str] = field(default_factory=dict)
    refresh: bool = False  # fetch release pages earlier snapshots already have
    download_timeout: float | None = None  # seconds
    max_response_bytes: int | None = None
    warc_max_bytes: int | None = None  # a WARC file is closed and a new one begun past this
    # For mirrors on this machine only; the defaults stay polite.
    download_delay: float | None = None
    autothrottle: bool | None = None


def crawl_settings(options: CrawlOptions) -> Settings:
    """Scrapy settings for a crawl; ``SIARAN_OUT`` (the snapshot folder) is set by ``main``."""
    mode = options.mode
    if mode not in MODES:
        raise ValueError(f"unknown crawl mode {mode!r}; expected one of {MODES}")
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    contact = options.contact
    settings.update({
        "SIARAN_MODE": mode,
        "SIARAN_CONTACT": contact,
        "USER_AGENT": f"siaran/0.1 (research crawler of government press releases; +{contact})",
    }, priority="cmdline")  # fmt: skip
    optional = {"DOWNLOAD_DELAY": options.download_delay,
                "AUTOTHROTTLE_ENABLED": options.autothrottle,
                "DOWNLOAD_TIMEOUT": options.download_timeout,
                "DOWNLOAD_MAXSIZE": options.max_response_bytes,
                "SIARAN_WARC_MAX_BYTES": options.warc_max_bytes}  # fmt: skip
    settings.update({k: v for k, v in optional.items() if v is not None}, priority="cmdline")
    if options.host_map:
        if mode != "live":
            raise ValueError("--host-map sends live requests to a mirror: use --mode live")
        handler = "spiders.hostmap.HostMapDownloadHandler"
        settings.update({"SIARAN_HOST_MAP": options.host_map,
                         "DOWNLOAD_HANDLERS": {"http": handler, "https": handler}},
                        priority="cmdline")  # fmt: skip
    if mode == "replay":
        archive = options.archive
        if archive is None or not warc_files(archive):
            raise FileNotFoundError(f"replay archive {archive} holds no .warc or .warc.gz file")
        handler = "spiders.replay.ReplayDownloadHandler"
        settings.update({
            "SIARAN_ARCHIVE": str(archive),
            "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
            # No server is contacted, so there is nobody to be polite to; one request at a
            # time keeps the WARC record order, and so its bytes, reproducible.
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "CONCURRENT_REQUESTS": 1,
            "DOWNLOADER_MIDDLEWARES": {**settings.getdict("DOWNLOADER_MIDDLEWARES"),
                                       "spiders.middlewares.CrawlDelayMiddleware": None},
        }, priority="cmdline")  # fmt: skip
    return settings


@dataclass
class Crawl:
    snapshot: Path
    resumed: bool
    stats: dict
    report: dict


def crawl_report(source_key: str, snapshot: Path, mode: str, stats: dict) -> dict:
    """What was asked, answered and lost; no clock times, so a replay reports the same."""
    index = pl.read_parquet(snapshot / "index.parquet")
    ledger = pl.read_parquet(snapshot / "failures.parquet")
    source = get_source(source_key)
    archived = index.filter(pl.col("status").is_between(200, 299))
    prefix = "downloader/response_status_count/"
    return {
        "source": source_key,
        "mode": mode,
        "snapshot": snapshot.name,
        "finish_reason": stats.get("finish_reason"),
        "requests": stats.get("downloader/request_count", 0),
        "responses_by_status": {k.removeprefix(prefix): v for k, v in stats.items()
                                if k.startswith(prefix)},  # fmt: skip
        "retries": stats.get("retry/count", 0),
        "release_pages_archived": sum(map(source.is_release_url, archived["url"])),
        "failures_by_reason": dict(ledger.group_by("reason").len().sort("reason").iter_rows()),
        "lost": ledger.filter(~pl.col("archived")).height,
        "answered_from_this_snapshot": stats.get("siaran/resumed_from_archive", 0),
        "known_releases_skipped": stats.get("siaran/known_releases_skipped", 0),
        # The page objects run on this snapshot's release pages: broken selectors show here,
        # at crawl time.
        "field_coverage": quality(extract_source(source, snapshot))["coverage"]
        if archived.height else {},
    }  # fmt: skip


def main(source_key: str, out_dir: Path, options: CrawlOptions | None = None) -> Crawl:
    """Crawl one source into a snapshot of ``out_dir``: a new one, or the interrupted one."""
    options = options or CrawlOptions()
    source = get_source(source_key)  # fail early, with the list of known keys
    settings = crawl_settings(options)
    # A replay is named by the archive's newest capture, so it writes the same snapshot.
    started = (archive_index(options.archive)["fetched_at"].max() if options.mode == "replay"
               else datetime.now(UTC))  # fmt: skip
    snapshot, resumed = open_snapshot(out_dir, started)
    settings.set("SIARAN_OUT", str(snapshot), priority="cmdline")
    known = [] if options.refresh else archived_releases(out_dir, source, exclude=snapshot)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(source_key)
    process.crawl(crawler, since=options.since and options.since.isoformat(),
                  until=options.until and options.until.isoformat(),
                  max_pages=options.max_pages, known=known)  # fmt: skip
    process.start()
    stats = crawler.stats.get_stats()
    report = crawl_report(source_key, snapshot, options.mode, stats)
    (snapshot / REPORT).write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    requested = report["lost"] + stats.get("response_received_count", 0)
    share = report["lost"] / requested if requested else 0.0
    problems = []
    if stats.get("finish_reason") != "finished":
        problems.append(f"it ended with {stats.get('finish_reason')!r}; run it again to resume")
    if stats.get("spider_exceptions/count", 0):
        problems.append(f"{stats['spider_exceptions/count']} spider errors")
    if share > options.max_failure_share:
        problems.append(f"{share:.1%} of requests failed (limit {options.max_failure_share:.0%})")
    if problems:
        raise CrawlFailed(
            f"crawl of {source_key}: {'; '.join(problems)}. Everything fetched is in {snapshot}, "
            f"every failure with its reason in {snapshot / 'failures.parquet'}"
        )
    return Crawl(snapshot, resumed, stats, report)
