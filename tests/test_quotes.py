"""Quote attribution: hand-made paragraphs in the style of provincial releases (MC Kalsel,
InfoPublik, Biro Adpim), in phrasings the replica does not use, each checked by hand."""

from __future__ import annotations

import polars as pl
import pytest

from siaran.analysis.quotes import MAX_CHARS, QUOTE_SCHEMA, quotes, split_role
from tests.support import ROOT

SEED = ROOT / "tests" / "replica" / "seeds" / "mc-kalsel-2024-07-22.txt"


def found(*bodies: str) -> list[tuple]:
    """(doc_id, position, speaker, role, verb, kind, resolved) of releases d0, d1, ..."""
    releases = pl.LazyFrame({"doc_id": [f"d{i}" for i in range(len(bodies))], "body": bodies})
    return quotes(releases).collect().rows()


def said(*paragraphs: str) -> list[tuple]:
    """(speaker, role, verb, kind, resolved) of one release made of ``paragraphs``."""
    return [row[2:] for row in found("\n\n".join(paragraphs))]


def test_ujarnya_after_an_indirect_quote_is_its_speaker():
    assert said(
        "Sekretaris Daerah Provinsi Kalsel, Roy Rizali Anwar menjelaskan, "
        "penyaluran bantuan dimulai pekan depan.",
        "“Data penerima sudah kami cocokkan dengan desa,” ujarnya.",
    ) == [
        ("Roy Rizali Anwar", "Sekretaris Daerah", "menjelaskan", "indirect", False),
        ("Roy Rizali Anwar", None, "ujarnya", "direct", True),
    ]


def test_role_split_from_name_with_comma_and_without():
    assert said(
        "“Kami siap mendampingi,” kata Staf Ahli Bidang Kemasyarakatan dan SDM, "
        "Husnul Hatimah, di Banjarbaru.",
        "Gubernur Kalsel H. Sahbirin Noor menegaskan bahwa anggaran sudah tersedia.",
    ) == [
        ("Husnul Hatimah", "Staf Ahli Bidang Kemasyarakatan dan SDM", "kata", "direct", False),
        ("Sahbirin Noor", "Gubernur", "menegaskan", "indirect", False),
    ]


def test_quotes_without_a_named_speaker():
    # An -nya form with nobody before it, an epithet, and a bare role nobody holds.
    assert said(
        "“Jalan ini sudah lama kami tunggu,” tuturnya.",
        "“Sekarang anak-anak bisa berangkat sekolah,” ucap seorang warga.",
        "“Pengerjaan selesai akhir tahun,” tegas Kepala Dinas.",
    ) == [
        (None, None, "tuturnya", "direct", False),
        (None, None, "ucap", "direct", False),
        (None, "Kepala Dinas", "tegas", "direct", False),
    ]


def test_two_speakers_and_the_turn_passes():
    assert said(
        "Wakil Gubernur Muhidin mengatakan, pasar murah digelar di 13 kabupaten.",
        "“Harga beras harus tetap terjangkau,” katanya.",
        "Sementara itu, Kepala Dinas Perdagangan Provinsi Kalsel, Birhasani menyampaikan, "
        "stok aman hingga Desember.",
        "“Pasokan dari Jawa lancar,” imbuhnya.",
    ) == [
        ("Muhidin", "Wakil Gubernur", "mengatakan", "indirect", False),
        ("Muhidin", None, "katanya", "direct", True),
        ("Birhasani", "Kepala Dinas Perdagangan", "menyampaikan", "indirect", False),
        ("Birhasani", None, "imbuhnya", "direct", True),
    ]


def test_an_unnamed_attribution_ends_the_turn():
    # 'ujarnya' follows the unnamed Gubernur, not Muhidin quoted before him.
    assert said(
        "“Bantuan tiba besok,” kata Muhidin.",
        "“Semua kabupaten dapat jatah yang sama,” kata Gubernur.",
        "“Tidak ada yang dibedakan,” ujarnya.",
    ) == [
        ("Muhidin", None, "kata", "direct", False),
        (None, "Gubernur", "kata", "direct", False),
        (None, None, "ujarnya", "direct", False),
    ]


def test_honorifics_ranks_and_degrees_are_no_part_of_the_name():
    rows = found(
        "“Banua harus tetap aman,” ujar Gubernur Kalsel H. Sahbirin Noor.",
        "“Pilkada damai tanggung jawab bersama,” kata Sahbirin Noor.",
        "Kapolda Kalsel Irjen Pol Andi Rian Djajadi mengatakan, 3.000 personel disiagakan.",
        "Plt Kepala Bappeda, Ir. Ariadi Noor, M.T. mengungkapkan bahwa usulan sudah masuk.",
    )
    assert [row[2:4] for row in rows] == [
        ("Sahbirin Noor", "Gubernur"),
        ("Sahbirin Noor", None),
        ("Andi Rian Djajadi", "Kapolda"),
        ("Ariadi Noor", "Plt Kepala Bappeda"),
    ]


def test_quote_marks_straight_curly_and_doubled_single():
    assert [
        row[:3]
        for row in said(
            '"Kami mohon doa restu," kata Hj. Raudatul Jannah.',
            "‘‘Ini kerja bersama,’’ ungkap Raudatul Jannah.",
            "''Terima kasih atas dukungannya,'' papar Raudatul Jannah.",
            "“Semoga bermanfaat”, harap Raudatul Jannah.",
        )
    ] == [("Raudatul Jannah", None, verb) for verb in ("kata", "ungkap", "papar", "harap")]


def test_passive_and_according_forms():
    assert said(
        "Pembangunan jembatan dipercepat agar rampung sebelum musim hujan.",
        "Hal tersebut disampaikan Kepala Dinas PUPR Provinsi Kalsel, dr. Ahmad Solhan, "
        "saat meninjau lokasi, Rabu (14/8/2024).",
        "Menurut Solhan, pengecoran tinggal dua segmen.",
        "Menurutnya, cuaca menjadi kendala utama.",
        "Demikian dikatakan Ketua TP PKK Kalsel Hj. Fatma Idiana usai acara.",
    ) == [
        ("Ahmad Solhan", "Kepala Dinas PUPR", "disampaikan", "indirect", False),
        ("Ahmad Solhan", None, "menurut", "indirect", False),
        ("Ahmad Solhan", None, "menurutnya", "indirect", True),
        ("Fatma Idiana", "Ketua TP PKK", "dikatakan", "indirect", False),
    ]


def test_the_speaker_stops_before_place_time_and_occasion():
    rows = said(
        "“Vaksin tersedia,” kata Diauddin di Banjarmasin.",
        "“Stok cukup,” kata Diauddin saat rapat.",
        "“Sudah kami kirim,” kata Diauddin ketika dihubungi.",
        "“Silakan datang,” kata Diauddin dalam sambutannya.",
        "“Gratis,” kata Diauddin pada pembukaan.",
        "“Terima kasih,” kata Diauddin usai apel, Senin (5/8).",
        "“Ayo ke posyandu,” kata Diauddin, Selasa.",
        "“Lanjutkan,” kata Diauddin",
        "Pelantikan berlangsung khidmat.",
    )
    assert [row[0] for row in rows] == ["Diauddin"] * 8


def test_an_indirect_verb_needs_reported_speech():
    # 'menyampaikan apresiasi', 'menurut data' and a cited regulation attribute nothing; an
    # indirect form followed by an opening quote is direct.
    assert said(
        "Gubernur Sahbirin Noor menyampaikan apresiasi kepada relawan.",
        "Menurut data BPS, inflasi Kalsel 2,1 persen.",
        "Menurut Peraturan Gubernur Nomor 5, tarif tidak naik.",
        "Sahbirin Noor menegaskan, “Tidak boleh ada pungutan liar.”",
    ) == [("Sahbirin Noor", None, "menegaskan", "direct", False)]


def test_pronouns_and_subjects_after_a_preamble():
    assert said(
        "Ditemui di ruang kerjanya, Kepala Biro Adpim, Irfan Sayuti mengatakan, "
        "jadwal kunjungan sudah final.",
        "Ia menambahkan, rombongan tiba pukul 09.00 WITA.",
        "Lebih lanjut Irfan menuturkan, tamu disambut tarian adat.",
    ) == [
        ("Irfan Sayuti", "Kepala Biro Adpim", "mengatakan", "indirect", False),
        ("Irfan Sayuti", None, "menambahkan", "indirect", True),
        ("Irfan Sayuti", None, "menuturkan", "indirect", False),
    ]


def test_a_one_word_name_is_the_longer_name_of_the_release():
    rows = found(
        "“Senkom mitra strategis,” kata Husnul Hatimah.\n\n“Jaga kondusivitas,” pesan Husnul.",
        "“Semua siap,” kata Husnul.",
    )
    assert [(row[0], row[2]) for row in rows] == [
        ("d0", "Husnul Hatimah"),
        ("d0", "Husnul Hatimah"),
        ("d1", "Husnul"),
    ]


def test_a_bare_role_is_the_one_person_quoted_before_under_it():
    assert said(
        "Gubernur Kalimantan Selatan, Sahbirin Noor mengatakan, festival digelar tiap tahun.",
        "“Wisatawan terus bertambah,” kata Gubernur.",
        "“Kami siapkan 20 stan,” kata Kepala Dinas Pariwisata.",
    ) == [
        ("Sahbirin Noor", "Gubernur", "mengatakan", "indirect", False),
        ("Sahbirin Noor", "Gubernur", "kata", "direct", True),
        (None, "Kepala Dinas Pariwisata", "kata", "direct", False),
    ]


def test_two_holders_of_a_role_leave_a_bare_role_unnamed():
    rows = said(
        "“Banjir mulai surut,” kata Bupati Banjar Saidi Mansyur.",
        "“Pengungsi sudah pulang,” ujar Bupati Tapin Arifin Arpan.",
        "“Bantuan tetap jalan,” kata Bupati.",
    )
    assert rows[2][:2] == (None, "Bupati")


def test_positions_follow_the_text_across_forms():
    rows = found(
        "Menurut Wagub Muhidin, lahan siap tanam.\n\n"
        "“Benih unggul sudah dibagikan,” kata Kadis Pertanian Syamsir Rahman. "
        "Syamsir Rahman menambahkan, pupuk menyusul."
    )
    assert [(row[1], row[2], row[4]) for row in rows] == [
        (0, "Muhidin", "menurut"),
        (1, "Syamsir Rahman", "kata"),
        (2, "Syamsir Rahman", "menambahkan"),
    ]


def test_a_speaker_phrase_ends_with_its_paragraph():
    rows = said("“Pelatihan ditutup hari ini,” ujar Husnul Hatimah", "Peserta Pulang Besok Pagi.")
    assert rows[0][0] == "Husnul Hatimah"


def test_only_the_first_max_chars_of_a_body_are_read():
    filler = "Kegiatan berjalan lancar dan tertib. " * (MAX_CHARS // 37 + 1)
    assert said("“Awal,” kata Husnul Hatimah.", filler, "“Akhir,” kata Roy Rizali.") == [
        ("Husnul Hatimah", None, "kata", "direct", False)
    ]


def test_the_real_seed_release():
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = said(*lines)
    assert [(row[0], row[2], row[3]) for row in rows] == [
        ("Husnul Hatimah", "kata", "direct"),
        ("Husnul Hatimah", "menyebutkan", "indirect"),
        ("Husnul Hatimah", "ujarnya", "direct"),
        ("Husnul Hatimah", "pesan", "direct"),
    ]


def test_schema_empty_input_and_missing_bodies():
    releases = pl.LazyFrame(
        {"doc_id": ["a", "b"], "body": [None, "Tanpa kutipan."]},
        schema={"doc_id": pl.String, "body": pl.String},
    )
    frame = quotes(releases).collect()
    assert frame.schema == QUOTE_SCHEMA
    assert frame.height == 0
    assert quotes(releases.clear()).collect().schema == QUOTE_SCHEMA


@pytest.mark.parametrize(
    ("releases", "message"),
    [
        (pl.LazyFrame({"doc_id": ["a"]}), "the releases lacks the column.s. body"),
        (pl.LazyFrame({"doc_id": ["a"], "body": [1]}), "column 'body' is Int64"),
    ],
)
def test_bad_input_is_a_one_line_value_error(releases, message):
    with pytest.raises(ValueError, match=message):
        quotes(releases)


@pytest.mark.parametrize(
    ("phrase", "role", "name"),
    [
        (
            "Staf Ahli Bidang Kemasyarakatan dan SDM, Husnul Hatimah",
            "Staf Ahli Bidang Kemasyarakatan dan SDM",
            "Husnul Hatimah",
        ),
        ("Gubernur Kalsel H. Sahbirin Noor", "Gubernur", "Sahbirin Noor"),
        (
            "Kepala Dinas Kesehatan Provinsi Kalsel, dr. Diauddin",
            "Kepala Dinas Kesehatan",
            "Diauddin",
        ),
        (
            "Sekretaris Daerah Provinsi (Sekdaprov) Kepri, Adi Prihantara",
            "Sekretaris Daerah",
            "Adi Prihantara",
        ),
        ("Wali Kota Banjarmasin Ibnu Sina", "Wali Kota", "Ibnu Sina"),
        # The honorific marks where the name starts, whatever the unit is called.
        ("Kepala Dinas Perkim Kalsel Ir. Budi Santoso", "Kepala Dinas Perkim", "Budi Santoso"),
        ("Bupati Barito Selatan Eddy Raya Samsuri", "Bupati", "Eddy Raya Samsuri"),
        ("Husnul Hatimah, Staf Ahli Gubernur", "Staf Ahli Gubernur", "Husnul Hatimah"),
        ("Erwin Dwiputra, S.Sos, M.Si", None, "Erwin Dwiputra"),
        ("Gubernur", "Gubernur", None),
        ("Pemerintah Provinsi Kalimantan Selatan", None, None),
        (None, None, None),
    ],
)
def test_split_role(phrase, role, name):
    frame = pl.DataFrame({"phrase": [phrase]}, schema={"phrase": pl.String})
    assert frame.select(split_role(pl.col("phrase"))).item() == {"role": role, "name": name}
