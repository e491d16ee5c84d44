"""SIGTERM (a service manager, `kill`, a container stop) stops a live crawl as promptly and
gracefully as Ctrl-C: the report says 'shutdown', and the same command resumes the snapshot."""

from __future__ import annotations

import json
import signal
import subprocess
import time

import pytest

from siaran.spiders.archive.snapshot import finished, snapshots
from tests.replica import build
from tests.replica.serve import ReplicaServer
from tests.support import ROOT, live_crawl_command, mirror_params

KEY = "beritajakarta"
# What a user waits for at most; measured on a two-core machine: well under a second.
STOP_WITHIN = 5.0


@pytest.mark.slow
def test_sigterm_stops_a_live_crawl_promptly_and_it_resumes(tmp_path, record_property):
    truth = build.main([KEY], tmp_path / "replica")
    out = tmp_path / "out"
    params = mirror_params(tmp_path, download_delay=0.05)
    server = ReplicaServer(tmp_path / "replica" / KEY).start()
    command = live_crawl_command(KEY, server.port, out, params)
    try:
        crawl = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        while len(server.log) < 40:
            assert crawl.poll() is None, "the crawl ended before it could be stopped"
            time.sleep(0.01)
        crawl.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        _, stderr = crawl.communicate(timeout=60)
        stopped_after = time.monotonic() - sent
        served_when_stopped = len(server.log)
        resumed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    finally:
        server.stop()
    record_property("sigterm_stop_seconds", round(stopped_after, 2))
    print(f"SIGTERM to exit: {stopped_after:.2f} s")  # noqa: T201 - the measurement
    assert crawl.returncode == 1 and "'shutdown'" in stderr.decode()
    assert stopped_after < STOP_WITHIN
    assert served_when_stopped < 80  # it stopped, it did not run to the end
    (snapshot,) = snapshots(out)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "resumed snapshot" in resumed.stdout
    assert snapshots(out) == [snapshot] and finished(snapshot)
    report = json.loads((snapshot / "crawl_report.json").read_text())
    assert report["release_pages_archived"] == truth.height
    assert report["answered_from_this_snapshot"] > 0
