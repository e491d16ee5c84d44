"""The golden set: hand-written tricky pages, and a sample of every source's replica."""

import pytest

from siaran.spiders.accuracy import main
from tests.replica import build
from tests.support import ROOT, SOURCES

GOLDEN = ROOT / "tests" / "golden"
REQUIRED = ("title", "published_at", "byline_unit", "dateline_place", "body_start")


def assert_accurate(pages: int, scores: dict) -> None:
    for name in REQUIRED:
        score = scores[name]
        assert score.accuracy >= 0.98, f"{name}: {score.accuracy:.3f}; {score.misses[:5]}"
    # Every page is scored on the required fields.
    assert all(scores[name].total >= pages for name in REQUIRED)


def test_handwritten_golden_pages():
    pages, scores = main([GOLDEN])
    assert pages >= 30
    assert_accurate(pages, scores)


def test_replica_sample_of_every_source(tmp_path):
    build.main(SOURCES, tmp_path)
    pages, scores = main([GOLDEN], tmp_path / "groundtruth.parquet", tmp_path)
    handwritten, _ = main([GOLDEN])
    assert pages - handwritten == 4 * len(SOURCES)
    assert_accurate(pages, scores)


def test_a_broken_golden_listing_names_its_file(tmp_path):
    (tmp_path / "expected.yaml").write_text("- file: [unclosed\n")
    with pytest.raises(ValueError, match="expected.yaml"):
        main([tmp_path])
