"""Source health and publication gaps (Media Cloud's rule), counted by hand."""

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

from siaran.analysis.health import HEALTH_SCHEMA, gap_runs, gaps, source_health, source_state
from siaran.spiders.release import RELEASE_SCHEMA
from tests.support import ROOT
from tests.test_volume import corpus, rows

# A Saturday; the corpus was fetched months later, which must not matter.
AS_OF = date(2024, 11, 30)


def on(source: str, day: date, n: int = 1) -> list[dict]:
    """``n`` releases of ``source`` at noon WITA (04:00 UTC) on ``day``."""
    noon = datetime(day.year, day.month, day.day, 4, tzinfo=UTC)
    return [
        {"source": source, "doc_id": f"{source}-{day}-{i}", "published_at": noon} for i in range(n)
    ]


def weekly(source: str, first_monday: date, counts: list[int]) -> list[dict]:
    """``counts[k]`` releases on the Wednesday of the k-th week from ``first_monday``."""
    return [
        row
        for k, n in enumerate(counts)
        for row in on(source, first_monday + timedelta(weeks=k, days=2), n)
    ]


def test_expected_gaps_and_the_weeks_between_healthy_weeks():
    monday = date(2024, 9, 2)
    frame = corpus(*weekly("s", monday, [8, 0, 0, 1, 8]), *on("t", AS_OF))
    health = source_health(frame).filter(pl.col("source") == "s").collect()
    # Expected: the mean of the weeks with releases, 17/3; a gap is under 17/12 = 1.42. The
    # weeks after the last healthy one, up to the week of as_of, are empty but no gaps.
    assert health["expected"].unique().to_list() == [pytest.approx(17 / 3)]
    assert health.select("n_releases", "is_gap").rows() == [
        (8, False),
        (0, True),
        (0, True),
        (1, True),
        (8, False),
        *[(0, False)] * 8,
    ]
    assert health["week"][-1] == date(2024, 11, 25)
    listed = gaps(source_health(frame)).collect()
    assert listed.columns == ["source", "week", "n_releases", "expected"]
    assert listed["week"].to_list() == [monday + timedelta(weeks=k) for k in (1, 2, 3)]


def test_expected_is_the_mean_of_the_20_busiest_weeks():
    counts = [10] * 20 + [2] * 5
    frame = corpus(*weekly("s", date(2024, 6, 3), counts))
    health = source_health(frame).collect()
    assert health["expected"].unique().to_list() == [10.0]
    # 2 is under 0.25 x 10: the last five weeks are not healthy, so not gaps either.
    assert not health["is_gap"].any()


def test_unhealthy_rule_both_ways():
    before_last_week = AS_OF - timedelta(days=30)
    frame = corpus(
        # 30 releases in the 90 days, none in the last 7: unhealthy.
        *on("fading", before_last_week, 30),
        # The same, and 3 in the last 7 days: 0.43 a day, over 0.25 x 33/90 = 0.09: healthy.
        *on("steady", before_last_week, 30),
        *on("steady", AS_OF - timedelta(days=6), 3),
        # 10 releases in 90 days is too few to judge; 11 is enough.
        *on("small", before_last_week, 10),
        *on("eleven", before_last_week, 11),
        # 300 releases 100 to 365 days ago, 12 in the 90 days with 1 in the last 7: 1/7 a day
        # is over 0.25 x 12/90 but under 0.25 x 312/365, the 365-day rate.
        *on("declining", AS_OF - timedelta(days=200), 300),
        *on("declining", before_last_week, 11),
        *on("declining", AS_OF, 1),
        # Nothing in the 90 days: a silent source.
        *on("silent", AS_OF - timedelta(days=120), 2),
    )
    state = source_state(frame).collect()
    assert state.select("source", "n_week", "n_90", "n_365", "state").rows() == [
        ("declining", 1, 12, 312, "unhealthy"),
        ("eleven", 0, 11, 11, "unhealthy"),
        ("fading", 0, 30, 30, "unhealthy"),
        ("silent", 0, 0, 2, "unhealthy"),
        ("small", 0, 10, 10, "healthy"),
        ("steady", 3, 33, 33, "healthy"),
    ]
    assert state["as_of"].unique().to_list() == [AS_OF]
    health = source_health(frame).collect()
    assert health.schema == HEALTH_SCHEMA
    assert dict(health.select("source", "state").unique().iter_rows()) == dict(
        state.select("source", "state").iter_rows()
    )


def test_last_week_is_the_7_days_ending_on_as_of_not_its_iso_week():
    wednesday = date(2024, 11, 27)
    frame = corpus(
        *on("s", wednesday - timedelta(days=7)),  # the Wednesday before: out of the 7 days
        *on("s", wednesday - timedelta(days=6)),  # Thursday: in
        *on("s", wednesday),
        *on("s", wednesday + timedelta(days=1)),  # after as_of: left out everywhere
    )
    state = source_state(frame, as_of=wednesday).collect()
    assert state.select("as_of", "n_week", "n_90").row(0) == (wednesday, 2, 3)
    health = source_health(frame, as_of=wednesday).collect()
    assert rows(health.lazy(), "week", "n_releases") == [
        (date(2024, 11, 18), 2),
        (date(2024, 11, 25), 1),
    ]


def test_as_of_must_be_a_date():
    frame = corpus(*on("s", AS_OF))
    with pytest.raises(ValueError, match="as_of must be a date, not datetime"):
        source_health(frame, as_of=datetime(2024, 11, 30))
    with pytest.raises(ValueError, match="as_of must be a date, not str"):
        source_state(frame, as_of="2024-11-30")


CORPUS = ROOT / "data" / "corpus" / "releases.parquet"


@pytest.mark.skipif(not CORPUS.exists(), reason="the demo corpus is not built")
def test_the_replicas_silent_weeks_are_gaps():
    """The replica leaves sumbarprov silent for three weeks of September (signals.json)."""
    columns = ["doc_id", "source", "province_code", "published_at", "timezone", "dup_cluster"]
    releases = (
        pl.scan_parquet(CORPUS)
        .select(*columns, "fetched_at")
        .cast({name: RELEASE_SCHEMA[name] for name in columns})
    )
    listed = gaps(source_health(releases)).filter(pl.col("source") == "sumbarprov").collect()
    silent = [date(2024, 9, 2), date(2024, 9, 9), date(2024, 9, 16)]
    assert set(silent) <= set(listed["week"])


def test_consecutive_gap_weeks_are_one_run():
    monday = date(2024, 9, 2)
    frame = corpus(
        *weekly("s", monday, [8, 0, 0, 0, 8, 0, 8]),
        # t's lone gap week follows s's last gap week: a run never spans two sources.
        *weekly("t", monday + timedelta(weeks=6), [8, 0, 8]),
        *on("s", AS_OF),
    )
    runs = gap_runs(source_health(frame, as_of=AS_OF))
    week = [monday + timedelta(weeks=k) for k in range(9)]
    assert rows(runs, "source", "first_week", "last_week", "n_weeks", "n_releases") == [
        ("s", week[1], week[3], 3, 0),
        ("s", week[5], week[5], 1, 0),
        ("t", week[7], week[7], 1, 0),
    ]
