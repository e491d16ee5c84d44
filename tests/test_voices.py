from datetime import UTC, date, datetime

import polars as pl
import pytest

from siaran.analysis.voices import speakers, unattributed_quotes

JULY, AUGUST = datetime(2024, 7, 22, 3, tzinfo=UTC), datetime(2024, 8, 5, 3, tzinfo=UTC)


def releases() -> pl.LazyFrame:
    return pl.LazyFrame(
        {
            "doc_id": ["p1", "p2", "p3", "q1", "u1"],
            "source": ["mc_kalsel", "mc_kalsel", "infopublik", "kaltimprov", "mc_kalsel"],
            "province_code": ["63", "63", "63", "64", "63"],
            "timezone": ["Asia/Makassar"] * 5,
            "published_at": [JULY, AUGUST, JULY, JULY, None],
            # p3 reposts p1.
            "dup_cluster": ["p1", "p2", "p1", "q1", "u1"],
        }
    )


def quotes() -> pl.LazyFrame:
    rows = [
        ("p1", 0, "Muhidin", "Gubernur", "kata", "direct", False),
        ("p1", 1, "Muhidin", None, "ujarnya", "direct", True),
        ("p1", 2, "Roy Rizali Anwar", "Sekda", "mengatakan", "indirect", False),
        ("p2", 0, "Muhidin", "Gubernur Kalsel", "kata", "direct", False),
        ("p2", 1, "Muhidin", "Gubernur", "menurut", "indirect", False),
        # A quote no speaker could be found for.
        ("p2", 2, None, None, "ujarnya", "direct", False),
        ("p3", 0, "Muhidin", "Gubernur", "kata", "direct", False),
        ("q1", 0, "Rudy Mas'ud", "Gubernur", "kata", "direct", False),
        ("u1", 0, "Hasnuryadi", "Wakil Gubernur", "kata", "direct", False),
    ]
    schema = {
        "doc_id": pl.String,
        "position": pl.UInt32,
        "speaker": pl.String,
        "role": pl.String,
        "verb": pl.String,
        "kind": pl.Enum(["direct", "indirect"]),
        "resolved": pl.Boolean,
    }
    return pl.LazyFrame(rows, schema=schema, orient="row")


def test_share_of_voice_per_province_adds_up_to_one():
    found = speakers(releases(), quotes()).collect()
    assert found.group_by("province_code").agg(pl.col("share_of_voice").sum())[
        "share_of_voice"
    ].to_list() == pytest.approx([1.0, 1.0])
    south = found.filter(pl.col("province_code") == "63")
    # The repost p3 is p1 again; the unattributed quote is nobody's.
    assert south.rows() == [
        ("63", "Muhidin", "Gubernur", 4, 4 / 6),
        ("63", "Hasnuryadi", "Wakil Gubernur", 1, 1 / 6),
        ("63", "Roy Rizali Anwar", "Sekda", 1, 1 / 6),
    ]


def test_counting_documents_counts_the_repost():
    found = speakers(releases(), quotes(), count="documents").collect()
    governor = found.filter(pl.col("speaker") == "Muhidin").row(0, named=True)
    assert (governor["n_quotes"], governor["share_of_voice"]) == (5, 5 / 7)


def test_by_source_and_local_month_with_undated_apart():
    found = speakers(releases(), quotes(), by=["source"], every="month").collect()
    kalsel = found.filter(pl.col("source") == "mc_kalsel")
    assert kalsel.select("period", "speaker", "n_quotes", "share_of_voice").rows() == [
        (date(2024, 7, 1), "Muhidin", 2, 2 / 3),
        (date(2024, 7, 1), "Roy Rizali Anwar", 1, 1 / 3),
        (date(2024, 8, 1), "Muhidin", 2, 1.0),
        (None, "Hasnuryadi", 1, 1.0),
    ]
    # In August the governor is 'Gubernur Kalsel' once and 'Gubernur' once: the first
    # alphabetically.
    assert kalsel["role"].to_list()[2] == "Gubernur"


def test_unattributed_quotes_are_counted_apart():
    found = unattributed_quotes(releases(), quotes()).collect()
    assert found.rows() == [("63", 7, 1, 1 / 7), ("64", 1, 0, 0.0)]
    whole = unattributed_quotes(releases(), quotes(), by=()).collect()
    assert whole.rows() == [(8, 1, 1 / 8)]


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="every must be one of day, week, month"):
        speakers(releases(), quotes(), every="year")
    with pytest.raises(ValueError, match="the quotes lacks the column.s. speaker"):
        speakers(releases(), quotes().drop("speaker"))
