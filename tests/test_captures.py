"""One release per page in the corpus: the newest capture wins, a crawl's or a backfill's."""

from datetime import UTC, datetime

from siaran.analysis.corpus import newest_captures
from tests.corpora import corpus, release

OLD, MID, NEW = (datetime(year, 1, 1, tzinfo=UTC) for year in (2018, 2022, 2024))


def test_the_newest_capture_wins_and_keeps_the_others_times():
    found = newest_captures(
        corpus(
            release("a", title="archived", fetched_at=OLD, capture_source="wayback"),
            release(
                "a",
                title="recrawled",
                fetched_at=NEW,
                capture_source="crawl",
                earlier_captures=[MID],
            ),
            release("b", title="only", fetched_at=MID, capture_source="commoncrawl"),
        ).lazy()
    ).collect()
    rows = {row["doc_id"]: row for row in found.to_dicts()}
    assert found.height == 2
    assert (rows["a"]["title"], rows["a"]["capture_source"]) == ("recrawled", "crawl")
    assert rows["a"]["fetched_at"] == NEW and rows["a"]["earlier_captures"] == [OLD, MID]
    assert rows["b"]["earlier_captures"] == [] and rows["b"]["capture_source"] == "commoncrawl"
