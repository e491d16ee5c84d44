"""Who is quoted: the quote attributions of release bodies, with speaker, role, verb and kind.

The forms read, as the measures define them ("Actors (who) and share of voice") and as
provincial media centers write them:

- direct, a speech verb after the closing quote (straight, curly or doubled single quotes):
  ``"...," kata Gubernur Kalsel H. Sahbirin Noor``, ``"...," ujar Kepala Dinas Kesehatan
  Provinsi Kalsel, dr. Diauddin, di ...``, ``"...," ujarnya`` (``katanya``, ``tegasnya``,
  ``pungkasnya``, ``kata dia`` ...), ``"..." Endang menambahkan.``;
- indirect: ``X mengatakan ...``; ``X menyampaikan``, ``menjelaskan``, ``menegaskan``,
  ``menambahkan`` ... followed by a comma, a colon or ``bahwa`` (``menyampaikan apresiasi``
  reports no speech); ``Menurut X, ...``, ``Menurutnya, ...``, ``Ia menambahkan, ...``; the
  passive ``Hal tersebut disampaikan X saat ...``, ``Demikian dikatakan X``, ``Disampaikan X,
  ...``. An indirect form followed by an opening quote (``X menegaskan, "..."``) is direct.

One row per attribution, ``position`` counting them from 0 in the order of the text.

Speaker and role (``split_role``): the name is written without honorifics, ranks or degrees
(``H.``, ``dr.``, ``Irjen Pol``, ``S.Pd``, ``M.Si``), so 'H. Sahbirin Noor' and 'Sahbirin Noor'
count as one speaker; the role is the office without the place it serves ('Gubernur
Kalimantan Selatan' and 'Gubernur Kalsel' are both 'Gubernur'), as in the replica's ground
truth. The phrase stops at a comma (one is allowed after a role: 'Gubernur Maluku, Dewi
Kurniawan'), a full stop, a lower-case word ('di', 'saat', 'ketika', 'dalam', 'pada', 'usai'
...), a day name or the end of the paragraph. Within a release:

- a one-word name ('Husnul') becomes the release's one longer speaker name holding that word
  ('Husnul Hatimah'), when there is exactly one;
- a bare role ('kata Gubernur') is the one person the release quotes under a role starting
  with it, when first quoted before it; several such people, or none, leave it null;
- a ``-nya`` form or a pronoun (``ujarnya``, ``Menurutnya``, ``Ia mengatakan``, ``kata dia``)
  is the speaker of the attribution before it, named or not: after an unnamed ``"...," kata
  Gubernur``, an ``ujarnya`` stays null rather than go to an earlier, different person (a
  departure from "the last named speaker", which would misattribute it). Null when the
  release has no attribution before it.

``resolved`` is true when the speaker was taken from another attribution (the last two cases);
``role`` stays what the attribution itself says (null for ``ujarnya``).

Bounds: only the first ``MAX_CHARS`` characters of a body are read, no pattern crosses a
line break (a paragraph is the widest context of an attribution) and a speaker phrase is read
from at most ``PHRASE_CHARS`` characters next to its verb.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from siaran.analysis.counting import require_columns
from siaran.spiders.registry.gazetteer import PROVINCE_ALIASES, provinces, regions, short_name

KINDS = ("direct", "indirect")
QUOTE_SCHEMA = pl.Schema(
    {
        "doc_id": pl.String(),
        "position": pl.UInt32(),
        "speaker": pl.String(),
        "role": pl.String(),
        "verb": pl.String(),
        "kind": pl.Enum(KINDS),
        "resolved": pl.Boolean(),
    }
)
# A release is a few KB; a 1 MB page of tables must not cost a thousand releases' time.
MAX_CHARS = 20_000
# A bare role ('kata Gubernur') is looked for among the first one to this many words of the
# roles of the release.
ROLE_PREFIXES = 6
# A speaker phrase is read from this many characters after (or before) its verb.
PHRASE_CHARS = 160

# Word tables, several words a line (the formatter would put one a line).
# fmt: off
# Speech verbs after a closing quote, each also with -nya ('ujarnya').
SAID_AFTER = (
    "kata", "ujar", "ungkap", "jelas", "tutur", "tegas", "terang", "sebut", "imbuh", "tambah",
    "ucap", "papar", "pungkas", "lanjut", "harap", "pinta", "ajak", "pesan", "tandas", "tutup",
    "sambung", "beber", "urai", "tukas", "timpal", "seru", "kenang", "jawab", "cetus", "imbau",
    "ulas", "kilah",
)
# 'X mengatakan ...': a comma, colon or 'bahwa' must follow the others ('menyampaikan
# apresiasi' reports no speech).
SAYS = (
    "menyampaikan", "menjelaskan", "mengungkapkan", "menegaskan", "menuturkan", "menambahkan",
    "menyebutkan", "menerangkan", "memaparkan", "mengemukakan", "mengutarakan", "menyatakan",
    "melanjutkan", "mengingatkan", "menekankan", "membeberkan", "menandaskan", "mengimbau",
    "mengajak", "meminta", "berharap", "berpesan", "menilai", "mengakui", "menyebut",
)
# '"..." Endang menambahkan.': a name and one of these between the quote and the full stop.
SAYS_AFTER = (
    "mengatakan", "menambahkan", "menegaskan", "menjelaskan", "memungkasi", "menutup",
    "melanjutkan", "menyampaikan",
)
# 'Hal tersebut disampaikan X', 'Demikian dikatakan X', 'Disampaikan X, ...'.
SAID_PASSIVE = (
    "disampaikan", "dikatakan", "diungkapkan", "dijelaskan", "ditegaskan", "dikemukakan",
    "diutarakan", "disebutkan", "ditambahkan", "diterangkan", "dituturkan", "dipaparkan",
)
PRONOUNS = ("ia", "dia", "beliau", "dirinya")

# Words a role title starts with (any case: 'GUBERNUR Kalsel', 'kata gubernur Rohidin').
ROLE_HEADS = (
    "Gubernur", "Wakil", "Wagub", "Wagubri", "Gubri", "Sekda", "Sekdaprov", "Sekdakab",
    "Sekdakot", "Sekretaris", "Sekjen", "Kepala", "Kadis", "Kaban", "Kabag", "Kabid", "Kabiro",
    "Karo", "Kasi", "Kasie", "Kasubag", "Kasubbag", "Kasubbid", "Kasat", "Kasatpol", "Kadinkes",
    "Kadisdik", "Kalak", "Plt", "Plh", "Pj", "Pjs", "Penjabat", "Pelaksana", "Staf", "Staff",
    "Tenaga", "Asisten", "Ketua", "Direktur", "Dirut", "Menteri", "Wamen", "Menko", "Presiden",
    "Wapres", "Bupati", "Wabup", "Wali", "Walikota", "Wawali", "Camat", "Lurah", "Kades",
    "Anggota", "Koordinator", "Kapolda", "Wakapolda", "Kapolres", "Kapolresta", "Kapolri",
    "Kapolsek", "Pangdam", "Danrem", "Dandim", "Danlantamal", "Danlanud", "Kajati", "Kajari",
    "Kakanwil", "Deputi", "Dirjen", "Inspektur", "Komisioner", "Rektor", "Dekan", "Juru",
    "Jubir", "Pimpinan", "Manajer", "Pejabat", "Analis", "Penyuluh", "Kadiskominfo",
)
# Words of the rest of a role title (units, fields, bodies) that are no part of a name.
ROLE_WORDS = (
    "Ahli", "Bidang", "Utama", "Umum", "Daerah", "Provinsi", "Prov", "Kabupaten", "Kab", "Kota",
    "Dinas", "Badan", "Biro", "Bagian", "Suku", "Seksi", "Sub", "Kantor", "Balai", "Besar",
    "Unit", "Teknis", "Tugas", "Harian", "Sekretariat", "Setda", "Pemprov", "Pemkab", "Pemkot",
    "Pemerintah", "Pemerintahan", "Perangkat", "Kesehatan", "Pendidikan", "Kebudayaan",
    "Pariwisata", "Sosial", "Perhubungan", "Pertanian", "Perkebunan", "Peternakan",
    "Perikanan", "Kelautan", "Lingkungan", "Hidup", "Kehutanan", "Perindustrian",
    "Perdagangan", "Koperasi", "Usaha", "Kecil", "Menengah", "Mikro", "Kerja",
    "Ketenagakerjaan", "Transmigrasi", "Komunikasi", "Informatika", "Informasi", "Statistik",
    "Persandian", "Pekerjaan", "Penataan", "Ruang", "Perumahan", "Rakyat", "Kawasan",
    "Permukiman", "Pertanahan", "Kependudukan", "Pencatatan", "Sipil", "Pemberdayaan",
    "Masyarakat", "Desa", "Perempuan", "Perlindungan", "Anak", "Keluarga", "Berencana",
    "Pengendalian", "Penduduk", "Ketahanan", "Pangan", "Energi", "Sumber", "Daya", "Mineral",
    "Bina", "Marga", "Cipta", "Karya", "Pemuda", "Olahraga", "Kepemudaan", "Penanaman",
    "Modal", "Pelayanan", "Terpadu", "Satu", "Pintu", "Perpustakaan", "Kearsipan", "Keuangan",
    "Aset", "Pendapatan", "Pengelolaan", "Perencanaan", "Pembangunan", "Penelitian",
    "Pengembangan", "Riset", "Inovasi", "Kepegawaian", "Manusia", "Aparatur", "Penanggulangan",
    "Bencana", "Kesatuan", "Bangsa", "Politik", "Polisi", "Pamong", "Praja", "Pemadam",
    "Kebakaran", "Penyelamatan", "Rumah", "Sakit", "Inspektorat", "Hukum", "Organisasi",
    "Otonomi", "Perekonomian", "Ekonomi", "Administrasi", "Kesejahteraan", "Kesra", "Humas",
    "Hubungan", "Protokol", "Adpim", "Prokopim", "Kemasyarakatan", "Tim", "Penggerak",
    "Kementerian", "Dalam", "Negeri", "Luar", "Agama", "Kanwil", "Wilayah", "Perwakilan",
    "Bank", "Kejaksaan", "Tinggi", "Pengadilan", "Komisi", "Pemilihan", "Pengawas", "Pemilu",
    "Majelis", "Dewan", "Forum", "Lembaga", "Universitas", "Fakultas", "Pusat", "Cabang",
    "Direktorat", "Jenderal", "Perusahaan", "Persero", "Operasional", "Program", "Divisi",
    "Pelabuhan", "Bandar", "Udara", "Jalan", "Jembatan", "Transportasi", "Pajak", "Retribusi",
    "Diskominfo", "Dinkes", "Disdik", "Dishub", "Bappeda", "Bapenda", "Pertama",
    "Muda", "Madya",
)
# What a statement may cite ('Menurut Peraturan Gubernur, ...'): nobody's name, and a role
# after them is not a speaker's.
CITED = (
    "Peraturan", "Pergub", "Keputusan", "Kepgub", "Undang-Undang", "Surat", "Edaran",
    "Instruksi", "Data", "Laporan", "Hasil", "Survei", "Rencana", "Jadwal", "Catatan", "Arahan",
)
# Written before a name and left out of it; any of them marks where the name starts.
HONORIFICS = (
    "Prof", "Dr", "dr", "drg", "Drs", "Dra", "Ir", "Hj", "H", "KH", "Hajjah", "Haji", "Ust",
    "Ustadz", "Tgk", "TGH", "Ny", "Bapak", "Pak", "Ibu", "Bu", "Sdr", "Sdri",
    # Military and police ranks, with their corps ('Irjen Pol', 'Letkol Inf').
    "Jenderal", "Letjen", "Mayjen", "Brigjen", "Kolonel", "Letkol", "Mayor", "Kapten", "Lettu",
    "Letda", "Laksamana", "Laksdya", "Laksda", "Laksma", "Marsekal", "Marsdya", "Marsda",
    "Marsma", "Komjen", "Irjen", "Kombes", "Kombespol", "AKBP", "Kompol", "AKP", "Iptu", "Ipda",
    "Aiptu", "Aipda", "Bripka", "Brigadir", "Briptu", "Bripda", "Serma", "Serka", "Sertu",
    "Serda", "Pelda", "Peltu", "Kopka", "Koptu", "Kopda", "Praka", "Pratu", "Prada",
)
CORPS = ("Pol", "Inf", "Arm", "Kav", "Czi", "Cpl", "Chk", "Cba", "Ckm", "Kes", "Mar", "TNI")
# Degrees written after a name without inner dots ('Nova Iriansyah MT').
PLAIN_DEGREES = (
    "SH", "SE", "ST", "SP", "SIP", "SKM", "SKep", "SPd", "SSos", "SHut", "SKom", "MM", "MT",
    "MH", "MSi", "MPd", "MAP", "MBA", "MKes", "MSc", "PhD", "CPA", "CEH",
)
# fmt: on
# Abbreviations whose full stop ends no sentence.
ABBREVIATIONS = ("Prov", "Kab", "Kec", "Kel", "Plt", "Plh", "Pj", "Kp", "Jl", "No", "St", "drg")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Jum'at", "Jum’at", "Sabtu", "Minggu")
# Lower-case words a speaker phrase may hold ('Pekerjaan Umum dan Penataan Ruang').
JOINERS = ("dan", "bin", "binti", "bidang", "urusan", "se")


def _any(words: Iterable[str]) -> str:
    """An alternation of literal words, the longest first (so 'Nusa Tenggara Barat' is tried
    before 'Nusa')."""
    return (
        "(?:"
        + "|".join(sorted({w.replace(".", r"\.") for w in words}, key=len, reverse=True))
        + ")"
    )


def _places() -> list[str]:
    """Province and regency names and the short names of provinces, as a role ends with them
    ('Gubernur Kalimantan Selatan', 'Bupati Tanah Laut', 'Gubernur Kalsel')."""
    names = set(provinces().values())
    names |= {short_name(n) for c, n in regions().items() if len(c) == 5}
    acronyms = {"dki", "diy", "ntb", "ntt", "pbd"}
    names |= {
        " ".join(w.upper() if w in acronyms else w.title() for w in a.split())
        for a in PROVINCE_ALIASES
    }
    return sorted(n for n in names if n)


B = "(?-u:\\b)"  # an ASCII word boundary: the fast regex engines cannot do Unicode ones
HEAD = f"(?i:{_any(ROLE_HEADS)}){B}"
# An abbreviation with its full stop ('H.', 'Prov.', 'M.') or one other char of a sentence;
# the abbreviation first, as the first alternative that matches wins.
IN_SENTENCE = f'(?:{B}(?:{_any(HONORIFICS + ABBREVIATIONS)}|[A-Z])\\.|[^\\n.!?;:"“”])'
CLOSING = "(?:[,.!?…]\\s*(?:[\"”“]|''|’’|’)|(?:[\"”]|'')\\s*,)"


def _attribution(window: str) -> str:
    """The attribution forms, one alternative each, with ``window`` for the text before or
    after the verb. In a body, leftmost match wins, and at one place the first form listed."""
    direct = (
        f"{CLOSING}\\s*,?\\s*{B}(?P<d_verb>(?i:{_any(SAID_AFTER)})(?:nya)?){B}(?P<d_who>{window}*)"
    )
    after = f'{CLOSING}\\s*(?P<a_who>[A-Z][^\\n"“”,.]*?)\\s(?P<a_verb>{_any(SAYS_AFTER)})\\s*[.,]'
    passive = (
        f"(?:(?:[Hh]al\\s+(?:itu|ini|tersebut)|[Dd]emikian)(?:\\s+(?:juga|pula))?\\s+"
        f"(?P<p_verb>{_any(SAID_PASSIVE)})"
        f"|(?P<f_verb>D{_any(w[1:] for w in SAID_PASSIVE)}(?:nya)?))"
        f"{B}(?:\\s+oleh)?(?P<p_who>{window}*)"
    )
    according = f"{B}(?P<m_verb>[Mm]enurut(?:nya)?){B}(?P<m_who>{window}*)"
    indirect = (
        f"(?P<i_who>{window}*?)\\s(?:(?P<i_verb>mengatakan){B}\\s*[,:]?"
        f'|(?P<i_verb2>{_any(SAYS)})(?:\\s*[,:]|\\s+bahwa{B}))(?P<i_open>\\s*["“])?'
    )
    return "|".join((direct, after, passive, according, indirect))


# Finding attributions in a body needs the sentence-bounded window; splitting a match found
# into its parts does not, and the plain one is much faster for the capturing engine.
ATTRIBUTION = _attribution(IN_SENTENCE)
PARTS = f"^(?:{_attribution('.')})$"

# A token of a speaker phrase: capitalised, an acronym, a joiner or a role word in lower case.
TOKEN = f"(?:[A-Z0-9][^\\s,]*|(?:{_any(JOINERS)}|(?i:{_any(ROLE_HEADS)})){B})"
RUN = f"{TOKEN}(?:\\s+{TOKEN})*"
NAME = r"[A-Z][^\s,]*(?:\s+(?:[A-Z][^\s,]*|bin|binti)){0,5}"
ROLE_TOKEN = (
    f"(?:{_any(_places())}|{_any(ROLE_WORDS + CITED)}|(?i:{_any(ROLE_HEADS)})|[a-z][^\\s,]*"
    f"|[A-Z0-9]{{2,}}[^\\s,]*|\\([^)]*\\)){B}"
)


def _normalise(phrase: pl.Expr) -> pl.Expr:
    """A speaker phrase with one space between words, no parenthesised asides, a comma where
    an honorific or rank was ('Gubernur Kalsel H. Sahbirin Noor' -> 'Gubernur Kalsel,
    Sahbirin Noor': the name starts there), no degrees and no abbreviation dots."""
    honorific = f"(?:{B}{_any(HONORIFICS)}(?:\\s+{_any(CORPS)}{B})*\\.?\\s*)+([A-Z])"
    degree = (
        f",?\\s*{B}(?:[A-Z][a-z]{{0,2}}\\.(?:[A-Z][A-Za-z]{{0,4}}\\.?)+|{_any(PLAIN_DEGREES)}{B})"
    )
    return (
        phrase.str.replace_all(r"\([^)]*\)", " ")
        .str.replace_all(r"[\t\x{A0}]| {2,}", " ")
        .str.replace_all(honorific, ", $1")
        .str.replace_all(degree, "")
        .str.replace_all(f"{B}({_any(ABBREVIATIONS)}|[A-Z])\\.\\s*", "$1 ")
        .str.replace_all(r"\s*,[\s,]*", ", ")
        .str.strip_chars(" ,.;:")
    )


def _after(tail: pl.Expr) -> pl.Expr:
    """The speaker phrase at the start of what follows a verb: capitalised words up to a
    comma, a full stop or a lower-case word ('di', 'saat', 'pada', 'usai' ...), with one comma
    allowed after a role ('Gubernur Maluku, Dewi Kurniawan, di hadapan ...'); no trailing day
    ('kata Rohidin Senin')."""
    phrase = _normalise(tail.str.head(PHRASE_CHARS)).str.extract(
        f"^((?:{HEAD}(?:\\s+{TOKEN})*, )?{RUN})", 1
    )
    return phrase.str.replace(f"\\s+{_any(DAYS)}{B}.*$", "")


def _before(head: pl.Expr) -> pl.Expr:
    """The speaker phrase at the end of what precedes a verb: the last run of capitalised
    words ('Lebih lanjut Adi' -> 'Adi'), with the comma segment before it when that is a role
    ('Kepala Dinas Kesehatan Provinsi Kalsel, dr. Diauddin')."""
    text = _normalise(head.str.tail(PHRASE_CHARS))
    last = text.str.extract(f"(?:^|[\\s,])({RUN})$", 1)
    role = text.str.extract(f"(?:^|[\\s,])({RUN}), [^,]*$", 1)
    return (
        pl.when(role.str.contains(f"^{HEAD}") & last.is_not_null())
        .then(pl.concat_str(role, pl.lit(", "), last))
        .otherwise(last)
    )


def split_role(phrase: pl.Expr) -> pl.Expr:
    """A speaker phrase as written, as a struct of ``role`` and ``name`` (each null when
    absent):

    - 'Staf Ahli Bidang Kemasyarakatan dan SDM, Husnul Hatimah' -> ('Staf Ahli Bidang
      Kemasyarakatan dan SDM', 'Husnul Hatimah');
    - 'Gubernur Kalsel H. Sahbirin Noor' -> ('Gubernur', 'Sahbirin Noor');
    - 'Kepala Dinas Kesehatan Provinsi Kalsel, dr. Diauddin' -> ('Kepala Dinas Kesehatan',
      'Diauddin');
    - 'Husnul Hatimah, Staf Ahli' -> ('Staf Ahli', 'Husnul Hatimah'); 'Gubernur' ->
      ('Gubernur', null); 'Pemerintah Provinsi' -> (null, null).

    Honorifics, ranks and degrees are left out of the name, and the place served out of the
    role. A role starts with a ROLE_HEADS word. Without a comma or an honorific between role
    and name, the role runs on over unit words (ROLE_WORDS), place names, acronyms and
    lower-case words, and the name is the capitalised words after it: a unit word missing
    from ROLE_WORDS ends up in the name ('Kepala Dinas Perkim Budi' -> 'Perkim Budi').
    """
    return _split(_normalise(phrase))


def _split(text: pl.Expr) -> pl.Expr:
    """split_role of a phrase already normalised."""
    last = text.str.extract(r"([^,]*)$", 1).str.strip_chars()
    before = text.str.extract(r"([^,]*),[^,]*$", 1).str.strip_chars()
    parts = last.str.extract_groups(
        f"^(?:(?P<pre>.*?)\\s)??(?P<role>{HEAD}(?:\\s+{ROLE_TOKEN})*)(?:\\s+(?P<name>{NAME}))?$"
    )
    pre = parts.struct.field("pre")
    cited = pre.str.contains(f"(?i:{_any(CITED)})$").fill_null(False)
    role_last = pl.when(~cited).then(parts.struct.field("role"))
    name_last = parts.struct.field("name")
    # 'Budi Santoso Kepala Dinas Sosial': the name before the role.
    name_first = _person(pre.str.extract(f"^({NAME})$", 1))
    # Without a role word: the last capitalised words.
    bare_name = _person(last.str.extract(f"(?:^|\\s)({NAME})$", 1))
    role_before = before.str.extract(f"({HEAD}.*)$", 1)
    name_before = _person(before.str.extract(f"^({NAME})$", 1))
    role = _office(pl.coalesce(role_last, role_before))
    name = (
        pl.when(role_last.is_null())
        .then(bare_name)
        .otherwise(pl.coalesce(name_last, name_first, name_before))
    )
    return pl.struct(role=pl.when(role.str.len_chars() > 0).then(role), name=name)


def _person(name: pl.Expr) -> pl.Expr:
    """Capitalised words less the unit words and places they start with: 'Pemerintah
    Provinsi' and 'Peraturan' name nobody."""
    person = name.str.replace(f"^(?:{ROLE_TOKEN}\\s+)*", "").str.replace(f"^{ROLE_TOKEN}$", "")
    return pl.when(person.str.len_chars() > 0).then(person)


def _office(role: pl.Expr) -> pl.Expr:
    """A role less the place it serves: 'Gubernur Kalimantan Selatan' -> 'Gubernur',
    'Kepala Dinas Kesehatan Provinsi Kalsel' -> 'Kepala Dinas Kesehatan', 'Wali Kota
    Banjarmasin' -> 'Wali Kota', so one office is one role across provinces."""
    place = f"(?:\\s+{_any(_places())}{B})+$"
    office = role.str.replace(place, "")
    unit = r"(?:\s+(?:Provinsi|Prov|Kabupaten|Kab|Kota|Administrasi))+$"
    return (
        pl.when(office.str.contains(r"(?i)wali\s?kota$"))
        .then(office)
        .otherwise(office.str.replace(unit, ""))
    )


def _check(releases: pl.LazyFrame) -> None:
    schema = require_columns(releases, ("doc_id", "body"), "the releases")
    for column in ("doc_id", "body"):
        if schema[column] != pl.String:
            raise ValueError(f"releases: column {column!r} is {schema[column]}, not String")


def _matches(releases: pl.LazyFrame) -> pl.LazyFrame:
    """doc (the release's row number), doc_id, order (a number increasing with the release
    and the text), match: every attribution of a body as written."""
    return (
        releases.select(
            "doc_id",
            doc=pl.int_range(pl.len(), dtype=pl.UInt32),
            match=pl.col("body").str.slice(0, MAX_CHARS).str.extract_all(ATTRIBUTION),
        )
        .explode("match")
        .drop_nulls("match")
        .with_columns(order=pl.int_range(pl.len(), dtype=pl.UInt32))
    )


def _read(matches: pl.LazyFrame) -> pl.LazyFrame:
    """For each attribution as written: verb, kind, role, name, whether the speaker must come
    from an earlier attribution (anaphora) and whether it attributes anything (kept: a quote,
    an anaphora, a role or a name; 'Menurut data BPS' is none)."""
    parts = matches.with_columns(g=pl.col("match").str.extract_groups(PARTS)).unnest("g")
    verb = pl.coalesce("d_verb", "a_verb", "p_verb", "f_verb", "m_verb", "i_verb", "i_verb2")
    written_after = pl.coalesce("d_who", "p_who", "m_who")
    pronoun = f"(?i:{_any(PRONOUNS)}){B}"
    quoted = pl.col("d_verb").is_not_null() | pl.col("a_verb").is_not_null()
    return (
        parts.select(
            "match",
            "doc",
            "doc_id",
            "order",
            verb=verb.str.to_lowercase(),
            kind=pl.when(quoted | pl.col("i_open").is_not_null())
            .then(pl.lit("direct"))
            .otherwise(pl.lit("indirect"))
            .cast(pl.Enum(KINDS)),
            phrase=pl.coalesce(_after(written_after), _before(pl.coalesce("i_who", "a_who"))),
            # 'ujarnya', 'kata dia', 'Ia menambahkan': the speaker is someone quoted before.
            anaphora=verb.str.ends_with("nya").fill_null(False)
            | written_after.str.contains(f"^\\s*{pronoun}").fill_null(False)
            | pl.col("i_who").str.contains(f"(?:^|\\s){pronoun}\\s*$").fill_null(False),
            quoted=quoted,
        )
        .with_columns(parts=pl.when(~pl.col("anaphora")).then(_split(pl.col("phrase"))))
        .unnest("parts")
        .select(
            "doc",
            "doc_id",
            "order",
            "verb",
            "kind",
            "role",
            "name",
            "anaphora",
            kept=pl.col("quoted")
            | pl.col("anaphora")
            | pl.col("role").is_not_null()
            | pl.col("name").is_not_null(),
        )
    )


def _full_names(rows: pl.LazyFrame) -> pl.LazyFrame:
    """doc, word, full: for each word of a release's longer names, the one longer name that
    holds it (words of several names are left out)."""
    name = pl.col("name")
    return (
        rows.group_by("doc")
        .agg(full=name.filter(name.str.contains(" ")).unique())
        .explode("full")
        .drop_nulls("full")
        .with_columns(word=pl.col("full").str.split(" "))
        .explode("word")
        .group_by("doc", "word")
        .agg(pl.col("full").unique())
        .filter(pl.col("full").list.len() == 1)
        .select("doc", "word", full=pl.col("full").list.first())
    )


def _role_holders(rows: pl.LazyFrame) -> pl.LazyFrame:
    """doc, want, holder, since: for each role of a release and each of its first one to
    ROLE_PREFIXES words ('gubernur', 'gubernur kalimantan', ...), in lower case, the one
    person quoted under it, and the first position they were."""
    named = pl.col("name").is_not_null() & pl.col("role").is_not_null()
    held = pl.struct("position", "name", role=pl.col("role").str.to_lowercase())
    words = pl.col("role").str.split(" ")
    prefixes = [words.list.slice(0, n).list.join(" ") for n in range(1, ROLE_PREFIXES + 1)]
    return (
        rows.group_by("doc")
        .agg(held=held.filter(named))
        .explode("held")
        .drop_nulls("held")
        .unnest("held")
        .with_columns(want=pl.concat_list(prefixes).list.unique())
        .explode("want")
        .group_by("doc", "want")
        .agg(holder=pl.col("name").unique(), since=pl.col("position").min())
        .filter(pl.col("holder").list.len() == 1)
        .select("doc", "want", "since", holder=pl.col("holder").list.first())
    )


def quotes(releases: pl.LazyFrame) -> pl.LazyFrame:
    """The quote attributions of ``releases`` (columns doc_id and body, paragraphs separated
    by a blank line): one row per attribution, in QUOTE_SCHEMA, in the order of the releases
    and then of ``position``. The module docstring says which forms are read and how speakers
    are resolved."""
    _check(releases)
    # Attributions repeat across releases (',” ujarnya.'): each is read once, then spread
    # back to its releases.
    rows = (
        _matches(releases)
        .group_by("match")
        .agg("doc", "doc_id", "order")
        .pipe(_read)
        .explode("doc", "doc_id", "order")
        .filter("kept")
        .with_columns(
            position=pl.int_range(pl.len(), dtype=pl.UInt32).over("doc", order_by="order")
        )
    )
    # Each look-up starts by grouping the rows, so the plan computes the rows once for all: a
    # look-up that filtered them first would find the attributions of every body again.
    bare = pl.col("name").is_null() & ~pl.col("anaphora")
    rows = (
        rows.join(_full_names(rows), left_on=["doc", "name"], right_on=["doc", "word"], how="left")
        .with_columns(
            name=pl.coalesce("full", "name"),
            want=pl.when(bare).then(pl.col("role").str.to_lowercase()),
        )
        .join(_role_holders(rows), on=["doc", "want"], how="left")
        .with_columns(holder=pl.when(pl.col("since") < pl.col("position")).then("holder"))
    )
    named = pl.coalesce("name", "holder")
    # An attribution without a name still ends the previous speaker's turn: "" until the end.
    before = (
        pl.when(~pl.col("anaphora"))
        .then(named.fill_null(""))
        .forward_fill()
        .over("doc", order_by="position")
    )
    speaker = pl.when(pl.col("anaphora")).then(pl.when(before != "").then(before)).otherwise(named)
    return (
        rows.with_columns(speaker=speaker)
        .with_columns(
            resolved=pl.col("speaker").is_not_null()
            & (pl.col("anaphora") | pl.col("holder").is_not_null())
        )
        .sort("doc", "position")
        .select(QUOTE_SCHEMA.names())
        .cast(dict(QUOTE_SCHEMA))
    )
