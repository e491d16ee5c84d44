"""The extract stage's quality gate: coverage and failures by reason, and a clear failure."""

import json

import polars as pl
import pytest

from siaran.spiders import extract


def test_quality_report_and_gate(source_run, tmp_path):
    run = source_run("mc_kalsel")
    report = extract.main(run.raw.parent, tmp_path, ["mc_kalsel"])
    written = json.loads((tmp_path / "quality.json").read_text())
    assert written == report
    quality = report["mc_kalsel"]
    assert quality["releases"] == run.truth.height == quality["valid"]
    assert quality["valid_share"] == 1.0
    assert quality["coverage"]["title"] == 1.0 and quality["coverage"]["byline_unit"] == 1.0
    assert quality["failures"] == {
        "extraction_error": 0,
        "no_title": 0,
        "no_date": 0,
        "short_body": 0,
    }


def test_gate_fails_naming_the_source_and_keeps_the_files(source_run, tmp_path, monkeypatch):
    run = source_run("beritajakarta")
    original = extract.stream_source

    def without_dates(*arguments):
        extraction = original(*arguments)
        half = pl.int_range(pl.len()) % 2 == 0
        extraction.releases = extraction.releases.with_columns(
            published_at=pl.when(half).then(None).otherwise(pl.col("published_at"))
        )
        return extraction

    monkeypatch.setattr(extract, "stream_source", without_dates)
    with pytest.raises(extract.QualityGateFailed, match=r"beritajakarta 50\.0%"):
        extract.main(run.raw.parent, tmp_path, ["beritajakarta"], min_valid_share=0.9)
    report = json.loads((tmp_path / "quality.json").read_text())
    assert report["beritajakarta"]["failures"]["no_date"] == run.truth.height // 2
    assert (tmp_path / "beritajakarta.parquet").is_file()


def test_gate_names_the_fields_a_redesign_sent_to_the_generic_chain(
    source_run, tmp_path, monkeypatch
):
    run = source_run("beritajakarta")
    original = extract.stream_source

    def redesigned(*arguments):
        extraction = original(*arguments)
        paths = pl.struct(
            title=pl.lit("site"),
            date=pl.lit("headline-line"),
            body=pl.lit("container"),
            byline=pl.lit("site"),
        )
        extraction.releases = extraction.releases.with_columns(extraction_path=paths)
        return extraction

    monkeypatch.setattr(extract, "stream_source", redesigned)
    with pytest.raises(extract.QualityGateFailed, match=r"beritajakarta: date 100%, body 100%"):
        extract.main(run.raw.parent, tmp_path, ["beritajakarta"])
    report = json.loads((tmp_path / "quality.json").read_text())["beritajakarta"]
    assert report["generic_share"] == {"title": 0.0, "date": 1.0, "body": 1.0, "byline": 0.0}
    assert report["valid_share"] == 1.0  # the fallbacks kept every release whole
