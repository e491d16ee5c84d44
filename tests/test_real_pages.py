"""Page objects on saved real pages from ../shared/real-pages (skipped where absent)."""

from datetime import UTC, datetime

import pytest

from siaran.spiders.pages import page_class
from siaran.spiders.registry.source import get_source
from tests.support import SHARED

REAL = SHARED / "real-pages"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-pages not present")


def jakarta_fields(name: str, url: str) -> dict:
    source = get_source("beritajakarta")
    return page_class(source)(url, (REAL / name).read_text(encoding="utf-8"), source).fields()


def test_beritajakarta_2025_article():
    url = "https://m.beritajakarta.id/read/142433/pelanggan-transjakarta-tembus-371-juta-di-2024"
    fields = jakarta_fields("m.beritajakarta.id_read_142433_EXCERPT.html", url)
    assert fields["title"] == "Pelanggan Transjakarta Tembus 371 Juta di 2024"
    assert fields["published_at"] == datetime(2025, 2, 6, 7, 50, tzinfo=UTC)
    assert fields["writers"] == ["Aldi Geri Lumban Tobing"]
    assert fields["editors"] == ["Erikyanri Maulana"]
    assert fields["canonical_url"] == url
    assert fields["categories"] == ["Transportasi"]
    paragraphs = fields["body"].split("\n\n")
    assert paragraphs[0].startswith("PT Transjakarta mencatat lonjakan jumlah pelanggan")
    assert not any(p.strip('"“”, ') == "ini adalah capaian tertinggi" for p in paragraphs)
    assert "Sterilisasi Jalur Busway" not in fields["body"]  # the inline read-also link
    assert "Berita Terkait" not in fields["body"]


def test_beritajakarta_2015_nested_paragraphs():
    fields = jakarta_fields(
        "m.beritajakarta.id_2015_article_EXCERPT.html", "https://m.beritajakarta.id/read/1/x"
    )
    assert fields["title"] == "Rehab Total 4 Puskesmas Kelurahan Dikebut"
    assert fields["published_at"] == datetime(2015, 11, 10, 13, 49, tzinfo=UTC)
    assert fields["body"].startswith("Proses rehab total empat puskesmas kelurahan")
    assert fields["body"].count("Kondisi empat puskesmas sudah sangat tidak layak") == 1
