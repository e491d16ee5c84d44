import pytest

from spiders.byline import Byline, from_labels, split_trailing_byline
from spiders.dateline_place import dateline_place


@pytest.mark.parametrize(
    ("last", "kept", "unit", "writers"),
    [
        ("“...,” pesan Husnul Hatimah. MC Kalsel/Fuz", "“...,” pesan Husnul Hatimah.",
         "MC Kalsel", ["Fuz"]),
        ("MC Kalsel/Jml/AY", None, "MC Kalsel", ["Jml", "AY"]),
        ("Kegiatan berlangsung lancar. (MC Kab. Blora/Teguh)", "Kegiatan berlangsung lancar.",
         "MC Kab. Blora", ["Teguh"]),
    ],
)  # fmt: skip
def test_trailing_media_center_byline(last, kept, unit, writers):
    paragraphs, byline = split_trailing_byline(["Paragraf pertama.", last])
    assert paragraphs == ["Paragraf pertama."] + ([kept] if kept else [])
    assert (byline.unit, byline.writers) == (unit, writers)


def test_body_without_byline_is_untouched():
    paragraphs = ["Harga beras stabil di 12/15 pasar.", "Stok aman sampai akhir tahun."]
    assert split_trailing_byline(paragraphs) == (paragraphs, Byline())


def test_labelled_bylines_name_reporters_not_editors():
    byline = from_labels(["Kamis, 06 Februari 2025", "Reporter : Nurito", "Editor : Widodo"])
    assert byline.writers == ["Nurito"]
    assert byline.text == "Reporter : Nurito | Editor : Widodo"


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
