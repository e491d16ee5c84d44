"""Two crawler processes sharing one frontier in a real Redis (``--frontier``): every page
fetched once, the union complete, one index, one request at a time to the site from both
together; and the same after one worker is killed mid-crawl and started again."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from siaran.spiders.archive.reader import warc_files
from siaran.spiders.archive.snapshot import finished, snapshots
from siaran.spiders.crawl.frontier import _POP, Frontier
from siaran.spiders.crawl.ledger import FAILURE_SCHEMA, merge_worker_ledgers
from tests.replica import build
from tests.replica.serve import ReplicaServer
from tests.support import (
    REDIS_MISSING,
    ROOT,
    live_crawl_command,
    mirror_params,
    redis_server,
    warcio_check,
)

KEY = "beritajakarta"
DELAY = 0.1  # seconds between two requests to the site, whichever worker sends them
SLACK = 0.02


@pytest.fixture
def frontier(tmp_path: Path):
    """A private redis-server on a free port of 127.0.0.1, nothing saved to disk."""
    if shutil.which("redis-server") is None:
        pytest.skip(REDIS_MISSING)
    with redis_server(tmp_path / "redis") as (url, client):
        yield url, client


@pytest.fixture(scope="module")
def replica(tmp_path_factory) -> tuple[Path, pl.DataFrame]:
    folder = tmp_path_factory.mktemp("replica")
    truth = build.main([KEY], folder)
    return folder / KEY, truth


@dataclass
class Worker:
    """A ``siaran crawl`` process, its output in files (a full pipe would stall it)."""

    process: subprocess.Popen
    log: Path

    def finish(self) -> str:
        self.process.wait(timeout=120)
        stdout, stderr = (self.log.with_suffix(s).read_text() for s in (".out", ".err"))
        assert self.process.returncode == 0, stderr[-3000:]
        return stdout


def worker(name: str, url: str, port: int, out: Path, params: Path) -> Worker:
    command = live_crawl_command(KEY, port, out, params, "--frontier", url, "--worker", name)
    log = out.parent / f"{name}-{time.monotonic_ns()}"
    with open(log.with_suffix(".out"), "w") as stdout, open(log.with_suffix(".err"), "w") as err:
        return Worker(subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=err), log)


def archived_pages(snapshot: Path) -> Counter:
    index = pl.read_parquet(snapshot / "index.parquet")
    return Counter(url for url in index["url"] if not url.endswith("/robots.txt"))


def check_snapshot(out: Path, truth: pl.DataFrame, served: list) -> tuple[Path, Counter]:
    """One finished snapshot, indexed, its ledger merged; what was fetched how often."""
    (snapshot,) = snapshots(out)
    assert finished(snapshot) and not list(snapshot.glob("failures-*"))
    report = json.loads((snapshot / "crawl_report.json").read_text())
    assert report["workers"] == ["w1", "w2"]
    assert report["lost"] == 0
    paths = warc_files(snapshot)
    assert {p.name.split("-")[1] for p in paths} == {"w1", "w2"}  # both did part of the work
    check = warcio_check(paths)
    assert check.returncode == 0, check.stdout + check.stderr
    index = pl.read_parquet(snapshot / "index.parquet")
    assert set(index["warc_file"]) == {p.name for p in paths}
    # The union is the whole site: every release, and every page the workers asked for
    # (robots.txt aside: each worker reads it).
    host = truth["url"][0].split("/")[2]
    fetched = Counter(s.path for s in served if s.path != "/robots.txt")
    pages = archived_pages(snapshot)
    assert set(pages.elements()) == {f"https://{host}{path}" for path in fetched}
    assert set(truth["url"]) <= set(pages)
    # One request at a time to each host, at least the delay apart, from both workers together.
    for host in {s.host for s in served}:
        times = [s.at for s in served if s.host == host]
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps, default=DELAY) >= DELAY - SLACK, host
    return snapshot, fetched


@pytest.mark.slow
def test_two_workers_share_one_frontier(frontier, replica, tmp_path):
    url, client = frontier
    archive, truth = replica
    out = tmp_path / "out"
    params = mirror_params(tmp_path, download_delay=DELAY, frontier_heartbeat=2)
    server = ReplicaServer(archive).start()
    try:
        workers = [worker(name, url, server.port, out, params) for name in ("w1", "w2")]
        said = [process.finish() for process in workers]
    finally:
        server.stop()
    # One worker wrote the index and report; the other left them to it.
    assert sum("left the index to the last worker" in text for text in said) == 1
    snapshot, fetched = check_snapshot(out, truth, server.log)
    assert set(fetched.values()) == {1}, fetched.most_common(3)
    assert set(archived_pages(snapshot).values()) == {1}
    assert not client.keys("siaran:*")  # the finished crawl's keys are gone


@pytest.mark.slow
def test_a_killed_worker_restarts_and_nothing_is_lost(frontier, replica, tmp_path):
    url, client = frontier
    archive, truth = replica
    out = tmp_path / "out"
    params = mirror_params(tmp_path, download_delay=DELAY, frontier_heartbeat=2, download_timeout=5)
    server = ReplicaServer(archive).start()
    try:
        first = worker("w1", url, server.port, out, params)
        doomed = worker("w2", url, server.port, out, params)
        while not list(out.glob("*/*-w2-*.open")) or len(server.log) < 25:
            assert doomed.process.poll() is None, "the worker ended before it could be killed"
            time.sleep(0.01)
        doomed.process.send_signal(signal.SIGKILL)
        doomed.process.wait(timeout=30)
        # It died with requests taken from the queue and not done: they must not be lost.
        (snapshot,) = snapshots(out)
        assert client.hlen(f"siaran:{KEY}:{snapshot.name}:pending:w2") > 0
        # Started again under its name: it waits for the killed run's heartbeat to lapse.
        again = worker("w2", url, server.port, out, params)
        said = [first.finish(), again.finish()]
    finally:
        server.stop()
    # The restarted worker writes into the crawl's snapshot (it says "resumed" only when the
    # killed run had a whole record in its own WARC file, which depends on when the kill came).
    assert snapshot.name in said[1]
    checked, fetched = check_snapshot(out, truth, server.log)
    assert checked == snapshot  # the restarted worker went on with the same snapshot
    # At most the one request the killed worker had out is fetched again (its turn at the
    # site is one request); at most that one is archived twice.
    twice = [path for path, times in fetched.items() if times > 1]
    assert len(twice) <= 1 and max(fetched.values()) <= 2, fetched.most_common(3)
    assert sum(times - 1 for times in archived_pages(snapshot).values()) <= len(twice)


def test_the_crawl_ends_when_the_queue_is_empty_and_nobody_is_busy(frontier):
    url, client = frontier
    a, b = Frontier(url, KEY, "a", heartbeat=1), Frontier(url, KEY, "b", heartbeat=1)
    assert a.claim_snapshot("S1") == "S1" and b.claim_snapshot("S2") == "S1"  # the first's
    a.join()
    b.join()
    client.set(a.key("seed"), "done")
    client.zadd(a.key("requests"), {"r1": 0, "r2": 0})

    def pop(worker: Frontier) -> bytes:
        keys = [worker.key(k) for k in ("requests", f"pending:{worker.worker}", "busy", "live")]
        return client.register_script(_POP)(keys=keys, args=[worker.worker])[1]

    assert pop(a) == b"r1" and not b.idle()  # r2 is queued
    assert pop(b) == b"r2" and not b.idle()  # b is done with r2, but a may find more
    # a dies holding r1: once its heartbeat lapses, r1 is back in the queue, not lost.
    a._stop.set()
    client.delete(a.key("alive", "a"))
    assert not b.idle() and client.zrange(a.key("requests"), 0, -1) == [b"r1"]
    assert pop(b) == b"r1" and b.idle()
    assert b.leave({"finish_reason": "finished", "downloader/request_count": 3})
    assert b.summed_stats() == {"downloader/request_count": 3} and b.workers() == ["a", "b"]
    b.forget()
    assert not client.keys("siaran:*")


def test_worker_ledgers_merge_keeping_only_what_nobody_answered(tmp_path):
    def ledger(worker: str, *rows: tuple[str, str]) -> None:
        at = datetime(2026, 1, 1, tzinfo=UTC)
        frame = pl.DataFrame(
            [(url, reason, "", at, False) for url, reason in rows],
            schema=FAILURE_SCHEMA,
            orient="row",
        )
        frame.write_parquet(tmp_path / f"failures-{worker}.parquet")

    ledger(
        "w1",
        ("https://a.id/x", "dropped"),
        ("https://a.id/y", "http_500"),
        ("https://b.id/", "offsite"),
    )
    ledger(
        "w2",
        ("https://a.id/x", "dropped"),
        ("https://a.id/y", "dropped"),
        ("https://a.id/z", "dropped"),
    )
    merge_worker_ledgers(tmp_path, pl.Series(["https://a.id/x"]))  # x archived by someone
    merged = pl.read_parquet(tmp_path / "failures.parquet")
    assert merged.select("url", "reason").rows() == [
        ("https://a.id/y", "http_500"),
        ("https://a.id/z", "dropped"),
        ("https://b.id/", "offsite"),
    ]
    assert not list(tmp_path.glob("failures-*"))
