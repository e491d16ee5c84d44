"""Pages that break extraction by accident or on purpose: a charset nobody declared, runaway
nesting, scripts inside text, impossible dates, oversized fields.

The pages are hand-written (tests/fixtures/hostile, invented text) or built here from parts.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from siaran.spiders.extract import saved_page_rows
from siaran.spiders.pages import base
from siaran.spiders.pages.base import plain_text
from siaran.spiders.pages.tree import MAX_DEPTH, page_selector
from siaran.spiders.parse import dates
from siaran.spiders.parse.charset import decode_html
from siaran.spiders.registry.source import get_source
from tests.support import ROOT

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
GOLDEN = ROOT / "tests" / "golden"
WIB = get_source("ntbprov").zone
PAGE = "<html><head>{head}<title>Judul</title></head><body><p>{text}</p></body></html>"
QUOTES = "“Kafé” – ‘Menara’"
EURO = "Harga naik 5 €"  # byte A4 in iso-8859-15; '¤' in windows-1252


def extracted(page: bytes, source: str = "ntbprov", url: str | None = None) -> dict:
    url = url or f"https://{get_source(source).domains[0]}/berita/rilis-uji"
    (row,) = saved_page_rows(source, url, page, Path("page.html"))
    return row


def fixture(name: str) -> bytes:
    return (HOSTILE / name).read_bytes()


# --- charsets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "head", "bom", "codec", "text"),
    [
        # The BOM wins over a header that says otherwise, and is no part of the text.
        pytest.param(
            "text/html; charset=windows-1252", "", b"\xef\xbb\xbf", "utf-8", QUOTES, id="bom"
        ),
        pytest.param(
            "text/html; charset=utf-8", "", b"\xff\xfe", "utf-16-le", QUOTES, id="bom-utf16"
        ),
        # The header wins over the <meta>.
        pytest.param(
            "text/html; charset=iso-8859-15",
            '<meta charset="windows-1252">',
            b"",
            "iso-8859-15",
            EURO,
            id="header",
        ),
        pytest.param(
            "text/html", '<meta charset="iso-8859-15">', b"", "iso-8859-15", EURO, id="meta"
        ),
        # Nothing declared: UTF-8 when the bytes are UTF-8, windows-1252 otherwise.
        pytest.param(None, "", b"", "utf-8", QUOTES, id="undeclared-utf8"),
        pytest.param(None, "", b"", "cp1252", QUOTES, id="undeclared-cp1252"),
    ],
)
def test_the_charset_is_the_boms_the_headers_the_metas_else_the_bytes(
    content_type, head, bom, codec, text
):
    page = PAGE.format(head=head, text=text)
    assert decode_html(content_type, bom + page.encode(codec)) == (page, None)


def test_a_declared_charset_that_does_not_fit_the_bytes_is_corrected_and_reported():
    page = PAGE.format(head='<meta charset="utf-8">', text=QUOTES)
    text, problem = decode_html("text/html; charset=utf-8", page.encode("cp1252"))
    assert text == page and problem.startswith("declared utf-8 but the bytes are not UTF-8")
    text, problem = decode_html("text/html; charset=iso-8859-1", page.encode("utf-8"))
    assert text == page and problem.startswith("declared windows-1252 but the bytes are UTF-8")


def test_an_undeclared_windows_1252_page_keeps_its_quotes_dashes_and_accents():
    row = extracted(fixture("cp1252_undeclared.html"))
    assert row["title"] == "Kafé Binaan Dinas Koperasi Raih Penghargaan Nasional"
    assert row["body"].startswith("BUKITTINGGI – Kafé binaan Dinas Koperasi")
    assert "“Kami memakai kopi" in row["body"] and "tetangga,” kata" in row["body"]
    assert "\ufffd" not in row["title"] + row["body"]


# --- runaway nesting ------------------------------------------------------------------------


def nested(depth: int, opening: str, closing: str) -> bytes:
    """The deep-nesting page with its article inside ``depth`` levels of elements."""
    page = fixture("deep_nesting.html").decode()
    return page.replace("<!--open-->", opening * depth).replace("<!--close-->", closing * depth)


@pytest.mark.parametrize(
    ("depth", "opening", "closing"),
    [
        (3_000, '<div class="wrap">', "</div>"),
        (10_000, '<div class="wrap">', "</div>"),
        # Levels that hold text of their own, and levels of lists.
        (3_000, '<div class="wrap"><span>Menu</span>', "</div>"),
        (10_000, "<ul><li>", "</li></ul>"),
    ],
)
def test_an_article_inside_thousands_of_levels_is_read_whole(depth, opening, closing):
    row = extracted(nested(depth, opening, closing).encode())
    assert row["title"] == "Pemprov Resmikan Jembatan Gantung Desa Sukamaju"
    assert row["published_at"] == datetime(2025, 2, 6, 6, 50, tzinfo=UTC)
    assert row["body"].startswith("MATARAM – Pemerintah Provinsi meresmikan jembatan gantung")
    assert row["body"].endswith("dalam sambutannya di ujung jembatan.")
    assert (row["writers"], row["editors"]) == (["Lalu Hendra"], ["Baiq Nurul"])
    assert row["categories"] == ["Infrastruktur"]
    assert row["extraction_path"] == {
        "title": "h1",
        "date": "headline-line",
        "body": "container",
        "byline": "labels",
    }


def test_a_flattened_page_keeps_the_structure_around_its_article():
    tree = page_selector(nested(10_000, '<div class="wrap">', "</div>"))
    ancestors = tree.css("article > div.isi > p")[0].xpath("count(ancestor::*)").get()
    assert float(ancestors) < MAX_DEPTH
    assert tree.css("header nav a::text").getall() == ["Beranda", "Berita"]
    assert tree.css("footer p::text").get() == "Hak cipta Portal Provinsi"


# --- scripts and styles are no text ---------------------------------------------------------

# Text of the fixtures' scripts, styles, noscript and template elements.
HIDDEN = (
    "alert",
    "track(",
    "caption()",
    "Penyusup",
    "Aktifkan JavaScript",
    "isi templat",
    "piksel",
    "Teks dari skrip",
    "document.title",
    "Iklan",
    "color",
    "margin",
    "{",
    "<",
)


def text_fields(row: dict) -> dict[str, str]:
    images = [f"{i['caption'] or ''} {i['credit'] or ''}" for i in row["images"]]
    lists = {name: " | ".join(row[name]) for name in ("writers", "editors", "categories")}
    single = ("title", "body", "byline", "byline_unit", "dateline_place")
    return {**{name: row[name] or "" for name in single}, **lists, "images": " | ".join(images)}


@pytest.mark.parametrize("source", ["ntbprov", "mc_kalsel"])  # generic chain, WordPress family
def test_script_and_style_text_is_in_no_field(source):
    row = extracted(fixture("script_in_text.html"), source)
    for name, text in text_fields(row).items():
        assert not [hidden for hidden in HIDDEN if hidden in text], (name, text)
    assert row["title"] == "Gubernur Tinjau Pasar Induk"
    assert (row["writers"], row["editors"]) == (["Rina Oktaviani"], ["Budi Santoso"])
    assert row["categories"] == ["Ekonomi"]
    assert row["images"][0]["caption"] == "Gubernur berbincang dengan pedagang"
    assert row["body"].startswith("MATARAM – Gubernur meninjau pasar induk untuk memastikan")


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("ntbprov", "Pemprov Gelar Pasar Murah di Blora – Pemerintah Provinsi Jawa Tengah"),
        ("jatengprov", "Pemprov Gelar Pasar Murah di Blora"),  # its own <title> selector
    ],
)
def test_markup_inside_the_title_tag_is_no_part_of_the_title(source, title):
    row = extracted(fixture("script_in_title_tag.html"), source)
    assert row["title"] == title
    assert row["extraction_path"]["title"] == ("title-tag" if source == "ntbprov" else "site")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("Judul<script>alert(1)</script>", "Judul"),
        ("Judul <STYLE type='text/css'>h1 { }</STYLE> Rilis", "Judul Rilis"),
        ("Judul<script>alert(1)", "Judul"),  # an unclosed script runs to the end
        ("Judul <b>Rilis</b><!-- komentar -->", "Judul Rilis"),
        ("Nilai rata-rata < 5 & naik", "Nilai rata-rata < 5 & naik"),
    ],
)
def test_plain_text_of_raw_markup(raw, text):
    assert plain_text(raw) == text


# --- impossible dates -----------------------------------------------------------------------


def test_a_page_dated_year_one_has_no_date_and_does_not_crash():
    row = extracted(fixture("year_one.html"), "sumbarprov")
    assert row["published_at"] is None and row["event_date"] is None
    assert row["title"] == "Dinas Kesehatan Gelar Vaksinasi Massal di Sekolah"


@pytest.mark.parametrize(
    "parse",
    [
        pytest.param(lambda: dates.parse_iso("0001-01-01T00:00:00+07:00", WIB), id="iso-year-1"),
        pytest.param(lambda: dates.parse_iso("0001-01-01", WIB), id="iso-day-year-1"),
        pytest.param(lambda: dates.parse_iso("9999-12-31T23:00:00-05:00", WIB), id="iso-9999"),
        pytest.param(lambda: dates.find_iso("0001-01-01T00:00:00+07:00", WIB), id="find-iso"),
        pytest.param(lambda: dates.find_page_date("Senin, 01 Januari 0001", WIB), id="line"),
        pytest.param(lambda: dates.find_page_date("01/01/0001 00:00", WIB), id="numeric"),
        pytest.param(lambda: dates.parse_page_date("01 Januari 0001", WIB), id="page-date"),
        pytest.param(
            lambda: dates.with_time_of_day(datetime(1, 1, 1, tzinfo=UTC), ["03:00"], WIB),
            id="time-of-day-year-1",
        ),
        pytest.param(
            lambda: dates.with_time_of_day(datetime(9999, 12, 31, 20, tzinfo=UTC), ["08:00"], WIB),
            id="time-of-day-9999",
        ),
        pytest.param(
            lambda: dates.local_date(datetime(9999, 12, 31, 23, tzinfo=UTC), WIB), id="local-day"
        ),
        # 'Selasa (31/12)' in a release of 2 January of year 1 would be in year 0.
        pytest.param(
            lambda: dates.event_date("kata dia, Selasa (31/12).", date(1, 1, 2)), id="event"
        ),
    ],
)
def test_a_date_out_of_the_calendars_range_is_no_date(parse):
    assert parse() is None


# --- sizes ----------------------------------------------------------------------------------


def oversized_page() -> bytes:
    """A page whose every field is far over its bound."""
    names = ", ".join(f"Penulis Nomor {n}" for n in range(2_000))
    figures = '<figure><img src="/foto.jpg"><figcaption>Foto</figcaption></figure>' * 1_000
    sections = ", ".join(f'"Rubrik {n} {"x" * 500}"' for n in range(1_000))
    return f"""<html lang="id"><head><title>Judul</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "articleSection": [{sections}],
"datePublished": "2025-02-06T10:00:00+07:00"}}</script></head>
<body><article><h1>{"Judul yang panjang sekali " * 20_000}</h1>
<div class="isi"><p>MATARAM – {"kata " * 200_000}akhir.</p>
<p>Kalimat kedua yang cukup panjang untuk menjadi bagian badan berita ini, kata dia.</p>
<p>Penulis : {names}</p>
<figure><img src="/{"a" * 10_000}.jpg"><figcaption>{"Keterangan " * 1_000}</figcaption></figure>
{figures}</div></article></body></html>""".encode()


def test_a_hostile_page_cannot_blow_up_a_field():
    row = extracted(oversized_page())
    assert len(row["title"]) == base.MAX_TITLE_CHARS
    assert len(row["body"]) <= base.MAX_BODY_CHARS
    assert max(map(len, row["body"].split("\n\n"))) == base.MAX_PARAGRAPH_CHARS
    assert len(row["categories"]) == base.MAX_NAMES
    assert max(map(len, row["categories"])) == base.MAX_NAME_CHARS
    assert len(row["writers"]) <= base.MAX_NAMES and len(row["byline"]) <= base.MAX_BYLINE_CHARS
    assert len(row["images"]) == base.MAX_IMAGES
    assert len(row["images"][0]["src"]) == base.MAX_URL_CHARS
    assert len(row["images"][0]["caption"]) == base.MAX_CAPTION_CHARS


def golden_rows() -> list[dict]:
    cases = yaml.safe_load((GOLDEN / "expected.yaml").read_text())
    return [
        row
        for case in cases
        for row in saved_page_rows(
            case["source"], case["url"], (GOLDEN / case["file"]).read_bytes(), Path(case["file"])
        )
    ]


def test_real_releases_stay_far_under_the_bounds():
    for row in golden_rows():
        names = row["writers"] + row["editors"] + row["categories"]
        assert len(row["title"] or "") < base.MAX_TITLE_CHARS / 4
        assert max(map(len, (row["body"] or "").split("\n\n"))) < base.MAX_PARAGRAPH_CHARS / 4
        assert len(row["byline"] or "") < base.MAX_BYLINE_CHARS / 4
        assert max(map(len, names), default=0) < base.MAX_NAME_CHARS / 4
        assert max(len(row[f]) for f in ("writers", "editors", "categories")) < base.MAX_NAMES
        assert len(row["images"]) < base.MAX_IMAGES / 4
