"""Pages in markup the page objects were not written for (a theme update, an archived layout):
every field a site's selectors miss comes from the generic chain, and says so.

One test per kind of failure seen on such pages; each reads a hand-written page of
tests/golden (expected.yaml has all its fields, scored by test_accuracy too).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from siaran.spiders.extract import saved_page_rows
from siaran.spiders.parse.byline import from_labels, person_names, split_trailing_credit
from siaran.spiders.parse.dates import find_page_date
from siaran.spiders.registry.gazetteer import media_center_province, regions
from siaran.spiders.registry.source import get_source
from tests.support import ROOT

GOLDEN = ROOT / "tests" / "golden"
CASES = {case["file"]: case for case in yaml.safe_load((GOLDEN / "expected.yaml").read_text())}


def extracted(file: str) -> dict:
    case = CASES[file]
    (row,) = saved_page_rows(case["source"], case["url"], (GOLDEN / file).read_bytes(), Path(file))
    return row


def test_a_page_object_that_matches_nothing_falls_back_field_by_field():
    row = extracted("infopublik_new_theme.html")
    assert row["body"].startswith("Tapin, InfoPublik - Pemerintah Kabupaten Tapin")
    assert row["published_at"] == datetime(2026, 11, 25, 3, 15, tzinfo=UTC)  # not the ticker's
    assert (row["byline_unit"], row["editors"]) == ("MC KAB TAPIN", ["Ahmad Fauzi"])
    assert row["province_code"] == "63"
    assert row["extraction_path"] == {
        "title": "h1",
        "date": "headline-line",
        "body": "container",
        "byline": "labels",
    }


@pytest.mark.parametrize(
    ("unit", "code"),
    [
        ("MC KAB TAPIN", "63"),
        ("MC KAB. KEP. SELAYAR", "73"),
        ("MC KOTA BAU-BAU", "74"),
        ("MC Kab Fak-Fak", "92"),
        ("MC Kota Adm. Jakarta Pusat", "31"),
        ("MC Kotamadya Padang", "13"),
    ],
)
def test_media_center_spellings(unit, code):
    assert media_center_province(unit) == code


def test_every_regency_resolves_in_every_spelling_of_its_kind():
    kinds = {
        "Kabupaten": ("Kabupaten", "KABUPATEN", "Kab.", "KAB.", "Kab", "KAB"),
        "Kota": ("Kota", "KOTA"),
    }
    regencies = {code: name for code, name in regions().items() if len(code) == 5}
    assert len(regencies) == 514
    for code, name in regencies.items():
        kind, _, rest = name.partition(" ")
        rest = rest.removeprefix("Administrasi ")
        for spelling in kinds[kind]:
            assert media_center_province(f"MC {spelling} {rest}") == code[:2], (spelling, name)


def test_an_api_sources_article_page_extracts_from_its_html_alone():
    row = extracted("jabarprov_archived_article.html")
    assert row["published_at"] == datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    assert row["writers"] == ["Dewi Lestari"]
    # A JSON-API source's article page is read as HTML, not refused as a broken API answer.
    aceh = extracted("acehprov_html_article.html")
    assert aceh["title"] == "Distanbun Aceh Latih 200 Petani Kopi Gayo Olah Pascapanen"
    assert aceh["published_at"] == datetime(2026, 11, 19, 7, 30, tzinfo=UTC)
    assert aceh["writers"] == ["Cut Nyak Aini"] and aceh["body"].startswith("TAKENGON –")


def test_a_date_line_with_a_dash_in_a_header_block():
    row = extracted("mediacenter_riau_header_dash.html")
    assert row["published_at"] == datetime(2026, 11, 27, 8, 45, tzinfo=UTC)
    zone = get_source("mediacenter_riau").zone
    assert find_page_date("Jumat, 27 November 2026 - 15:45 WIB", zone)[1] is True
    # A number after a date is no time of day.
    assert find_page_date("08-10-2024 1.208 kali dibaca", zone)[1] is False


def test_titles_and_degrees_are_no_part_of_names():
    row = extracted("beritajakarta_degrees.html")
    assert (row["writers"], row["editors"]) == (["Rina Oktaviani"], ["Budi Santoso"])
    assert person_names("Hj. Siti Aminah, S.Sos., M.M.") == ["Siti Aminah"]
    assert person_names("Andi Saputra, S.H. / Budi, S.T") == ["Andi Saputra", "Budi"]
    byline = from_labels(["Pewarta: Rina, S.I.Kom.", "Redaktur : Dr. Ir. Ahmad, M.Si."])
    assert (byline.writers, byline.editors) == (["Rina"], ["Ahmad"])


@pytest.mark.parametrize(
    ("file", "ending"),
    [
        ("baliprov_humas_credit.html", "ujarnya di Denpasar, Senin (16/11/2026)."),
        ("kaltimprov_sumber_credit.html", "agar bantuan tahun berikutnya dapat diperpanjang."),
        ("ntbprov_adv_credit.html", "setiap Sabtu dan Minggu hingga akhir Desember."),
    ],
)
def test_a_trailing_credit_line_leaves_the_body(file, ending):
    assert extracted(file)["body"].endswith(ending)


def test_credit_lines_and_kept_text():
    assert split_trailing_credit(["Teks.", "(Humas Pemprov Bali)"]) == ["Teks."]
    assert split_trailing_credit(["Teks. (ADV)"]) == ["Teks."]
    # A closing sentence in parentheses that is no credit stays.
    assert split_trailing_credit(["Teks (yang penting)."]) == ["Teks (yang penting)."]


@pytest.mark.parametrize(
    ("file", "categories"),
    [
        ("jambiprov_kategori_label.html", ["Pertanian"]),
        ("sulselprov_breadcrumb.html", ["Ekonomi"]),
    ],
)
def test_categories_from_a_label_or_breadcrumbs(file, categories):
    assert extracted(file)["categories"] == categories
