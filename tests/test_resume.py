"""A crawl killed half way (SIGKILL, or SIGINT) and started again with the same folder ends
with every page archived once and every WARC file valid."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections import Counter

import polars as pl
import pytest

from siaran.spiders.archive.index import archive_index, index_rows
from siaran.spiders.archive.reader import iter_responses, warc_files
from siaran.spiders.archive.salvage import salvage
from siaran.spiders.archive.snapshot import finished, snapshots
from siaran.spiders.archive.writer import ArchiveWriter
from siaran.spiders.extract import extract_source
from siaran.spiders.registry.source import get_source
from tests.replica.serve import ReplicaServer
from tests.support import ROOT, live_crawl_command, mirror_params, warcio_check

KEY = "beritajakarta"


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_killed_crawl_resumes_with_every_page_once(source_run, tmp_path, kill):
    run = source_run(KEY)
    out = tmp_path / "out"
    # A small delay, so the crawl is still running when it is killed.
    params = mirror_params(tmp_path, download_delay=0.05)
    server = ReplicaServer(run.replica / KEY).start()
    command = live_crawl_command(KEY, server.port, out, params)
    try:
        crawl = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while len(server.log) < 40:  # about half of the site's 81 pages
            assert crawl.poll() is None, "the crawl ended before it could be killed"
            time.sleep(0.01)
        crawl.send_signal(kill)
        crawl.wait(timeout=120)
        served_before = len(server.log)
        (snapshot,) = snapshots(out)
        assert not finished(snapshot)
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "resumed snapshot" in done.stdout
    assert snapshots(out) == [snapshot] and finished(snapshot)

    # Every page once: the resumed run asked only for what the first had not archived.
    requested = Counter(served.path for served in server.log)
    asked_twice = [path for path, times in requested.items() if times > 1]
    assert len(asked_twice) <= 1, asked_twice  # at most the page in flight at the kill
    assert served_before < len(server.log) <= len(requested) + 1
    index = pl.read_parquet(snapshot / "index.parquet")
    assert index["url"].is_unique().all()
    assert {
        url.removeprefix(f"https://{run.truth['url'][0].split('/')[2]}") for url in index["url"]
    } == set(requested)
    # Every file closed and valid, none partly written; the index covers them all.
    paths = warc_files(out)
    assert len(paths) >= 2 and not list(out.rglob("*.open"))
    check = warcio_check(paths)
    assert check.returncode == 0, check.stdout + check.stderr
    assert index.height == sum(len(index_rows(path)) for path in paths)
    releases = extract_source(get_source(KEY), out).releases
    assert releases.sort("url")["title"].to_list() == run.truth.sort("url")["title"].to_list()


def test_salvage_keeps_whole_records_of_a_torn_file(source_run, tmp_path):
    (original,) = warc_files(source_run("mc_kalsel").raw)
    data = original.read_bytes()
    records = len(list(iter_responses(original)))
    for cut in (len(data) // 3, len(data) // 2 + 17, len(data) - 5):
        torn = tmp_path / f"torn-{cut}.warc.gz.open"
        torn.write_bytes(data[:cut])
        closed = salvage(torn)
        assert closed == tmp_path / f"torn-{cut}.warc.gz" and not torn.exists()
        kept = closed.read_bytes()
        assert data.startswith(kept) and len(kept) < len(data)
        assert 0 < len(list(iter_responses(closed))) <= records
        assert warcio_check([closed]).returncode == 0
    empty = tmp_path / "empty.warc.gz.open"
    empty.write_bytes(data[:40])  # not even the warcinfo record is whole
    assert salvage(empty) is None and not empty.exists()


def test_writer_goes_on_after_the_files_of_an_interrupted_crawl(source_run, tmp_path):
    (original,) = warc_files(source_run("mc_kalsel").raw)
    shutil.copy(original, tmp_path / "mc_kalsel-00000.warc.gz")
    writer = ArchiveWriter(tmp_path, "mc_kalsel", {"software": "test"})
    stored = next(iter_responses(original))
    writer.write(
        url="https://example.org/new",
        status=200,
        reason="OK",
        headers=[],
        body=b"new",
        request_headers=[],
        fetched_at=stored.fetched_at,
    )
    writer.close()
    assert [p.name for p in warc_files(tmp_path)] == [
        "mc_kalsel-00000.warc.gz",
        "mc_kalsel-00001.warc.gz",
    ]
    index = pl.read_parquet(tmp_path / "index.parquet")
    assert index.height == len(index_rows(original)) + 1
    assert index.filter(pl.col("url") == "https://example.org/new")["warc_file"].to_list() == [
        "mc_kalsel-00001.warc.gz"
    ]


def test_an_index_missing_files_is_not_trusted(source_run, tmp_path):
    (snapshot,) = snapshots(source_run("mc_kalsel").raw)
    shutil.copytree(snapshot, tmp_path / "snapshot")
    (original,) = warc_files(tmp_path / "snapshot")
    # A resumed crawl that was killed again: a file its index.parquet does not list yet.
    shutil.copy(original, original.with_name("mc_kalsel-00001.warc.gz"))
    index = archive_index(tmp_path)
    assert index.height == 2 * len(index_rows(original))
    assert index["warc_file"].str.ends_with("-00001.warc.gz").sum() == len(index_rows(original))
