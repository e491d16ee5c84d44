"""``siaran backfill`` end to end against the local archive servers (tests/replica/archives.py):
the replica's archived history of three sources (an older URL scheme, a domain move, an older
layout) comes back through extraction equal to its ground truth."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from siaran.spiders.archive.reader import iter_responses, warc_files
from siaran.spiders.archive.snapshot import finished, snapshots
from siaran.spiders.backfill.stage import BackfillFailed, BackfillOptions, main
from siaran.spiders.crawl.hostmap import parse_host_map
from siaran.spiders.extract import main as extract
from tests.replica.archives import CC_DATA, ArchiveFaults, ArchiveServer
from tests.replica.history import SOURCES, WINDOW, ground_truth
from tests.support import ROOT

pytestmark = pytest.mark.slow
CONTACT = "mailto:test@example.org"


def options(server: ArchiveServer, archive: str) -> BackfillOptions:
    host_map = parse_host_map(server.host_map())
    return BackfillOptions(archive, *WINDOW, CONTACT, interval=0.0, host_map=host_map)


def planted(archive: str) -> pl.DataFrame:
    """The archived releases with a capture in the window (and held by the archive)."""
    day = pl.element().dt.date()
    in_window = day.is_between(pl.lit(WINDOW[0]), pl.lit(WINDOW[1]))
    truth = ground_truth().filter(pl.col("captured_at").list.eval(in_window).list.any())
    return truth.filter(pl.col("in_commoncrawl")) if archive == "commoncrawl" else truth


def extracted(raw: Path, out: Path) -> pl.DataFrame:
    # The default gates: the older layouts read by the generic chain are no markup change.
    extract(raw, out, list(SOURCES))
    return pl.concat([pl.read_parquet(out / f"{key}.parquet") for key in SOURCES])


def test_wayback_backfill_gives_every_archived_release_and_nothing_twice(tmp_path):
    server = ArchiveServer().start()
    raw = tmp_path / "raw"
    try:
        main([(key, raw / key) for key in SOURCES], options(server, "wayback"))
        first = len(server.log)
        again = main([(key, raw / key) for key in SOURCES], options(server, "wayback"))
    finally:
        server.stop()
    # A second backfill of the window queries the index and fetches no capture.
    assert not [s for s in server.log[first:] if s.path.startswith("/web/")]
    assert all(done.report["releases_fetched"] == 0 for done in again)

    truth = planted("wayback")
    got = extracted(raw, tmp_path / "extracted")
    assert set(truth["source"]) == set(SOURCES)
    joined = truth.join(got, on="url", how="left", suffix="_got")
    for column in ("source", "title", "published_at", "body"):
        wrong = joined.filter(pl.col(column).ne_missing(pl.col(f"{column}_got")))
        assert wrong.is_empty(), (column, wrong.select("url", column, f"{column}_got"))
    # Soft 404s, redirect pages and the home page are not releases.
    assert got.height == truth.height
    assert set(got["capture_source"]) == {"wayback"}
    # The capture time is the fetch time; a page captured twice keeps the older one.
    times = joined.select("captured_at", "fetched_at", "earlier_captures").iter_rows()
    assert all(
        fetched == captured[-1] and earlier == captured[:-1] for captured, fetched, earlier in times
    )
    ledger = pl.concat(pl.read_parquet(p) for p in raw.glob("*/*/failures.parquet"))
    assert Counter(ledger["reason"]) == {"soft_404": 3, "redirect_page": 3}
    # Provenance: the original URL and capture time, the archive and the capture's URL.
    record = next(iter_responses(warc_files(raw / "mc_kalsel")[0]))
    assert record.archive == "wayback" and record.url.startswith("https://kalselprov.go.id/")


def test_commoncrawl_backfill_honours_retry_after_and_ledgers_a_truncated_range(tmp_path):
    truth = planted("commoncrawl")
    cut = truth.filter(pl.col("source") == "sumbarprov")["url"][0]
    faults = ArchiveFaults(throttle_every=6, retry_after=1, truncate=(cut,))
    server = ArchiveServer(faults=faults).start()
    raw = tmp_path / "raw"
    try:
        with pytest.raises(BackfillFailed, match=r"sumbarprov: \d+ of"):
            main([(key, raw / key) for key in SOURCES], options(server, "commoncrawl"))
    finally:
        server.stop()
    # Every 429 was followed by a wait of Retry-After before the next request to that host.
    for n, served in enumerate(server.log):
        if served.status == 429:
            following = next(s for s in server.log[n + 1 :] if s.host == served.host)
            assert following.at - served.at >= 0.99
    assert any(s.status == 429 for s in server.log)
    assert any(s.host == CC_DATA and s.fault == "short_range" for s in server.log)
    # The truncated range is a ledger row, not a silent loss.
    (snapshot,) = snapshots(raw / "sumbarprov")
    ledger = pl.read_parquet(snapshot / "failures.parquet")
    assert set(ledger.filter(pl.col("reason") == "truncated")["url"]) == {cut}

    got = extracted(raw, tmp_path / "extracted")
    expected = truth.filter(pl.col("url") != cut)
    assert sorted(got["url"]) == sorted(expected["url"])
    joined = expected.join(got, on="url", suffix="_got")
    assert (joined["title"] == joined["title_got"]).all()
    assert (joined["published_at"] == joined["published_at_got"]).all()
    assert (joined["body"] == joined["body_got"]).all()
    assert set(got["capture_source"]) == {"commoncrawl"}


def test_killed_backfill_resumes_with_every_capture_once(tmp_path):
    server = ArchiveServer().start()
    out = tmp_path / "mc_kalsel"
    command = ["siaran", "backfill", "mc_kalsel", "--out", str(out), "--from", "wayback"]
    command += ["--since", WINDOW[0].isoformat(), "--until", WINDOW[1].isoformat()]
    command += ["--interval", "0.3", *(f"--host-map={entry}" for entry in server.host_map())]
    env = {**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}"}
    try:
        run = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        while sum(s.path.startswith("/web/") for s in server.log) < 4:
            assert run.poll() is None, "the backfill ended before it could be killed"
            time.sleep(0.01)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        (snapshot,) = snapshots(out)
        assert not finished(snapshot)
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr[-2000:]
    assert "resumed snapshot" in done.stdout
    assert snapshots(out) == [snapshot] and finished(snapshot)
    truth = planted("wayback").filter(pl.col("source") == "mc_kalsel")
    # Release captures once each, but the one in flight at the kill; the ledger of pages that
    # are no release is written at the end, so a killed run's are asked for again.
    releases = [s.path for s in server.log if s.path.split("id_/")[-1] in set(truth["url"])]
    assert sum(n - 1 for n in Counter(releases).values()) <= 1
    index = pl.read_parquet(snapshot / "index.parquet")
    assert set(index["url"]) == set(truth["url"])
    assert index.height == truth["captured_at"].list.len().sum()
