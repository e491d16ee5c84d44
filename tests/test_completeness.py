import json
from datetime import UTC, datetime

import polars as pl
import pytest

from siaran.analysis.completeness import completeness, read_snapshots
from siaran.spiders.release import FIELDS
from tests.corpora import corpus, crawl_report, release
from tests.support import ROOT

JULY = datetime(2024, 7, 22, 3, 30, tzinfo=UTC)


def releases() -> pl.LazyFrame:
    return corpus(
        release("a1", "a", writers=["Fuz"]),
        # A body of blanks is no body, and no writer is an empty list: half of 'a' lacks both.
        release("a2", "a", body="  \n\n ", writers=[]),
        release("b1", "b", published_at=None, writers=["Ay"]),
    ).lazy()


def by_source(frame: pl.LazyFrame) -> dict[str, dict]:
    return {row["source"]: row for row in frame.collect().to_dicts()}


def test_without_snapshots_the_crawl_columns_are_null_and_fields_are_shared():
    found = completeness(releases())
    rows = by_source(found)
    a, b = rows["a"], rows["b"]
    assert (a["n_releases"], a["n_extracted"], a["n_undated"]) == (2, 1, 0)
    assert (b["n_releases"], b["n_extracted"], b["n_undated"]) == (1, 0, 1)
    assert a["share_body"] == 0.5 and a["share_writers"] == 0.5 and a["share_title"] == 1.0
    assert b["share_published_at"] == 0.0 and b["share_body"] == 1.0
    crawl = ("n_snapshots", "n_listed", "n_declared", "n_fetched", "n_failed", "failed_by_reason")
    assert all(row[name] is None for row in rows.values() for name in crawl)
    shares = [name for name in found.collect_schema() if name.startswith("share_")]
    assert shares == [f"share_{name}" for name in FIELDS if name != "source"]


def test_failures_by_reason_are_summed_over_two_snapshots():
    snapshots = {
        # Newest first on purpose: the declared total is the newest snapshot's.
        "a": [
            crawl_report(
                "20250115T020000Z",
                releases_listed=3,
                releases_fetched=2,
                declared_total=12,
                lost=2,
                failures_by_reason={"http_403": 3},
            ),
            crawl_report(
                releases_listed=5,
                releases_fetched=4,
                declared_total=10,
                lost=1,
                failures_by_reason={"http_403": 1, "timeout": 2},
            ),
        ],
        # Crawled, nothing extracted: the silent source has a row.
        "c": [crawl_report(releases_listed=0, releases_fetched=0)],
    }
    rows = by_source(completeness(releases(), snapshots))
    a, b, c = rows["a"], rows["b"], rows["c"]
    assert (a["n_snapshots"], a["n_listed"], a["n_declared"], a["n_fetched"]) == (2, 8, 12, 6)
    assert (a["n_failed"], a["n_lost"]) == (6, 3)
    assert a["failed_by_reason"] == [
        {"reason": "http_403", "n": 4},
        {"reason": "timeout", "n": 2},
    ]
    assert a["n_releases"] == 2 and a["share_body"] == 0.5
    # The manifest does not name b: no snapshot, counts unknown.
    assert b["n_snapshots"] == 0 and b["n_fetched"] is None and b["failed_by_reason"] is None
    assert (c["n_releases"], c["n_extracted"], c["n_failed"]) == (0, 0, 0)
    assert c["failed_by_reason"] == [] and c["share_title"] is None


def test_an_older_report_leaves_the_counts_it_lacks_null():
    older = crawl_report(release_pages_archived=7)
    for name in ("releases_listed", "releases_fetched"):
        del older[name]
    snapshots = {"a": [crawl_report(releases_listed=5, releases_fetched=4), older]}
    a = by_source(completeness(releases(), snapshots))["a"]
    # A sum over one of two snapshots would read as a count of both.
    assert a["n_listed"] is None and a["n_declared"] is None
    assert a["n_fetched"] == 4 + 7


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="snapshots of a: lost is 'many', not a count"):
        completeness(releases(), {"a": [crawl_report(lost="many")]})
    with pytest.raises(ValueError, match="the releases lacks the column.s. body"):
        completeness(releases().drop("body"))


def test_read_snapshots_beside_the_corpus(tmp_path):
    corpus_file = tmp_path / "releases.parquet"
    assert read_snapshots(corpus_file) is None
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"snapshots": {"a": [crawl_report()]}}))
    assert read_snapshots(corpus_file)["a"][0]["releases_listed"] == 73
    assert read_snapshots(manifest) == read_snapshots(corpus_file)
    manifest.write_text(json.dumps({"stage": "corpus"}))
    assert read_snapshots(manifest) is None
    manifest.write_text("{not json")
    with pytest.raises(ValueError, match="manifest.json: not a readable manifest"):
        read_snapshots(corpus_file)


def test_the_demo_corpus_against_its_manifest():
    path = ROOT / "data" / "corpus" / "releases.parquet"
    if not path.exists():
        pytest.skip("no demo corpus")
    snapshots = read_snapshots(path)
    found = completeness(pl.scan_parquet(path), snapshots).collect()
    assert set(found["source"]) >= set(snapshots)
    assert found["n_releases"].sum() == pl.scan_parquet(path).select(pl.len()).collect().item()
    assert (found["n_failed"] >= found["n_lost"]).all()


def test_backfilled_releases_are_counted_apart_and_an_older_corpus_has_none():
    frame = corpus(
        release("a1", "a", capture_source="crawl"),
        release("a2", "a", capture_source="wayback"),
        release("a3", "a", capture_source="commoncrawl"),
        release("b1", "b", capture_source="foreign"),
    )
    rows = by_source(completeness(frame.lazy()))
    assert (rows["a"]["n_releases"], rows["a"]["n_backfilled"]) == (3, 2)
    assert rows["b"]["n_backfilled"] == 0
    older = by_source(completeness(frame.drop("capture_source").lazy()))
    assert older["a"]["n_backfilled"] == 0
