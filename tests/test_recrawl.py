"""Incremental recrawls: a new crawl into the same folder writes a new snapshot with only what
is new; extraction reads every snapshot and keeps the newest version of each page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polars as pl
import pytest

from siaran.spiders.archive.snapshot import snapshots
from siaran.spiders.extract import extract_source
from siaran.spiders.registry.source import get_source
from tests.replica import build
from tests.replica.serve import ReplicaServer
from tests.support import ROOT, live_crawl_command, mirror_params


def crawl(replica: Path, key: str, out: Path, params: Path, *extra: str) -> set[str]:
    """A live crawl of the replica site; the URLs the server was asked for."""
    server = ReplicaServer(replica / key).start()
    try:
        command = live_crawl_command(key, server.port, out, params, *extra)
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr[-3000:]
    return {f"https://{served.host}{served.path}" for served in server.log}


# One source of each paginated discovery family: HTML listing, sitemap, WordPress REST.
@pytest.mark.slow
@pytest.mark.parametrize("key", ["beritajakarta", "mc_kalsel", "jatengprov"])
def test_recrawl_fetches_only_new_releases_and_their_listing_pages(key, tmp_path):
    before = build.main([key], tmp_path / "before")
    after = build.main([key], tmp_path / "after", grow=5)
    new = set(after["url"]) - set(before["url"])
    assert len(new) == 5 and set(before["url"]) < set(after["url"])
    source, out, params = get_source(key), tmp_path / "out", mirror_params(tmp_path)

    first = crawl(tmp_path / "before", key, out, params)
    second = crawl(tmp_path / "after", key, out, params)
    assert {url for url in second if source.is_release_url(url)} == new
    discovery = {url for url in second if not source.is_release_url(url)}
    assert discovery <= first | new  # the same index pages, no release page again
    if key == "beritajakarta":  # newest first, ten a page: the new five are on the first page
        assert {url.rsplit("/", 1)[-1] for url in discovery} == {
            "robots.txt",
            "terkini",
            "terkini?page=2",
        }
    first_snapshot, second_snapshot = snapshots(out)
    second_index = pl.read_parquet(second_snapshot / "index.parquet")
    assert set(second_index["url"]) == second
    # What discovery listed, new to each snapshot, sums to the releases of the site.
    reports = [json.loads((s / "crawl_report.json").read_text()) for s in snapshots(out)]
    assert [(r["releases_listed"], r["releases_fetched"]) for r in reports] == [
        (before.height, before.height),
        (5, 5),
    ]

    # Extraction reads both snapshots: every release once, as the grown site has it.
    releases = extract_source(source, out).releases
    assert sorted(releases["url"]) == sorted(after["url"])
    assert releases["earlier_captures"].list.len().max() == 0

    # --refresh fetches every release again; the newest capture wins, earlier ones are noted.
    third = crawl(tmp_path / "after", key, out, params, "--refresh")
    assert {url for url in third if source.is_release_url(url)} == set(after["url"])
    third_snapshot = snapshots(out)[-1]
    refreshed = extract_source(source, out).releases
    assert refreshed.height == after.height
    assert refreshed["warc_file"].str.starts_with(str(third_snapshot)).all()
    assert (refreshed["earlier_captures"].list.len() == 1).all()
    assert refreshed.sort("url")["title"].to_list() == after.sort("url")["title"].to_list()
