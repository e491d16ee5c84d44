"""Live crawls of several sources at once, each at the politeness limit: one request per delay
per domain, never closer, the domains crawled side by side, and nothing missed."""

from __future__ import annotations

import json

import polars as pl
import pytest

from siaran.spiders.archive.snapshot import snapshots
from siaran.spiders.crawl.stage import CrawlJob, lanes
from tests.benchmark import live_crawl, request_times

pytestmark = pytest.mark.slow

KEYS = ["beritajakarta", "jogjaprov", "mc_kalsel"]  # listing, feed, sitemap: 74 to 81 pages
DELAY = 0.3
SLACK = 0.005  # seconds: timers and the server's clock


def test_sources_are_crawled_at_once_at_one_request_per_delay_per_domain(tmp_path):
    run = live_crawl(KEYS, tmp_path, download_delay=DELAY, autothrottle=True)
    assert run.done.returncode == 0, run.done.stderr[-3000:]

    times = request_times(run.log)
    assert len(times) == len(KEYS)  # one domain each
    for host, at in times.items():
        gaps = [later - earlier for earlier, later in zip(at, at[1:], strict=False)]
        assert min(gaps) >= DELAY - SLACK, (host, min(gaps))
        # At the limit, not far below it (AutoThrottle's 5 s start delay was 6% of it).
        assert (len(at) - 1) / (at[-1] - at[0]) >= 0.7 / DELAY, host
    # Side by side: every domain's first request came before any domain's last.
    assert max(at[0] for at in times.values()) < min(at[-1] for at in times.values())

    for key in KEYS:
        (snapshot,) = snapshots(run.raw / key)
        index = pl.read_parquet(snapshot / "index.parquet")
        archived = set(index.filter(pl.col("status") == 200)["url"])
        releases = set(run.truth.filter(pl.col("source") == key)["url"])
        assert releases <= archived, key
        report = json.loads((snapshot / "crawl_report.json").read_text())
        assert report["finish_reason"] == "finished"
        assert report["release_pages_archived"] == len(releases)
        assert report["lost"] == 0


def test_live_crawls_run_at_once_unless_they_share_a_domain(tmp_path):
    jobs = [CrawlJob(key, tmp_path / key) for key in ("papua", "mc_kalsel", "papua")]
    papua, mc_kalsel, again = jobs
    assert lanes(jobs, "live") == [[mc_kalsel], [papua, again]]
    assert lanes(jobs, "replay") == [jobs]  # in order, one after the other
