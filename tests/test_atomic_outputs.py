"""Stage outputs are whole or absent: an interrupted extraction leaves the previous output (or
none) and no partial files, a completion manifest is written last, and the corpus stage
refuses an extraction its manifest does not vouch for, saying what to run."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from datetime import UTC, datetime

import polars as pl
import pytest

from siaran.analysis import corpus
from siaran.spiders import extract
from siaran.spiders.archive.writer import ArchiveWriter
from siaran.spiders.output import IncompleteOutput, atomic_folder
from tests.archives import SNAPSHOT, crawl_folder
from tests.replica import build
from tests.support import ROOT, SIARAN

KEYS = ["beritajakarta", "infosumut", "jabarprov", "mc_kalsel", "papua", "sumbarprov"]
RUN_EXTRACT = "run `siaran extract` (or `dvc repro extract`) to write it whole"


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    """Crawl folders of a few sources, made from their replica without a crawl."""
    folder = tmp_path_factory.mktemp("archive")
    build.main(KEYS, folder / "replica")
    for key in KEYS:
        crawl_folder(folder / "replica", key, folder / "raw")
    return folder / "raw"


def tree(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_extraction_ends_with_a_manifest_the_corpus_checks(raw, tmp_path):
    out = tmp_path / "extracted"
    extract.main(raw, out, KEYS)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["finished"] is True and manifest["quality_gate"] == "passed"
    assert manifest["sources"] == {key: f"{key}.parquet" for key in KEYS}
    heights = {f"{key}.parquet": pl.read_parquet(out / f"{key}.parquet").height for key in KEYS}
    assert manifest["files"] == {**heights, "failures.parquet": 0}
    built = corpus.main(out, tmp_path / "corpus", raw_dir=raw, params={})
    assert built["files"] == {"releases.parquet": sum(heights.values())}
    written = sorted(p.name for p in (tmp_path / "corpus").iterdir())
    assert written == ["README.md", "datapackage.json", "manifest.json", "releases.parquet"]


def test_corpus_refuses_an_extraction_its_manifest_does_not_vouch_for(raw, tmp_path):
    out = tmp_path / "extracted"
    extract.main(raw, out, KEYS[:2])
    corpus_path = tmp_path / "corpus"

    def refused(match: str) -> None:
        with pytest.raises(IncompleteOutput, match=re.escape(match)):
            corpus.main(out, corpus_path, raw_dir=raw, params={})
        assert not corpus_path.exists()

    manifest = json.loads((out / "manifest.json").read_text())
    files = out / f"{KEYS[0]}.parquet", out / f"{KEYS[1]}.parquet"
    kept = files[0].read_bytes()
    files[0].write_bytes(b"not parquet")
    refused(f"{KEYS[0]}.parquet is not a readable Parquet file; {RUN_EXTRACT}")
    pl.read_parquet(files[1]).head(5).write_parquet(files[0])
    refused(f"{KEYS[0]}.parquet has 5 rows, manifest.json says 72; {RUN_EXTRACT}")
    files[0].write_bytes(kept)
    files[1].rename(tmp_path / "elsewhere")
    refused(f"{KEYS[1]}.parquet, listed in manifest.json, is missing; {RUN_EXTRACT}")
    (tmp_path / "elsewhere").rename(files[1])
    (out / "manifest.json").write_text(json.dumps({**manifest, "quality_gate": "failed"}))
    refused("failed its quality gate")
    (out / "manifest.json").unlink()
    refused(f"no manifest.json, so the extract stage did not finish writing it; {RUN_EXTRACT}")


def test_a_source_with_no_release_fails_the_gate_unless_its_crawl_archived_none(
    raw, tmp_path, monkeypatch
):
    monkeypatch.setattr(extract, "page_rows", lambda source, stored, lookup: [])
    with pytest.raises(
        extract.QualityGateFailed,
        match=r"no release extracted from the release pages the crawl archived: mc_kalsel \(73",
    ):
        extract.main(raw, tmp_path / "out", ["mc_kalsel"])
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["quality_gate"] == "failed"


def test_a_crawl_that_archived_no_release_page_passes_and_says_so(tmp_path):
    snapshot = tmp_path / "raw" / "papua" / SNAPSHOT
    writer = ArchiveWriter(snapshot, "papua", {"software": "test"})
    writer.write(
        url="https://papua.go.id/robots.txt",
        status=200,
        reason="OK",
        headers=[("Content-Type", "text/plain")],
        body=b"User-agent: *\nAllow: /\n",
        request_headers=[],
        fetched_at=datetime(2024, 12, 15, 2, tzinfo=UTC),
    )
    writer.close()
    report = {"finish_reason": "finished", "mode": "live", "release_pages_archived": 0}
    (snapshot / "crawl_report.json").write_text(json.dumps(report))
    quality = extract.main(tmp_path / "raw", tmp_path / "out", ["papua"])["papua"]
    assert (quality["releases"], quality["release_pages_archived"]) == (0, 0)
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["quality_gate"] == "passed"


def test_a_failed_write_leaves_the_old_folder_whole(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.parquet").write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_folder(out) as partial:
        (partial / "a.parquet").write_bytes(b"new")
        raise KeyboardInterrupt
    assert tree(out) == {out.relative_to(out) / "a.parquet": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    with atomic_folder(out) as partial:
        (partial / "b.parquet").write_bytes(b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert [p.name for p in out.iterdir()] == ["b.parquet"]
    (out / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="holds files no stage wrote"), atomic_folder(out):
        pass


@pytest.mark.slow
def test_ctrl_c_during_extract_leaves_no_partial_output_and_the_corpus_refuses(raw, tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text(json.dumps({"sources": KEYS, "extract": {}}))
    out = tmp_path / "extracted"
    extracting = subprocess.Popen(
        [*SIARAN, "extract", "--raw", str(raw), "--out", str(out), "--params", str(params)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    partial = tmp_path / ".extracted.partial"
    while not list(partial.glob("*.parquet")):  # a source written, others not yet
        assert extracting.poll() is None, "the extraction ended before it could be interrupted"
        time.sleep(0.005)
    extracting.send_signal(signal.SIGINT)
    extracting.wait(timeout=60)
    assert extracting.returncode != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["params.yaml"]
    done = subprocess.run(
        [*SIARAN, "corpus", str(out), "--out", str(tmp_path / "corpus")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert f"{out}: no manifest.json" in done.stderr and "siaran extract" in done.stderr
    assert not (tmp_path / "corpus").exists()
