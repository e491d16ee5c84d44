"""The golden set: replica pages of every source plus hand-written tricky pages."""

from conftest import ROOT

from spiders.accuracy import main

GOLDEN = ROOT / "tests" / "golden"
REQUIRED = ("title", "published_at", "byline_unit", "dateline_place", "body_start")


def test_golden_set_accuracy():
    pages, scores = main(GOLDEN)
    assert pages >= 150
    for name in REQUIRED:
        score = scores[name]
        assert score.accuracy >= 0.98, f"{name}: {score.accuracy:.3f}; {score.misses[:5]}"
    # Every hand-written page is scored on the required fields.
    assert all(scores[name].total >= pages for name in REQUIRED)
