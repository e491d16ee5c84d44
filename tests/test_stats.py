"""The stats stage on small corpora: every table and the metrics written, any corpus in the
release schema read (older ones too), and what it cannot read named in one line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from siaran.analysis.stats import main
from siaran.spiders.release import RELEASE_SCHEMA

TABLES = {
    "volume",
    "attention",
    "source_health",
    "completeness",
    "undated",
    "places",
    "concentration",
    "speakers",
    "bylines",
}
FETCHED = datetime(2024, 12, 1, tzinfo=UTC)
BODY = (
    "Banjarbaru - Gubernur Kalimantan Selatan meninjau banjir di Kabupaten Tanah Laut.\n\n"
    "“Kami siagakan posko,” kata Kepala BPBD Kalsel, Raden Suryanto."
)


def release(doc_id: str, **fields: object) -> dict:
    return {
        "doc_id": doc_id,
        "source": "mc_kalsel",
        "province_code": "63",
        "timezone": "Asia/Makassar",
        "title": f"Rilis {doc_id}",
        "body": BODY,
        "dateline_place": "Banjarbaru",
        "published_at": datetime(2024, 7, 2, 3, tzinfo=UTC),
        "fetched_at": FETCHED,
        "dup_cluster": doc_id,
        "byline_unit": "MC Kalsel",
        "writers": ["Fuz"],
        "editors": [],
        "categories": [],
        "images": [],
        "earlier_captures": [],
        **fields,
    }


def corpus(folder: Path, rows: list[dict], drop: tuple[str, ...] = ()) -> Path:
    path = folder / "releases.parquet"
    pl.DataFrame(rows, schema=RELEASE_SCHEMA).drop(drop).write_parquet(path)
    return path


@pytest.fixture
def queries(tmp_path: Path) -> Path:
    path = tmp_path / "queries.yaml"
    path.write_text("queries:\n  banjir: banjir*\n  pilkada: pilkada\n")
    return path


def test_every_table_metrics_and_plots_are_written(tmp_path, queries):
    rows = [
        release("a"),
        release("b", published_at=datetime(2024, 9, 3, tzinfo=UTC)),
        # An aggregator's repost of a, from a media center no gazetteer entry names.
        release("c", source="agg", province_code=None, dup_cluster="a", byline_unit="MC Kota X"),
    ]
    figures = main(corpus(tmp_path, rows), tmp_path / "stats", queries_path=queries)
    out = tmp_path / "stats"
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["files"]) == {f"{name}.parquet" for name in TABLES}
    attention = pl.read_parquet(out / "attention.parquet")
    month = attention.filter(pl.col("granularity") == "month", pl.col("province_code") == "ALL")
    # July: a and its repost c are one story, matching banjir; September: b.
    assert month.filter(pl.col("query") == "banjir").select("period", "count", "total").rows() == [
        (datetime(2024, 7, 1).date(), 1, 1),
        (datetime(2024, 8, 1).date(), 0, 0),
        (datetime(2024, 9, 1).date(), 1, 1),
    ]
    assert month.filter(pl.col("query") == "pilkada")["count"].sum() == 0  # listed, unmatched
    places = pl.read_parquet(out / "places.parquet").filter(pl.col("n_releases") > 0)
    assert set(places["region_name"]) == {"Kota Banjarbaru", "Kabupaten Tanah Laut"}
    speakers = pl.read_parquet(out / "speakers.parquet")
    # In Kalimantan Selatan a and b, each quoting him once; c under no province.
    assert speakers.select("province_code", "speaker", "n_quotes").rows() == [
        ("63", "Raden Suryanto", 2),
        (None, "Raden Suryanto", 1),
    ]
    assert figures["releases"] | {"plausible_dates": None} == {
        "documents": 3,
        "clusters": 2,
        "undated": 0,
        "undated_by_reason": {"no_date": 0, "out_of_range": 0, "no_timezone": 0},
        "first_month": "2024-07-01",
        "last_month": "2024-09-01",
        "plausible_dates": None,
        "unattributed_media_centers": {"agg": ["MC Kota X"]},
    }
    assert figures["attention"]["banjir"]["share"] == 1.0
    assert json.loads((out / "metrics.json").read_text()) == figures
    plot = pl.read_csv(out / "plot_attention.csv")
    assert plot.columns == ["period", "series", "value"] and set(plot["series"]) == {
        "banjir",
        "pilkada",
    }


def test_a_corpus_from_before_later_fields_still_works(tmp_path):
    path = corpus(tmp_path, [release("a")], drop=("editors", "images", "dup_kind"))
    main(path, tmp_path / "stats")
    complete = pl.read_parquet(tmp_path / "stats" / "completeness.parquet")
    assert "share_writers" in complete.columns and "share_editors" not in complete.columns


@pytest.mark.parametrize("needed", ["writers", "dup_cluster", "body"])
def test_a_missing_needed_column_is_named(tmp_path, needed):
    path = corpus(tmp_path, [release("a")], drop=(needed,))
    with pytest.raises(ValueError, match=f"lacks the column.s. {needed}"):
        main(path, tmp_path / "stats")
    assert not (tmp_path / "stats").exists()


def test_an_empty_corpus_gives_empty_tables(tmp_path, queries):
    figures = main(corpus(tmp_path, []), tmp_path / "stats", queries_path=queries)
    assert figures["releases"]["documents"] == 0
    for name in TABLES - {"completeness"}:
        assert pl.read_parquet(tmp_path / "stats" / f"{name}.parquet").height == 0, name
