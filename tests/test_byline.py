import pytest

from siaran.spiders.parse.byline import Byline, from_labels, split_trailing_byline
from siaran.spiders.parse.dateline_place import dateline_place


@pytest.mark.parametrize(
    ("last", "kept", "unit", "writers"),
    [
        (
            "“...,” pesan Husnul Hatimah. MC Kalsel/Fuz",
            "“...,” pesan Husnul Hatimah.",
            "MC Kalsel",
            ["Fuz"],
        ),
        ("MC Kalsel/Jml/AY", None, "MC Kalsel", ["Jml", "AY"]),
        (
            "Kegiatan berlangsung lancar. (MC Kab. Blora/Teguh)",
            "Kegiatan berlangsung lancar.",
            "MC Kab. Blora",
            ["Teguh"],
        ),
    ],
)
def test_trailing_media_center_byline(last, kept, unit, writers):
    paragraphs, byline = split_trailing_byline(["Paragraf pertama.", last])
    assert paragraphs == ["Paragraf pertama."] + ([kept] if kept else [])
    assert (byline.unit, byline.writers, byline.editors) == (unit, writers, [])


@pytest.mark.parametrize(
    ("last", "unit", "writers", "editors"),
    [
        ("Acara ditutup dengan doa bersama. (NHF/RDM/APR)", None, ["NHF"], ["RDM"]),
        (
            "Koleksi baru tersedia. (DISPERSIPKALSEL-NRH/RDM/RH)",
            "DISPERSIPKALSEL",
            ["NRH"],
            ["RDM"],
        ),
    ],
)
def test_trailing_reporter_editor_uploader_codes(last, unit, writers, editors):
    paragraphs, byline = split_trailing_byline([last])
    assert paragraphs == [last[: last.index(" (")]]
    assert (byline.unit, byline.writers, byline.editors) == (unit, writers, editors)


def test_body_without_byline_is_untouched():
    paragraphs = ["Harga beras stabil di 12/15 pasar.", "Stok aman sampai akhir tahun."]
    assert split_trailing_byline(paragraphs) == (paragraphs, Byline())


def test_labelled_bylines_name_reporters_not_editors():
    byline = from_labels(["Kamis, 06 Februari 2025", "Reporter : Nurito", "Editor : Widodo"])
    assert (byline.writers, byline.editors) == (["Nurito"], ["Widodo"])
    assert byline.text == "Reporter : Nurito | Editor : Widodo"


def test_penulis_naming_a_media_center_is_the_unit():
    byline = from_labels(["Penulis : MC KOTA PADANG", "Redaktur : Tobari"])
    assert (byline.unit, byline.writers, byline.editors) == ("MC KOTA PADANG", [], ["Tobari"])


@pytest.mark.parametrize(
    ("paragraph", "place"),
    [
        ("BANJARMASIN – Pemerintah Provinsi ...", "Banjarmasin"),
        ("Padang - Gubernur Sumatera Barat ...", "Padang"),
        ("Blora, InfoPublik - Bupati Blora ...", "Blora"),
        ("KUALA KAPUAS -Bupati ...", "Kuala Kapuas"),
        ("Gubernur Kalimantan Selatan, Sahbirin Noor yang diwakili ...", None),
        ("Pemprov Kalsel-Banjarbaru menggelar ...", None),
    ],
)
def test_dateline_place(paragraph, place):
    assert dateline_place(paragraph) == place
