"""Stage crawl: run each source's spider into a new snapshot of its crawl folder (or resume the
interrupted one), keeping every response as WARC + index and every failure in
``failures.parquet``. All in one Scrapy process: a replay crawls its sources one after the
other, so its output is reproducible; a live crawl runs every source's crawler at once, each
polite to its own domains. One source's failure does not stop the others."""

from __future__ import annotations

import json
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from twisted.internet import defer
from twisted.python.failure import Failure

from siaran.spiders.archive.index import archive_index
from siaran.spiders.archive.reader import warc_files
from siaran.spiders.archive.snapshot import (
    LOCK,
    REPORT,
    archived_releases,
    crawl_lock,
    join_snapshot,
    open_snapshot,
    write_index,
)
from siaran.spiders.crawl import settings as default_settings
from siaran.spiders.crawl.discovery import spider_class
from siaran.spiders.crawl.frontier import Frontier, check_worker, connect, default_worker
from siaran.spiders.crawl.hostmap import parse_host_map
from siaran.spiders.crawl.ledger import merge_worker_ledgers
from siaran.spiders.output import write_text
from siaran.spiders.registry.source import Source, get_source

MODES = ("replay", "live")


class CrawlFailed(RuntimeError):
    pass


@dataclass
class CrawlOptions:
    """What params.yaml's ``crawl`` section and the command line decide."""

    mode: str = "replay"
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
    # A shared frontier, redis://HOST:PORT/DB: crawler processes on several machines share
    # one queue, each writing its own WARC files into the same snapshot (spiders/crawl/frontier).
    frontier: str | None = None
    worker: str = field(default_factory=default_worker)
    frontier_heartbeat: float = 10.0  # seconds a silent worker is taken for dead

    def __post_init__(self):
        if self.since and self.until and self.since > self.until:
            raise ValueError(
                f"the date window is empty: since {self.since} is after until {self.until} "
                "(--since/--until, or crawl.since/crawl.until in params.yaml)"
            )


def crawl_options(
    section: dict[str, Any],
    mode: str | None = None,
    since: str | None = None,
    until: str | None = None,
    host_map: list[str] = (),
    refresh: bool = False,
    frontier: str | None = None,
    worker: str | None = None,
) -> CrawlOptions:
    """Options from params.yaml's ``crawl`` section, with the command line's overrides."""
    mirrors = {**(section.get("host_map") or {}), **parse_host_map(host_map)}
    return CrawlOptions(
        mode=mode or section["mode"],
        since=date.fromisoformat(str(since or section["since"])),
        until=date.fromisoformat(str(until or section["until"])),
        contact=section["contact"],
        max_pages=section["max_pages"],
        max_failure_share=float(section.get("max_failure_share", 0.05)),
        host_map=parse_host_map([f"{domain}={base}" for domain, base in mirrors.items()]),
        refresh=refresh,
        download_timeout=section.get("download_timeout"),
        max_response_bytes=section.get("max_response_bytes"),
        warc_max_bytes=section.get("warc_max_bytes"),
        download_delay=section.get("download_delay"),
        autothrottle=section.get("autothrottle"),
        frontier=frontier or section.get("frontier"),
        worker=check_worker(worker) if worker else default_worker(),
        frontier_heartbeat=float(section.get("frontier_heartbeat", 10.0)),
    )


@dataclass
class CrawlJob:
    """One source to crawl into its crawl folder; a replay also names the archive it replays."""

    source: str
    out: Path
    archive: Path | None = None


@dataclass
class Crawl:
    source: str
    snapshot: Path
    resumed: bool
    stats: dict
    report: dict
    last: bool = True  # False: a worker of a shared frontier that left the index to another


def crawl_settings(options: CrawlOptions) -> Settings:
    """Scrapy settings for every crawl of a run; each crawl's spider class adds its snapshot
    folder (``SIARAN_OUT``) and, in replay, its archive (``SIARAN_ARCHIVE``)."""
    mode = options.mode
    if mode not in MODES:
        raise ValueError(f"unknown crawl mode {mode!r}; expected one of {MODES}")
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    overrides = {
        "SIARAN_MODE": mode,
        "SIARAN_CONTACT": options.contact,
        "USER_AGENT": default_settings.user_agent(options.contact),
        "DOWNLOAD_DELAY": options.download_delay,
        "AUTOTHROTTLE_ENABLED": options.autothrottle,
        "DOWNLOAD_TIMEOUT": options.download_timeout,
        "DOWNLOAD_MAXSIZE": options.max_response_bytes,
        "SIARAN_WARC_MAX_BYTES": options.warc_max_bytes,
    }
    settings.update({k: v for k, v in overrides.items() if v is not None}, priority="cmdline")
    if options.host_map:
        if mode != "live":
            raise ValueError("a host map sends live requests to a mirror: use --mode live")
        handler = "siaran.spiders.crawl.hostmap.HostMapDownloadHandler"
        settings.update(
            {
                "SIARAN_HOST_MAP": options.host_map,
                "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
            },
            priority="cmdline",
        )
    if options.frontier:
        if mode != "live":
            raise ValueError("a shared frontier crawls the sites: use --mode live")
        settings.update(frontier_settings(options, settings), priority="cmdline")
    if mode == "replay":
        handler = "siaran.spiders.crawl.replay.ReplayDownloadHandler"
        middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
        settings.update(
            {
                "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
                # No server is contacted, so there is nobody to be polite to; one request at a
                # time keeps the WARC record order, and so its bytes, reproducible.
                "AUTOTHROTTLE_ENABLED": False,
                "DOWNLOAD_DELAY": 0,
                "CONCURRENT_REQUESTS": 1,
                "DOWNLOADER_MIDDLEWARES": {
                    **middlewares,
                    "siaran.spiders.crawl.middlewares.CrawlDelayMiddleware": None,
                },
            },
            priority="cmdline",
        )
    return settings


def frontier_settings(options: CrawlOptions, settings: Settings) -> dict[str, Any]:
    """scrapy-redis' scheduler and duplicate filter, and the delay held across workers."""
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    del middlewares["siaran.spiders.crawl.middlewares.CrawlDelayMiddleware"]
    return {
        "SIARAN_FRONTIER": options.frontier,
        "SIARAN_WORKER": options.worker,
        "SIARAN_FRONTIER_HEARTBEAT": options.frontier_heartbeat,
        "REDIS_URL": options.frontier,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_QUEUE_CLASS": "siaran.spiders.crawl.frontier.FrontierQueue",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # a restarted worker goes on with the queue
        "DOWNLOADER_MIDDLEWARES": {
            **middlewares,
            "siaran.spiders.crawl.shared_delay.SharedDelayMiddleware": 960,
        },
        "SPIDER_MIDDLEWARES": {"siaran.spiders.crawl.frontier.FrontierMiddleware": 10},
    }


def crawl_report(source: Source, snapshot: Path, mode: str, stats: dict) -> dict:
    """What was asked, answered and lost; no clock times, so a replay reports the same."""
    index = pl.read_parquet(snapshot / "index.parquet")
    ledger = pl.read_parquet(snapshot / "failures.parquet")
    archived = index.filter(pl.col("status").is_between(200, 299))
    prefix = "downloader/response_status_count/"
    return {
        "source": source.key,
        "mode": mode,
        "snapshot": snapshot.name,
        "finish_reason": stats.get("finish_reason"),
        "requests": stats.get("downloader/request_count", 0),
        "responses_by_status": {
            k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)
        },
        "retries": stats.get("retry/count", 0),
        "releases_listed": stats.get("siaran/releases_listed", 0),
        "releases_fetched": stats.get("siaran/releases_fetched", 0),
        "release_pages_archived": sum(map(source.is_release_url, archived["url"])),
        "failures_by_reason": dict(ledger.group_by("reason").len().sort("reason").iter_rows()),
        "lost": ledger.filter(~pl.col("archived")).height,
        "answered_from_this_snapshot": stats.get("siaran/resumed_from_archive", 0),
        "known_releases_skipped": stats.get("siaran/known_releases_skipped", 0),
    }


def finish_shared_snapshot(snapshot: Path) -> None:
    """The index and ledger of a snapshot the workers of a shared frontier wrote."""
    index = write_index(snapshot)
    merge_worker_ledgers(snapshot, index["url"])


def problems(stats: dict, report: dict, max_failure_share: float) -> list[str]:
    requested = report["lost"] + stats.get("response_received_count", 0)
    share = report["lost"] / requested if requested else 0.0
    found = []
    if stats.get("finish_reason") != "finished":
        found.append(f"it ended with {stats.get('finish_reason')!r}; run it again to resume")
    if stats.get("spider_exceptions/count", 0):
        found.append(f"{stats['spider_exceptions/count']} spider errors")
    if share > max_failure_share:
        found.append(f"{share:.1%} of requests failed (limit {max_failure_share:.0%})")
    return found


def _check(job: CrawlJob, options: CrawlOptions) -> None:
    """Before any crawl starts: the source is registered, a replay's archive holds WARC files."""
    get_source(job.source)
    if options.mode == "replay" and (job.archive is None or not warc_files(job.archive)):
        raise FileNotFoundError(f"replay archive {job.archive} holds no .warc or .warc.gz file")


def _prepare(
    job: CrawlJob, options: CrawlOptions
) -> tuple[type, Path, bool, dict, Frontier | None]:
    """The spider class of one crawl, its snapshot, whether it resumes, its arguments, and
    the worker's side of a shared frontier (joined)."""
    source = get_source(job.source)
    per_crawl = {}
    frontier = None
    if options.mode == "replay":
        per_crawl["SIARAN_ARCHIVE"] = str(job.archive)
        # A replay is named by the archive's newest capture, so it writes the same snapshot.
        started = archive_index(job.archive)["fetched_at"].max()
    else:
        started = datetime.now(UTC)
    if options.frontier:
        frontier = Frontier(
            options.frontier, source.key, options.worker, options.frontier_heartbeat
        )
        snapshot, resumed = join_snapshot(
            job.out, started, frontier.claim_snapshot, f"{source.key}-{options.worker}"
        )
        per_crawl.update(frontier.settings())
        # A request waits for its host's turn across workers: a worker that took more than
        # one per host from the queue would keep them from workers that could send them.
        per_crawl["CONCURRENT_REQUESTS"] = len(source.domains)
        frontier.join()
    else:
        snapshot, resumed = open_snapshot(job.out, started, replay=options.mode == "replay")
    per_crawl["SIARAN_OUT"] = str(snapshot)
    known = [] if options.refresh else archived_releases(job.out, source.is_release_url, snapshot)
    spidercls = spider_class(source, custom_settings=per_crawl)
    arguments = {
        "since": options.since and options.since.isoformat(),
        "until": options.until and options.until.isoformat(),
        "max_pages": options.max_pages,
        "known": known,
    }
    return spidercls, snapshot, resumed, arguments, frontier


def lanes(jobs: list[CrawlJob], mode: str) -> list[list[CrawlJob]]:
    """Crawls that run one after the other; the lanes run at once. A replay is one lane, in the
    given order. Live, each source has its own lane, but sources that share a domain share
    one, so no domain is crawled by two crawlers (two request queues) at a time."""
    if mode == "replay":
        return [jobs]
    grouped: list[tuple[set[str], list[CrawlJob]]] = []
    for job in jobs:
        domains, lane = set(get_source(job.source).domains), []
        for group in [group for group in grouped if group[0] & domains]:
            grouped.remove(group)
            domains |= group[0]
            lane += group[1]
        grouped.append((domains, [*lane, job]))
    return [lane for _, lane in grouped]


def follow(crawler: Crawler, task) -> None:
    """Move a source's progress bar (``siaran.spiders.progress.Task``) as its crawl goes:
    release pages fetched of those discovery listed (a total that grows as it lists more), and
    failures ledgered so far. It reads the crawl's stats, never changes them."""

    def update(**_) -> None:
        stats = crawler.stats
        failures = stats.get_value("siaran/failures", 0)
        task.update(
            completed=stats.get_value("siaran/releases_fetched", 0),
            total=stats.get_value("siaran/releases_listed") or None,
            note=f"{failures} failed" if failures else "",
        )

    for signal in (signals.response_received, signals.spider_closed):
        crawler.signals.connect(update, signal=signal, weak=False)


def main(jobs: list[CrawlJob], options: CrawlOptions | None = None, progress=None) -> list[Crawl]:
    """Crawl each job's source into a snapshot of its folder (see ``lanes`` for what runs at
    once); fail at the end, naming every source whose crawl did not finish or lost too much,
    after all have run. ``progress`` (``siaran.spiders.progress.Progress``) shows a bar per
    source."""
    options = options or CrawlOptions()
    settings = crawl_settings(options)
    for job in jobs:
        _check(job, options)
    if options.frontier:  # unreachable: say so before any crawl starts
        connect(options.frontier).close()
    with ExitStack() as held:
        # No other crawl (worker of a shared frontier) may write into these folders meanwhile.
        lock = f".crawl-{options.worker}.lock" if options.frontier else LOCK
        for job in jobs:
            held.enter_context(crawl_lock(job.out, lock))
        return _run(jobs, options, settings, progress)


def _run(
    jobs: list[CrawlJob], options: CrawlOptions, settings: Settings, progress=None
) -> list[Crawl]:
    process = CrawlerProcess(settings)
    crawls: list[Crawl] = []
    failures: list[str] = []
    interrupted = False  # Ctrl-C: Scrapy stops every running crawl, no lane begins another

    @defer.inlineCallbacks
    def run_lane(lane: list[CrawlJob]):
        nonlocal interrupted
        for position, job in enumerate(lane):
            if interrupted:
                left = ", ".join(j.source for j in lane[position:])
                failures.append(f"not crawled after the interruption: {left}")
                break
            try:
                spidercls, snapshot, resumed, arguments, frontier = _prepare(job, options)
            except (OSError, ValueError) as problem:  # e.g. a finished snapshot of that name
                failures.append(f"crawl of {job.source}: {problem}")
                continue
            crawler = process.create_crawler(spidercls)
            if progress is not None:
                follow(crawler, progress.task(job.source, unit="pages"))
            yield process.crawl(crawler, **arguments)
            stats = crawler.stats.get_stats()
            if frontier and not frontier.leave(stats):
                # Others still crawl, or will resume: the last to finish writes the report.
                crawls.append(Crawl(job.source, snapshot, resumed, stats, {}, last=False))
                if stats.get("finish_reason") != "finished":
                    failures.append(
                        f"crawl of {job.source}: worker {options.worker} ended with "
                        f"{stats.get('finish_reason')!r}; its requests are back in the queue"
                    )
                interrupted |= stats.get("finish_reason") == "shutdown"
                continue
            if frontier:
                stats = {**frontier.summed_stats(), "finish_reason": "finished"}
                finish_shared_snapshot(snapshot)
            report = crawl_report(get_source(job.source), snapshot, options.mode, stats)
            if frontier:
                report["workers"] = frontier.workers()
                frontier.forget()
            write_text(snapshot / REPORT, json.dumps(report, indent=2, sort_keys=True) + "\n")
            crawls.append(Crawl(job.source, snapshot, resumed, stats, report))
            found = problems(stats, report, options.max_failure_share)
            if found:
                failures.append(
                    f"crawl of {job.source}: {'; '.join(found)}. Everything fetched is in "
                    f"{snapshot}, every failure with its reason in {snapshot / 'failures.parquet'}"
                )
            interrupted |= stats.get("finish_reason") == "shutdown"

    @defer.inlineCallbacks
    def run_all():
        ended = yield defer.DeferredList(
            [run_lane(lane) for lane in lanes(jobs, options.mode)], consumeErrors=True
        )
        for ok, result in ended:
            if not ok:  # a bug, not a failed crawl: raised once every lane has ended
                result.raiseException()

    def stop(result):
        from twisted.internet import reactor

        with suppress(RuntimeError):  # not running, or already stopping after Ctrl-C
            reactor.stop()
        return result

    chain = run_all().addBoth(stop)
    if not chain.called:  # else no crawl could begin
        process.start(stop_after_crawl=False)
    outcome: list = []
    chain.addBoth(outcome.append)
    if outcome and isinstance(outcome[0], Failure):  # a bug, not a failed crawl: its traceback
        outcome[0].raiseException()
    if failures:
        raise CrawlFailed("\n".join(failures))
    return crawls
