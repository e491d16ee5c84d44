"""Live crawls against the replica served with faults: nothing is lost, robots.txt is obeyed,
Retry-After and Crawl-delay are respected, hostile XML is refused. Traffic stays on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from pathlib import Path

import polars as pl
import pytest
from scrapy import Request, Spider, signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from siaran.spiders.archive.reader import warc_files
from siaran.spiders.archive.snapshot import snapshots
from siaran.spiders.crawl.ledger import FailureLedgerMiddleware, failure_reason
from siaran.spiders.extract import extract_source, quality
from siaran.spiders.registry.source import get_source
from tests.replica.serve import Faults, ReplicaServer
from tests.support import ROOT, live_crawl_command, mirror_params, warcio_check


def crawl_with_faults(run, faults: Faults, tmp_path: Path, **crawl: object):
    """A live crawl of the source's replica behind the fault server; the server's log."""
    # Failures are expected here.
    params = mirror_params(tmp_path, max_failure_share=0.5, **crawl)
    server = ReplicaServer(run.replica / run.key, faults).start()
    try:
        command = live_crawl_command(run.key, server.port, tmp_path / "out", params)
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr[-3000:]
    (snapshot,) = snapshots(tmp_path / "out")
    check = warcio_check(warc_files(snapshot))
    assert check.returncode == 0, check.stdout
    return snapshot, server.log


SHARES = (0.03, 0.05, 0.08, 0.12)


def test_live_crawl_against_faults_loses_nothing(source_run, tmp_path):
    run = source_run("beritajakarta")
    origin = "https://m.beritajakarta.id"
    releases = run.truth.sort("published_at")["url"].to_list()
    # The newest releases: on the first listing page, so discovery reaches them whatever fails.
    paths = [url.removeprefix(origin) for url in releases[-6:]]
    # The smallest shares at which the hashing picks some release pages to fail and to cut.
    hosts = [url.split("://", 1)[1] for url in releases[:-6]]
    error_share = next(s for s in SHARES if any(Faults(error_share=s).fails(h) for h in hosts))
    truncate_share = next(
        s for s in SHARES if any(Faults(truncate_share=s).truncates(h) for h in hosts)
    )
    faults = Faults(
        error_share=error_share,
        throttle_every=9,
        retry_after=1,
        unavailable_once="/berita/terkini",
        disallow=(paths[0],),
        slow=(paths[1],),
        slow_seconds=3,
        truncate_share=truncate_share,
        cp1252_as_utf8=(paths[2],),
        utf8_as_cp1252=(paths[3],),
        redirect_loop=(paths[4],),
        oversize=(paths[5],),
        oversize_bytes=3 * 2**20,
    )
    snapshot, log = crawl_with_faults(
        run, faults, tmp_path, download_timeout=1, max_response_bytes=2**20
    )

    index = pl.read_parquet(snapshot / "index.parquet")
    ledger = pl.read_parquet(snapshot / "failures.parquet")
    reasons = {(url, reason) for url, reason in ledger.select("url", "reason").iter_rows()}
    lost = set(ledger.filter(~pl.col("archived"))["url"])
    kept = set(index.filter(pl.col("status") < 400)["url"])  # pages, and redirects as records
    requested = {f"{origin}{served.path}" for served in log}
    # Every URL the crawl asked for is archived or listed with its reason.
    assert requested <= kept | lost
    expected = {
        (f"{origin}{paths[0]}", "robots"),
        (f"{origin}{paths[1]}", "timeout"),
        (f"{origin}{paths[2]}", "bad_encoding"),
        (f"{origin}{paths[3]}", "bad_encoding"),
        (f"{origin}{paths[4]}", "redirect_loop"),
        (f"{origin}{paths[5]}", "too_large"),
    }
    assert expected <= reasons
    assert paths[0] not in {served.path for served in log}
    got = defaultdict(set)
    for served in log:
        got[served.fault].add(f"{origin}{served.path}")
    failing, truncated = got["500"], got["truncate"]

    # Every retry fails the same way, though the last one can meet a 429, or time out on a
    # machine busy enough to keep the mirror from answering within the 1 s timeout.
    def ledgered(url: str, *as_: str) -> bool:
        return bool({(url, reason) for reason in (*as_, "http_429", "timeout")} & reasons)

    assert failing and all(ledgered(url, "http_500") for url in failing)
    assert truncated and all(ledgered(url, "truncated") for url in truncated)
    assert not (truncated | failing) & kept  # no partial or error page counts as archived
    report = json.loads((snapshot / "crawl_report.json").read_text())
    assert report["failures_by_reason"] == dict(ledger.group_by("reason").len().iter_rows())
    assert report["failures_by_reason"]["robots"] == 1
    assert report["responses_by_status"]["429"] >= 1 and report["retries"] >= 1
    assert report["lost"] == len(lost)
    assert "dropped" not in report["failures_by_reason"]  # the loop was caught, not filtered
    assert index["url"].str.starts_with(f"{origin}/").all()  # the real URLs, not the mirror's

    # Pages with a wrong charset are archived as sent and extracted as written.
    extraction = extract_source(get_source(run.key), tmp_path / "out")
    coverage = quality(extraction)["coverage"]
    assert coverage["title"] == coverage["body"] == coverage["published_at"] == 1.0
    extracted = extraction.releases
    truth = dict(run.truth.select("url", "body").iter_rows())
    for path in paths[2:4]:
        body = extracted.filter(pl.col("url") == f"{origin}{path}")["body"].item()
        assert body == truth[f"{origin}{path}"] and ("–" in body or "“" in body)

    # After a 429 or 503 the same path is not asked again before Retry-After has passed.
    by_path = defaultdict(list)
    for served in log:
        by_path[served.path].append(served)
    waits = [
        later.at - earlier.at
        for visits in by_path.values()
        for earlier, later in zip(visits, visits[1:], strict=False)
        if earlier.status in (429, 503)
    ]
    assert waits and min(waits) >= faults.retry_after


def test_hostile_and_broken_sitemaps_are_refused_or_salvaged(source_run, tmp_path):
    run = source_run("mc_kalsel")
    faults = Faults(
        malformed=("/wp-sitemap-posts-post-1.xml",),
        entity_bomb=("/wp-sitemap-taxonomies-category-1.xml",),
        crawl_delay=0.15,
    )
    snapshot, log = crawl_with_faults(run, faults, tmp_path)
    origin = "https://diskominfomc.kalselprov.go.id"
    ledger = pl.read_parquet(snapshot / "failures.parquet")
    problems = dict(
        ledger.filter(pl.col("reason") == "parse_error").select("url", "detail").iter_rows()
    )
    assert problems[f"{origin}/wp-sitemap-taxonomies-category-1.xml"].startswith(
        "declares XML entities"
    )
    assert problems[f"{origin}/wp-sitemap-posts-post-1.xml"].startswith("not well-formed XML")
    assert ledger.filter(pl.col("reason") == "parse_error")["archived"].all()
    # The half of the broken sitemap that parses is crawled; nothing else is lost.
    index = pl.read_parquet(snapshot / "index.parquet")
    crawled = index.filter(pl.col("url").str.contains(r"/\d{4}/\d{2}/\d{2}/"))
    assert 0 < crawled.height < run.truth.height
    assert set(crawled["url"]) <= set(run.truth["url"])
    # Crawl-delay: requests after robots.txt are spaced at least that far apart.
    times = [served.at for served in log if served.path != "/robots.txt"]
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert gaps and min(gaps) >= faults.crawl_delay * 0.9


@pytest.mark.parametrize(
    ("exception", "reason"),
    [
        (IgnoreRequest("Forbidden by robots.txt"), "robots"),
        (IgnoreRequest("max redirections reached"), "redirect_loop"),
        (IgnoreRequest("redirect loop: a -> b -> a"), "redirect_loop"),
        (CannotResolveHostError("no such host"), "dns"),
        (DownloadTimeoutError("took longer than 60 seconds"), "timeout"),
        (ResponseDataLossError(), "truncated"),
        (DownloadCancelledError("... larger than download max size (1)."), "too_large"),
        (DownloadFailedError("[Failure OpenSSL.SSL.Error: certificate verify failed]"), "tls"),
        (DownloadConnectionRefusedError(), "network"),
    ],
)
def test_failure_reasons(exception, reason):
    assert failure_reason(exception) == reason


def test_unanswered_requests_are_ledgered_unless_their_url_was_answered(tmp_path):
    spider = type("Spider", (Spider,), {"name": "x", "allowed_domains": ["example.go.id"]})
    crawler = get_crawler(spider, settings_dict={"SIARAN_OUT": str(tmp_path)})
    ledger = FailureLedgerMiddleware.from_crawler(crawler)
    site = "https://example.go.id"

    def request(path: str, *chain: str, host: str = site) -> Request:
        return Request(f"{host}{path}", meta={"redirect_urls": [f"{site}{p}" for p in chain]})

    def answer(path: str, *chain: str) -> None:
        asked = request(path, *chain)
        ledger.process_response(asked, Response(asked.url, request=asked))

    def ask(path: str, *chain: str, host: str = site, dropped: bool = False) -> None:
        asked = request(path, *chain, host=host)
        crawler.signals.send_catch_log(signals.request_scheduled, request=asked, spider=None)
        if dropped:  # the scheduler's duplicate filter
            crawler.signals.send_catch_log(signals.request_dropped, request=asked)

    ask("/page")
    answer("/page")
    ask("/page", dropped=True)  # a duplicate of a page that was answered
    answer("/new", "/old")
    ask("/old", dropped=True)  # its redirect was answered
    ask("/later", dropped=True)  # answered after it was dropped: still an answer
    answer("/later")
    timed_out = request("/slow")
    ledger.process_exception(timed_out, DownloadTimeoutError("took longer than 1 seconds"))
    ask("/slow", dropped=True)  # ledgered already, as a timeout
    # A redirect back to where it began, without the redirect-loop middleware: the duplicate
    # filter drops it, and nothing answered the URL the spider asked for.
    ask("/loop", "/loop", "/loop?x=1", dropped=True)
    ask("/loop", "/loop", "/loop?x=1", dropped=True)
    ask("/berita/1", host="https://other.go.id")  # filtered as off-site
    crawler.signals.send_catch_log(signals.spider_closed, reason="finished")

    rows = pl.read_parquet(tmp_path / "failures.parquet").sort("reason")
    assert rows.select("url", "reason", "archived").rows() == [
        (f"{site}/loop", "dropped", False),
        ("https://other.go.id/berita/1", "offsite", False),
        (f"{site}/slow", "timeout", False),
    ]
    detail = rows["detail"][0]
    assert detail.startswith(f"{site}/loop -> {site}/loop?x=1 -> {site}/loop: ")
    assert "duplicate" in detail


def test_an_interrupted_crawls_queue_is_not_ledgered(tmp_path):
    crawler = get_crawler(settings_dict={"SIARAN_OUT": str(tmp_path)})
    ledger = FailureLedgerMiddleware.from_crawler(crawler)  # signals hold it weakly
    queued = Request("https://example.go.id/berita/9")
    crawler.signals.send_catch_log(signals.request_scheduled, request=queued, spider=None)
    crawler.signals.send_catch_log(signals.spider_closed, reason="shutdown")
    assert pl.read_parquet(tmp_path / "failures.parquet").is_empty() and ledger.asked
