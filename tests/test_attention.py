"""Attention (Media Cloud's count / total / ratio, on duplicate clusters), counted by hand."""

import sys
import types
from datetime import date

import polars as pl
import pytest

from siaran.analysis.attention import ATTENTION_SCHEMA, attention, attention_table, over_span
from siaran.spiders.registry.gazetteer import WIB
from tests.test_volume import corpus, rows, utc

JULY, AUGUST, SEPTEMBER = (date(2024, month, 1) for month in (7, 8, 9))
ACEH = {"source": "aceh", "province_code": "11", "timezone": WIB}
# Kalsel (63) and Aceh (11). July: Kalsel's a and its copy b match q, c does not; Aceh's d
# matches q, e, f, g do not. August: Kalsel's h does not match, Aceh publishes nothing.
# September: Aceh's i matches q, Kalsel publishes nothing.
PANEL = corpus(
    {"doc_id": "a", "published_at": utc(2024, 7, 1, 4)},
    {"doc_id": "b", "published_at": utc(2024, 7, 2, 4), "dup_cluster": "a"},
    {"doc_id": "c", "published_at": utc(2024, 7, 3, 4)},
    *({**ACEH, "doc_id": doc, "published_at": utc(2024, 7, 5, 4)} for doc in "defg"),
    {"doc_id": "h", "published_at": utc(2024, 8, 5, 4)},
    {**ACEH, "doc_id": "i", "published_at": utc(2024, 9, 5, 4)},
    # Undated: in no period, neither count nor total.
    {**ACEH, "doc_id": "j", "published_at": None},
)
MATCHES = pl.LazyFrame(
    {"doc_id": ["a", "b", "d", "i", "j"], "query": ["q"] * 5},
    schema={"doc_id": pl.String, "query": pl.Enum(["q", "r"])},
)
COLUMNS = ("province_code", "period", "count", "total", "ratio", "relative")


def test_count_total_ratio_and_relative_per_province_and_for_the_panel():
    table = attention(PANEL, MATCHES)
    assert rows(table.filter(pl.col("query") == "q"), *COLUMNS) == [
        # The copy b is in cluster a: counted once. The panel's ratio in July is 2/6.
        ("ALL", JULY, 2, 6, 2 / 6, 1.0),
        ("ALL", AUGUST, 0, 1, 0.0, None),
        ("ALL", SEPTEMBER, 1, 1, 1.0, 1.0),
        ("11", JULY, 1, 4, 0.25, 0.75),
        ("11", AUGUST, 0, 0, 0.0, None),
        ("11", SEPTEMBER, 1, 1, 1.0, 1.0),
        ("63", JULY, 1, 2, 0.5, 1.5),
        ("63", AUGUST, 0, 1, 0.0, None),
        ("63", SEPTEMBER, 0, 0, 0.0, None),
    ]


def test_attention_over_the_whole_span_adds_up_the_periods():
    table = over_span(attention(PANEL, MATCHES))
    assert rows(table, "query", "province_code", "count", "total", "ratio", "relative") == [
        # The panel: 3 of 8 stories match q; Aceh 2 of 5, Kalsel 1 of 3.
        ("q", "ALL", 3, 8, 3 / 8, 1.0),
        ("q", "11", 2, 5, 0.4, pytest.approx(0.4 / (3 / 8))),
        ("q", "63", 1, 3, 1 / 3, pytest.approx((1 / 3) / (3 / 8))),
        # A query the panel never matched has no relative attention.
        ("r", "ALL", 0, 8, 0.0, None),
        ("r", "11", 0, 5, 0.0, None),
        ("r", "63", 0, 3, 0.0, None),
    ]


def test_attention_over_a_span_refuses_mixed_granularities():
    with pytest.raises(ValueError, match="mixes granularities"):
        over_span(attention_table(PANEL, MATCHES)).collect()


def test_a_query_matching_nothing_has_zero_rows():
    table = attention(PANEL, MATCHES).filter(pl.col("query") == "r")
    assert rows(table, "count", "ratio", "relative") == [(0, 0.0, None)] * 9


def test_a_cluster_across_provinces_counts_in_each_and_once_in_the_panel():
    frame = corpus(
        {"doc_id": "orig", "published_at": utc(2024, 7, 1, 4)},
        # Aceh's trimmed repost, without the matching paragraph.
        {**ACEH, "doc_id": "repost", "published_at": utc(2024, 7, 2, 4), "dup_cluster": "orig"},
        {**ACEH, "doc_id": "other", "published_at": utc(2024, 7, 3, 4)},
    )
    matches = pl.LazyFrame({"doc_id": ["orig"], "query": ["q"]})
    assert rows(attention(frame, matches), "province_code", "count", "total", "relative") == [
        ("ALL", 1, 2, 1.0),
        ("11", 0, 2, 0.0),
        ("63", 1, 1, 2.0),
    ]


def test_relative_attention_of_a_source_against_the_panel():
    frame = corpus(
        {"source": "infopublik", "province_code": None, "published_at": utc(2024, 7, 1, 4)},
        {"source": "infopublik", "province_code": "63", "published_at": utc(2024, 7, 1, 5)},
        {"source": "kalsel", "published_at": utc(2024, 7, 2, 4)},
        {"source": "kalsel", "published_at": utc(2024, 7, 3, 4)},
    )
    matches = pl.LazyFrame({"doc_id": ["d0", "d1", "d2"], "query": ["banjir"] * 3})
    table = attention(frame, matches, by="source", every="week")
    assert rows(table, "source", "period", "count", "total", "relative") == [
        ("ALL", date(2024, 7, 1), 3, 4, 1.0),
        ("infopublik", date(2024, 7, 1), 2, 2, pytest.approx(4 / 3)),
        ("kalsel", date(2024, 7, 1), 1, 2, pytest.approx(2 / 3)),
    ]


def test_the_aggregators_unknown_province_is_a_group_of_its_own():
    frame = corpus(
        {"source": "agg", "province_code": None, "timezone": WIB, "published_at": utc(2024, 7, 1)},
        {"published_at": utc(2024, 7, 1, 4)},
    )
    matches = pl.LazyFrame({"doc_id": ["d0"], "query": ["q"]})
    assert rows(attention(frame, matches), "province_code", "count", "total") == [
        ("ALL", 1, 2),
        ("63", 0, 1),
        (None, 1, 1),
    ]


def test_named_queries_are_matched_by_the_queries_module(monkeypatch):
    seen = {}

    def matches(releases, queries):
        seen["queries"] = dict(queries)
        return pl.LazyFrame({"doc_id": ["a"], "query": ["q"]})

    module = types.ModuleType("siaran.analysis.queries")
    module.matches = matches
    monkeypatch.setitem(sys.modules, "siaran.analysis.queries", module)
    table = attention(PANEL, {"q": "q-query", "unmatched": "u-query"}).collect()
    assert seen["queries"] == {"q": "q-query", "unmatched": "u-query"}
    assert sorted(table["query"].unique()) == ["q", "unmatched"]


def test_the_stage_table():
    table = attention_table(PANEL, MATCHES).collect()
    assert table.schema == ATTENTION_SCHEMA
    months = table.filter(pl.col("granularity") == "month")
    # 2 queries x (2 provinces + ALL) x 3 months.
    assert months.height == 18
    weeks = table.filter(pl.col("granularity") == "week", pl.col("province_code") == "ALL")
    assert weeks["period"].min() == date(2024, 7, 1) and weeks["period"].max() == date(2024, 9, 2)


def test_bad_queries_are_named():
    with pytest.raises(ValueError, match="queries must be a LazyFrame of matches"):
        attention(PANEL, MATCHES.collect())
    with pytest.raises(ValueError, match="the matches lacks the column.s. query"):
        attention(PANEL, MATCHES.drop("query"))
    with pytest.raises(ValueError, match="lacks the column.s. regency"):
        attention(PANEL, MATCHES, by="regency")
