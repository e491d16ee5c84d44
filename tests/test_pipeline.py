"""The replica pipeline end to end: what a researcher checks first in the corpus."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from importlib.resources import files
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from siaran.spiders.archive.index import INDEX_SCHEMA
from siaran.spiders.archive.reader import iter_responses, read_response, warc_files
from siaran.spiders.archive.snapshot import snapshots
from siaran.spiders.release import RELEASE_SCHEMA
from tests.support import ROOT, SOURCES, run_crawl, warcio_check


def test_corpus_has_the_release_schema(sample):
    releases = sample.releases
    assert releases.schema == RELEASE_SCHEMA
    assert releases["doc_id"].is_unique().all()
    expected_ids = [hashlib.sha256(u.encode()).hexdigest()[:16] for u in releases["canonical_url"]]
    assert releases["doc_id"].to_list() == expected_ids


def test_corpus_holds_every_generated_release_with_title_date_and_body(pipeline):
    releases = pipeline.releases
    assert sorted(releases["url"]) == sorted(pipeline.truth["url"])
    assert (
        releases.select(pl.col("title", "published_at", "body").null_count())
        .sum_horizontal()
        .item()
        == 0
    )
    assert set(releases["source"]) == set(SOURCES)


def test_publication_times_are_utc_of_the_provinces_local_time(sample):
    releases = sample.releases
    seed = releases.filter(pl.col("url").str.contains("senkom-mitra-polri"))
    # The seed release is stamped 16:05 WITA (UTC+8) in the replica.
    assert seed["published_at"].item() == datetime(2024, 7, 22, 8, 5, tzinfo=UTC)
    zones = dict(
        releases.filter(pl.col("source") != "infopublik")
        .select("source", "timezone")
        .unique()
        .iter_rows()
    )
    assert zones["mc_kalsel"] == "Asia/Makassar"
    assert zones["beritajakarta"] == "Asia/Jakarta"
    assert zones["papua"] == "Asia/Jayapura"
    joined = sample.truth.join(releases, on="url", suffix="_corpus")
    assert joined.filter(pl.col("published_at") != pl.col("published_at_corpus")).is_empty()


def test_seed_release_is_included_verbatim(source_run):
    seed_text = files("tests.replica").joinpath("seeds/mc-kalsel-2024-07-22.txt").read_text()
    release = (
        source_run("mc_kalsel")
        .extracted.filter(pl.col("url").str.contains("senkom-mitra-polri"))
        .row(0, named=True)
    )
    lines = [line.strip() for line in seed_text.splitlines() if line.strip()]
    assert release["body"] == "\n\n".join(lines).removesuffix(" MC Kalsel/Fuz")
    assert (release["byline_unit"], release["writers"]) == ("MC Kalsel", ["Fuz"])
    assert release["event_date"].isoformat() == "2024-07-22"
    local = release["published_at"].astimezone(ZoneInfo("Asia/Makassar"))
    assert local.date().isoformat() == "2024-07-22"


def test_crawl_archives_are_valid_warc_with_a_matching_index(source_run):
    for key in ("mc_kalsel", "beritajakarta", "acehprov"):
        (folder,) = snapshots(source_run(key).raw)
        paths = warc_files(folder)
        assert paths and not list(folder.glob("*.open"))
        check = warcio_check(paths)
        assert check.returncode == 0, check.stdout + check.stderr
        index = pl.read_parquet(folder / "index.parquet")
        assert index.schema == INDEX_SCHEMA
        responses = [r for path in paths for r in iter_responses(path)]
        assert index.height == len(responses)
        row = index.filter(pl.col("url").str.ends_with("/robots.txt")).row(0, named=True)
        stored = read_response(folder / row["warc_file"], row["offset"])
        assert stored.url == row["url"] and stored.status == row["status"]


def test_record_dates_come_from_the_archive_in_replay(sample):
    fetched = sample.releases["fetched_at"].unique().to_list()
    assert fetched == [datetime(2024, 12, 15, 2, 0, tzinfo=UTC)]


def test_replay_crawl_is_byte_for_byte_reproducible(source_run, tmp_path):
    # Kalteng's robots.txt answers 403, so its failure ledger is not empty.
    run = source_run("mmc_kalteng")
    done = run_crawl(run.key, run.replica / run.key, tmp_path / run.key)
    assert done.returncode == 0, done.stderr[-3000:]
    first, second = (tree_bytes(folder) for folder in (run.raw, tmp_path / run.key))
    assert first == second
    (snapshot,) = snapshots(run.raw)
    assert snapshot.name == "20241215T020000Z"  # the archive's newest capture
    assert len(pl.read_parquet(snapshot / "failures.parquet")) == 1


def tree_bytes(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_replay_again_replaces_only_its_own_replay(source_run, tmp_path):
    """dvc repro replays again after a change to the crawl code: the replay's snapshot, which
    holds nothing its archive does not, is written anew."""
    run = source_run("mc_kalsel")
    shutil.copytree(run.raw, tmp_path / "out")
    done = run_crawl(run.key, run.replica / run.key, tmp_path / "out")
    assert done.returncode == 0, done.stderr[-3000:]
    assert tree_bytes(tmp_path / "out") == tree_bytes(run.raw)


def test_a_crawl_never_overwrites_a_collected_snapshot(source_run, tmp_path):
    run = source_run("mc_kalsel")
    shutil.copytree(run.raw, tmp_path / "out")
    (snapshot,) = snapshots(tmp_path / "out")
    report = json.loads((snapshot / "crawl_report.json").read_text())
    (snapshot / "crawl_report.json").write_text(json.dumps({**report, "mode": "live"}))
    before = {p: p.stat().st_mtime_ns for p in snapshot.rglob("*")}
    done = run_crawl(run.key, run.replica / run.key, tmp_path / "out")
    assert done.returncode != 0
    assert "already exists and is finished; nothing collected is overwritten" in done.stderr
    assert {p: p.stat().st_mtime_ns for p in snapshot.rglob("*")} == before


def test_monthly_volume_counts_every_dated_release(sample):
    volume = sample.table("volume").filter(pl.col("granularity") == "month")
    counts = dict(volume.group_by("source").agg(pl.col("n_releases").sum()).iter_rows())
    truth = dict(sample.truth.group_by("source").len().iter_rows())
    assert counts == truth
    for every in ("day", "week", "month"):  # each granularity counts every release once
        rows = sample.table("volume").filter(pl.col("granularity") == every)
        assert rows["n_releases"].sum() == sum(truth.values())
    metrics = json.loads(sample.metrics.read_text())
    assert metrics["releases"]["documents"] == sum(truth.values())
    assert metrics["releases"]["undated"] == 0


def test_replay_crawl_touches_no_network(source_run, tmp_path):
    """The crawl runs with every outbound connection and DNS lookup made to fail."""
    run = source_run("beritajakarta")
    guard = (
        "import socket, sys\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network used during a replay crawl')\n"
        "socket.socket.connect = socket.socket.connect_ex = refuse\n"
        "socket.getaddrinfo = socket.create_connection = refuse\n"
        "from siaran.spiders.cli import main\n"
        "sys.argv = ['siaran', *sys.argv[1:]]\n"
        "main()\n"
    )
    archive, out = str(run.replica / run.key), str(tmp_path / run.key)
    command = [sys.executable, "-c", guard, "crawl", run.key, "--archive", archive, "--out", out]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "network used" not in done.stderr
    (snapshot,) = snapshots(tmp_path / run.key)
    assert len(pl.read_parquet(snapshot / "index.parquet")) > 60


@pytest.mark.slow
def test_replica_is_identical_across_processes(tmp_path):
    """No output may depend on Python's per-process hash seed (set iteration order)."""
    digests = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        keys = ["jabarprov", "infopublik", "gorontaloprov"]
        code = (
            "from pathlib import Path; from tests.replica import build; "
            f"build.main({keys!r}, Path({str(out)!r}))"
        )
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
        digests.append(
            {
                p.relative_to(out): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(out.rglob("*"))
                if p.is_file()
            }
        )
    assert digests[0] == digests[1] and len(digests[0]) > 6
