"""A live crawl against the replica served with faults: nothing is lost, robots.txt is obeyed,
Retry-After is respected. Traffic stays on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict

import polars as pl
import pytest
import yaml
from conftest import ROOT
from scrapy.exceptions import IgnoreRequest
from twisted.internet.error import DNSLookupError, TimeoutError

from spiders.middlewares import failure_reason
from spiders.replica.serve import Faults, ReplicaServer
from spiders.warc import warc_files

KEY, HOST = "beritajakarta", "m.beritajakarta.id"


def test_live_crawl_against_faults_loses_nothing(source_run, tmp_path):
    run = source_run(KEY)
    # The newest release: on the first listing page, so discovery reaches it whatever fails.
    disallowed_url = run.truth.sort("published_at")["url"][-1]
    disallowed = disallowed_url.removeprefix(f"https://{HOST}")
    faults = Faults(error_share=0.04, throttle_every=9, retry_after=1,
                    unavailable_once="/berita/terkini", disallow=(disallowed,))  # fmt: skip
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    # A mirror on this machine: no delay needed; failures are expected here.
    params["crawl"].update(download_delay=0, autothrottle=False, max_failure_share=0.5)
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params))
    server = ReplicaServer(run.replica / KEY, faults).start()
    try:
        mirror = f"{HOST}=http://127.0.0.1:{server.port}"
        command = [sys.executable, "-m", "analysis.cli", "crawl", KEY, "--mode", "live",
                   "--host-map", mirror, "--out", str(tmp_path / "out"),
                   "--params", str(tmp_path / "params.yaml")]  # fmt: skip
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr[-3000:]

    index = pl.read_parquet(tmp_path / "out" / "index.parquet")
    ledger = dict(pl.read_parquet(tmp_path / "out" / "failures.parquet")
                  .select("url", "reason").iter_rows())  # fmt: skip
    archived = set(index.filter(pl.col("status") < 300)["url"])
    requested = {f"https://{HOST}{served.path}" for served in server.log}
    # Every URL the crawl asked for is archived or listed with its reason.
    assert requested <= archived | set(ledger)
    assert disallowed not in {served.path for served in server.log}
    assert ledger[disallowed_url] == "robots"
    failing = {url for url in requested if faults.fails(url.removeprefix("https://"))}
    assert failing and all(ledger[url] == "http_500" for url in failing)
    report = json.loads((tmp_path / "out" / "crawl_report.json").read_text())
    assert report["failures_by_reason"]["robots"] == 1
    assert report["failures_by_reason"]["http_500"] == len(failing)
    assert report["responses_by_status"]["429"] >= 1 and report["retries"] >= 1
    # Responses keep the real URLs in the WARC, and the files are closed and valid.
    assert index["url"].str.starts_with(f"https://{HOST}/").all()
    paths = warc_files(tmp_path / "out")
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, paths)],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stdout

    # After a 429 or 503 the same path is not asked again before Retry-After has passed.
    by_path = defaultdict(list)
    for served in server.log:
        by_path[served.path].append(served)
    waits = [later.at - earlier.at for visits in by_path.values()
             for earlier, later in zip(visits, visits[1:], strict=False)
             if earlier.status in (429, 503)]  # fmt: skip
    assert waits and min(waits) >= faults.retry_after


@pytest.mark.parametrize(
    ("exception", "reason"),
    [
        (IgnoreRequest("Forbidden by robots.txt"), "robots"),
        (IgnoreRequest("max redirections reached"), "redirect_loop"),
        (DNSLookupError(), "dns"),
        (TimeoutError(), "timeout"),
        (Exception("expected response size (9) larger than download max size (1)."), "too_large"),
        (ConnectionRefusedError(), "network"),
    ],
)
def test_failure_reasons(exception, reason):
    assert failure_reason(exception) == reason
