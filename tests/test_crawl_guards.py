"""Crawls that cannot be what the user meant stop at once with one clear line: an empty date
window, and a second crawl into a crawl folder another crawl is writing."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from siaran.spiders.archive.snapshot import LOCK, CrawlFolderBusy, crawl_lock, finished, snapshots
from siaran.spiders.crawl.stage import crawl_options
from tests.replica import build
from tests.replica.serve import ReplicaServer
from tests.support import ROOT, SIARAN, live_crawl_command, mirror_params

HOLD_LOCK = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from siaran.spiders.archive.snapshot import crawl_lock\n"
    "with crawl_lock(Path(sys.argv[1])):\n"
    "    print('locked', flush=True)\n"
    "    time.sleep(120)\n"
)


def test_since_after_until_is_refused_naming_both_dates():
    section = {"mode": "replay", "since": "2024-01-01", "until": "2024-12-31"}
    section |= {"contact": "https://example.org", "max_pages": 10}
    with pytest.raises(ValueError, match="since 2024-12-01 is after until 2024-11-30"):
        crawl_options(section, since="2024-12-01", until="2024-11-30")
    command = [*SIARAN, "crawl", "mc_kalsel", "--since", "2024-12-01", "--until", "2024-01-01"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "siaran: the date window is empty: since 2024-12-01 is after until 2024-01-01 "
        "(--since/--until, or crawl.since/crawl.until in params.yaml)"
    ]


def test_a_crawl_folder_is_locked_by_a_live_process_and_freed_by_its_death(tmp_path):
    folder = tmp_path / "mc_kalsel"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(folder)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(CrawlFolderBusy) as busy, crawl_lock(folder):
            pass
        assert str(busy.value).startswith(
            f"crawl folder {folder} is in use by another crawl (process {holder.pid})"
        )
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert (folder / LOCK).exists()  # left by the killed process, and no obstacle
    with crawl_lock(folder):
        assert (folder / LOCK).read_text().strip() != str(holder.pid)
    assert not (folder / LOCK).exists()


@pytest.mark.slow
def test_a_second_crawl_into_the_same_folder_stops_at_once(tmp_path):
    key = "beritajakarta"
    build.main([key], tmp_path / "replica")
    out = tmp_path / "out"
    # Slow enough (80 pages, some 16 s) that the first still crawls when the second, started
    # on a busy machine, has imported Scrapy and found the lock.
    params = mirror_params(tmp_path, download_delay=0.2)
    server = ReplicaServer(tmp_path / "replica" / key).start()
    command = live_crawl_command(key, server.port, out, params)
    try:
        first = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        while len(server.log) < 10:
            assert first.poll() is None, "the first crawl ended before the second began"
            time.sleep(0.01)
        started = time.monotonic()
        second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        refused_after = time.monotonic() - started
        assert first.poll() is None  # the first was still crawling when the second gave up
        stdout, stderr = first.communicate(timeout=600)
    finally:
        server.stop()
    assert second.returncode == 1
    assert f"crawl folder {out} is in use by another crawl (process {first.pid})" in second.stderr
    assert "Traceback" not in second.stderr and refused_after < 30
    assert first.returncode == 0, stderr[-3000:]
    (snapshot,) = snapshots(out)
    assert finished(snapshot) and not (out / LOCK).exists()
