"""A damaged archive is read as far as it is whole, and what it lost fails the extract stage's
quality gate by name: a WARC file cut in half, its index missing or listing part of it."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest

from siaran.spiders import extract
from siaran.spiders.archive.index import archive_index, index_rows, scan_archive
from siaran.spiders.archive.reader import warc_files
from tests.archives import crawl_folder
from tests.replica import build

KEY = "mc_kalsel"


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replica")
    return folder, build.main([KEY], folder)


def cut_in_half(snapshot):
    (path,) = warc_files(snapshot)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def test_a_warc_file_cut_in_half_without_its_index_fails_the_gate(replica, tmp_path):
    folder, truth = replica
    snapshot = crawl_folder(folder, KEY, tmp_path / "raw")
    path = cut_in_half(snapshot)
    (snapshot / "index.parquet").unlink()
    out = tmp_path / "out"
    with pytest.raises(extract.QualityGateFailed) as failed:
        extract.main(tmp_path / "raw", out, [KEY])
    archived = truth.height  # the replica's release pages, one a release
    read, missing = whole_pages(str(failed.value), archived)
    assert f"unreadable records in {path}" in str(failed.value)
    # Every whole record before the cut is kept; the cut is ledgered with file and offset.
    releases = pl.read_parquet(out / f"{KEY}.parquet")
    assert releases.height == read and releases["published_at"].null_count() == 0
    assert set(releases["url"]) < set(truth["url"])
    ledger = pl.read_parquet(out / "failures.parquet")
    assert ledger.select("source", "warc_file", "reason").rows() == [
        (KEY, str(path), "unreadable_record")
    ]
    offset = ledger["offset"].item()
    assert 0 < offset < path.stat().st_size
    quality = json.loads((out / "quality.json").read_text())[KEY]
    assert quality["unreadable_records"] == [
        {"warc_file": str(path), "offset": offset, "detail": ledger["detail"].item()}
    ]
    assert (quality["release_pages_archived"], quality["release_pages_read"]) == (archived, read)


def whole_pages(message: str, archived: int) -> tuple[int, int]:
    """Pages read and missing, as the gate's message gives them; about half each."""
    found = re.search(
        rf"{KEY}: (\d+) of {archived} archived release pages read, (\d+) missing", message
    )
    assert found, message
    read, missing = int(found[1]), int(found[2])
    assert read + missing == archived and archived / 3 < read < archived * 2 / 3
    return read, missing


def test_an_index_listing_records_past_the_end_of_a_cut_file_is_not_trusted(replica, tmp_path):
    folder, truth = replica
    snapshot = crawl_folder(folder, KEY, tmp_path / "raw")
    path = cut_in_half(snapshot)
    scan = scan_archive(tmp_path / "raw")
    ends = scan.index.select(pl.col("offset") + pl.col("length")).to_series()
    assert ends.max() <= path.stat().st_size
    assert [row["warc_file"] for row in scan.unreadable] == [str(path)]
    with pytest.raises(extract.QualityGateFailed) as failed:
        extract.main(tmp_path / "raw", tmp_path / "out", [KEY])
    whole_pages(str(failed.value), truth.height)


def test_an_index_listing_part_of_a_whole_file_is_completed(replica, tmp_path):
    folder, truth = replica
    snapshot = crawl_folder(folder, KEY, tmp_path / "raw")
    (path,) = warc_files(snapshot)
    index = pl.read_parquet(snapshot / "index.parquet")
    index.head(index.height // 2).write_parquet(snapshot / "index.parquet")
    assert archive_index(tmp_path / "raw").height == len(index_rows(path)) == index.height
    report = extract.main(tmp_path / "raw", tmp_path / "out", [KEY])
    assert report[KEY]["releases"] == truth.height
    assert report[KEY]["unreadable_records"] == []
    assert pl.read_parquet(tmp_path / "out" / "failures.parquet").is_empty()


def test_pages_a_crawl_report_counts_but_no_file_holds_are_missing(replica, tmp_path):
    folder, truth = replica
    snapshot = crawl_folder(folder, KEY, tmp_path / "raw")
    # A later snapshot whose WARC file was lost: its report still counts what it archived.
    lost = snapshot.with_name("20250101T000000Z")
    lost.mkdir()
    report = {"finish_reason": "finished", "mode": "live", "release_pages_archived": 5}
    (lost / "crawl_report.json").write_text(json.dumps(report))
    with pytest.raises(extract.QualityGateFailed) as failed:
        extract.main(tmp_path / "raw", tmp_path / "out", [KEY])
    assert (
        f"{KEY}: 73 of 78 archived release pages read, 5 missing (6.4%, limit "
        "extract.max_missing_share=2%); no readable record holds them: 20241215T020000Z, "
        "20250101T000000Z"
    ) in str(failed.value)
    # A threshold that allows it lets it pass.
    extract.main(tmp_path / "raw", tmp_path / "out", [KEY], max_missing_share=0.1)
