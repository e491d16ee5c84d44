"""Place mentions, on sentences written like provincial press releases."""

from __future__ import annotations

import json

import polars as pl
import pytest

from siaran.analysis.places import MENTION_SCHEMA, mentions, resolve_place
from siaran.spiders.registry.gazetteer import regions
from tests.support import ROOT


def found(
    body: str | None,
    province: str | None = "63",
    title: str | None = None,
    dateline: str | None = None,
) -> list[tuple[str, str, int, str]]:
    """(region_code, where, start, surface) of one release's mentions."""
    release = pl.LazyFrame(
        {
            "doc_id": ["r1"],
            "province_code": [province],
            "title": [title],
            "body": [body],
            "dateline_place": [dateline],
        },
        schema={c: pl.String() for c in ("doc_id", "province_code", "title", "body")}
        | {"dateline_place": pl.String()},
    )
    out = mentions(release).collect()
    assert out.schema == MENTION_SCHEMA
    return [(r["region_code"], r["where"], r["start"], r["surface"]) for r in out.to_dicts()]


def codes(body: str, province: str | None = "63") -> list[str]:
    return [code for code, *_ in found(body, province)]


def test_a_regency_named_three_ways():
    body = (
        "PELAIHARI – Bupati Tanah Laut meninjau jalan usaha tani di Kabupaten Tanah Laut, "
        "Senin (22/7/2024). Warga Tala menyambut baik program tersebut."
    )
    assert found(body) == [
        ("63.01", "body", 12, "Bupati Tanah Laut"),
        ("63.01", "body", 59, "Kabupaten Tanah Laut"),
        ("63.01", "body", 106, "Tala"),
    ]


def test_prefixes_in_every_spelling_and_case():
    body = (
        "Kab. HST, Kab HST, Kab.HST, KABUPATEN HULU SUNGAI TENGAH, kab. Hulu Sungai Tengah, "
        "Pemkab HST dan Wakil Bupati Hulu Sungai Tengah."
    )
    assert [s for *_, s in found(body, None)] == [
        "Kab. HST",
        "Kab HST",
        "Kab.HST",
        "KABUPATEN HULU SUNGAI TENGAH",
        "kab. Hulu Sungai Tengah",
        "Pemkab HST",
        "Bupati Hulu Sungai Tengah",
    ]
    assert set(codes(body, None)) == {"63.07"}


def test_names_are_matched_as_proper_nouns_are_written():
    assert codes("Musim tanam di tanah laut dan kab. tanah laut.") == []
    assert codes("TANAH LAUT dan Tanah Laut.") == ["63.01", "63.01"]


def test_an_ambiguous_bare_name_resolves_by_its_prefix_or_not_at_all():
    body = (
        "BANDUNG – Banjir melanda Bandung. Pemerintah Kota Bandung dan Pemkab Bandung "
        "menyiagakan petugas, kata Wali Kota Bandung."
    )
    assert found(body, "32") == [
        ("32.73", "body", 45, "Kota Bandung"),
        ("32.04", "body", 62, "Pemkab Bandung"),
        ("32.73", "body", 103, "Wali Kota Bandung"),
    ]
    assert resolve_place("Bandung", "32") is None
    assert resolve_place("Kota Bandung", "32") == "32.73"
    # Jambi is the province and its capital.
    assert codes("Pemprov Jambi bersama Pemkot Jambi di Jambi.", "15") == ["15", "15.71"]


def test_common_words_are_never_bare_names():
    body = "Batang pohon tumbang di Batang; Bupati Batang meninjau lokasi bersama warga Kudus."
    assert found(body, "33") == [("33.25", "body", 32, "Bupati Batang")]
    assert codes("Batu besar menutup jalan di Kota Batu.", "35") == ["35.79"]
    assert codes("Warga suku Banjar di Kabupaten Banjar.", "63") == ["63.03"]


def test_longest_match_and_whole_words():
    assert found("Banjir di Aceh Barat Daya dan Aceh Barat.", "11") == [
        ("11.12", "body", 10, "Aceh Barat Daya"),
        ("11.05", "body", 30, "Aceh Barat"),
    ]
    assert codes("Wali Kota Tangerang Selatan hadir.", "36") == ["36.74"]
    assert codes("Gubernur di Banjarbaru, bukan Banjarbaruku.") == ["63.72"]
    assert codes("Wali Kota Banjarbaru") == ["63.72"]
    # A longer name of another province is not a shorter one of this: in a Riau release,
    # Kepulauan Riau is not Riau.
    assert codes("Kerja sama Riau dengan Kepulauan Riau.", "14") == ["14"]
    assert codes("Kerja sama Riau dengan Provinsi Kepulauan Riau.", "14") == ["14", "21"]


def test_bare_names_only_in_their_own_province():
    body = "Gubernur Kalsel meninjau Banjarbaru dan Tanah Bumbu bersama Pemprov Kalsel."
    assert codes(body, "63") == ["63", "63.72", "63.10", "63"]
    # The same sentence from East Java: only the prefixed province stands.
    assert codes(body, "35") == ["63", "63"]
    # An aggregator's release without a province: prefixed forms only.
    assert codes("Banjarbaru dan Kota Banjarbaru, Kabupaten Kutai Kartanegara.", None) == [
        "63.72",
        "64.02",
    ]


def test_spelling_variants():
    assert codes("Baubau, Bau-Bau dan Kota Bau Bau.", "74") == ["74.72"] * 3
    assert codes("Palangka Raya dan Palangkaraya.", "62") == ["62.71"] * 2
    assert codes("Pangkalpinang dan Pangkal Pinang.", "19") == ["19.71"] * 2
    assert codes("Tanjungpinang dan Tanjung Pinang.", "21") == ["21.72"] * 2
    assert codes("Pemkab Kep. Selayar dan Kabupaten Kepulauan Selayar.", "73") == ["73.01"] * 2


def test_a_name_in_two_provinces():
    # Kecamatan Cempaka is in Banjarbaru (Kalsel) and in OKU Timur (Sumsel).
    sentence = "Petani di Kecamatan Cempaka panen raya."
    assert codes(sentence, "63") == ["63.72.03"]
    assert codes(sentence, "16") == ["16.08.04"]
    assert codes(sentence, "35") == []
    assert codes(sentence, None) == []
    # The regency named beside it decides.
    assert codes("Di Kecamatan Cempaka, Kota Banjarbaru.", None) == ["63.72.03", "63.72"]
    # Sukaraja is a district of three regencies of Jawa Barat.
    assert codes("Camat Sukaraja, Kabupaten Sukabumi.", "32") == ["32.02.33", "32.02"]
    assert codes("Camat Sukaraja hadir.", "32") == []


def test_districts_need_their_prefix():
    body = "Warga Cempaka dan Landasan Ulin; Camat Landasan Ulin dan Kec. Cempaka."
    assert found(body) == [
        ("63.72.02", "body", 33, "Camat Landasan Ulin"),
        ("63.72.03", "body", 57, "Kec. Cempaka"),
    ]
    # In Papua a district is a distrik.
    assert codes("Distrik Sentani dan Kecamatan Sentani.", "91") == ["91.03.01"]


def test_provinces_and_jakarta():
    assert codes("Provinsi Jawa Timur dan Pemprov Jatim, Gubernur Jawa Timur.", "63") == ["35"] * 3
    body = "Pemprov DKI Jakarta menata Jakarta Pusat dan Kota Administrasi Jakarta Utara."
    assert codes(body, "31") == ["31", "31.71", "31.72"]


def test_title_body_dateline_and_character_offsets():
    rows = found(
        "“Kota Banjarbaru” – Gubernur Kalimantan Selatan hadir.",
        "63",
        title="Wali Kota Banjarbaru Sambut Gubernur",
        dateline="Banjarbaru",
    )
    assert rows == [
        ("63.72", "title", 0, "Wali Kota Banjarbaru"),
        ("63.72", "dateline", 0, "Banjarbaru"),
        ("63.72", "body", 1, "Kota Banjarbaru"),
        ("63", "body", 20, "Gubernur Kalimantan Selatan"),
    ]


def test_the_dateline_is_one_place_written_out_whole():
    assert resolve_place("Banjarbaru", "63") == "63.72"
    assert resolve_place("Aceh Barat Daya", "11") == "11.12"
    assert resolve_place("Jakarta", "31") == "31"
    assert resolve_place("Kab. Tanah Laut", None) == "63.01"
    assert resolve_place("Banjarbaru", None) is None
    assert resolve_place("Banjarbaru Utara", "63") is None
    assert resolve_place("Pelaihari", "63") is None
    assert resolve_place(None, "63") is None
    assert found(None, "63", dateline=" BANJARBARU ") == [("63.72", "dateline", 0, "BANJARBARU")]


def test_releases_keep_their_order_and_nothing_is_invented():
    releases = pl.LazyFrame(
        {
            "doc_id": ["z", "a", "m"],
            "province_code": ["63", "63", None],
            "title": ["Banjarbaru", None, "Tanpa tempat"],
            "body": ["Tanah Laut", "Kota Banjarbaru", None],
            "dateline_place": [None, None, None],
        }
    )
    out = mentions(releases).collect()
    assert out.select("doc_id", "region_code", "where").rows() == [
        ("z", "63.72", "title"),
        ("z", "63.01", "body"),
        ("a", "63.72", "body"),
    ]
    empty = mentions(releases.clear()).collect()
    assert empty.height == 0 and empty.schema == MENTION_SCHEMA


def test_a_missing_column_is_named():
    with pytest.raises(ValueError, match="the releases lacks the column.s. dateline_place"):
        mentions(pl.LazyFrame({"doc_id": ["a"], "province_code": ["63"], "title": [""]}))


REPLICA = ROOT / "data" / "replica"


@pytest.mark.skipif(not (REPLICA / "groundtruth.parquet").exists(), reason="no replica")
def test_replica_regencies_are_never_wrong_and_the_unmentioned_never_found():
    corpus = pl.read_parquet(ROOT / "data" / "corpus" / "releases.parquet")
    truth = pl.read_parquet(REPLICA / "groundtruth.parquet").select("url", "places")
    code = {name: c for c, name in regions().items() if len(c) == 5}
    expected = (
        corpus.join(truth, on="url")
        .select("doc_id", "source", code=pl.col("places"))
        .explode("code")
        .with_columns(pl.col("code").replace_strict(code))
    )
    got = (
        mentions(corpus.lazy())
        .filter(pl.col("level") == "regency")
        .select("doc_id", code="region_code")
        .unique()
        .collect()
        .join(corpus.select("doc_id", "source"), on="doc_id")
    )
    assert got.join(expected, on=["doc_id", "code"], how="anti").height == 0
    never = json.loads((REPLICA / "signals.json").read_text())["never_mentioned"]
    unmentioned = pl.DataFrame(
        [(s, code[n]) for s, names in never.items() for n in names],
        schema=["source", "code"],
        orient="row",
    )
    assert got.join(unmentioned, on=["source", "code"], how="semi").height == 0
