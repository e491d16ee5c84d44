"""Stage crawl@<source>: run a source's spider and keep every response as WARC + index."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from spiders import settings as default_settings
from spiders.source import get_source
from spiders.warc import warc_files

MODES = ("replay", "live")


class CrawlFailed(RuntimeError):
    pass


def crawl_settings(mode: str, out_dir: Path, archive: Path | None, contact: str) -> Settings:
    if mode not in MODES:
        raise ValueError(f"unknown crawl mode {mode!r}; expected one of {MODES}")
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.update({
        "SIARAN_MODE": mode,
        "SIARAN_OUT": str(out_dir),
        "SIARAN_CONTACT": contact,
        "USER_AGENT": f"siaran/0.1 (research crawler of government press releases; +{contact})",
    }, priority="cmdline")  # fmt: skip
    if mode == "replay":
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
        }, priority="cmdline")  # fmt: skip
    return settings


def main(
    source_key: str,
    out_dir: Path,
    mode: str = "replay",
    archive: Path | None = None,
    since: date | None = None,
    until: date | None = None,
    contact: str = default_settings.SIARAN_CONTACT,
    max_pages: int = 1000,
) -> dict:
    """Crawl one source into ``out_dir``; returns Scrapy's crawl statistics."""
    get_source(source_key)  # fail early, with the list of known keys
    process = CrawlerProcess(crawl_settings(mode, out_dir, archive, contact))
    crawler = process.create_crawler(source_key)
    process.crawl(
        crawler,
        since=since and since.isoformat(),
        until=until and until.isoformat(),
        max_pages=max_pages,
    )
    process.start()
    stats = crawler.stats.get_stats()
    if stats.get("finish_reason") != "finished" or stats.get("log_count/ERROR", 0):
        raise CrawlFailed(
            f"crawl of {source_key} ended with {stats.get('finish_reason')!r} and "
            f"{stats.get('log_count/ERROR', 0)} errors; see the log above. "
            f"Everything fetched so far is in {out_dir}"
        )
    return stats
