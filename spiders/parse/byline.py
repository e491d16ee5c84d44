"""Bylines: the press unit, writers and editors credited for a release.

Forms: 'MC Kalsel/Fuz', 'MC Kalsel/Jml/AY', '(MC Kab. Blora/Teguh)' (unit, then writers'
initials); '(NHF/RDM/APR)' and '(DISPERSIPKALSEL-NRH/RDM/RH)' ([agency-]reporter / editor /
uploader); labelled 'Reporter : X', 'Editor : Y', 'Penulis : MC KOTA PADANG , Redaktur : Z'.
Names are kept without titles and academic degrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TRAILING_MC = re.compile(
    r"(?:^|(?<=[\s.,”\"]))\(?(?P<byline>(?P<unit>MC(?: [A-Z][\w.]*)+)\s*/\s*"
    r"(?P<writers>[\w.]+(?:\s*/\s*[\w.]+)*))\)?\s*$"
)
_TRAILING_CODES = re.compile(
    r"(?:^|(?<=[\s.,”\"]))\((?P<byline>(?:(?P<unit>[A-Z]{3,})-)?(?P<writer>[A-Z]{2,4})"
    r"/(?P<editor>[A-Z]{2,4})(?:/[A-Z]{2,4})?)\)\s*$"
)
_MEDIA_CENTER = re.compile(r"^(M?MC|Media Cent(?:er|re))\b", re.IGNORECASE)
_OFFICE_CREDIT = re.compile(
    r"^(?P<names>[A-Z][\w.']*(?:[ ,/]+[A-Z][\w.']*){0,5})\s*"
    r"\((?P<unit>(?:Diskominfo|Kominfo|Humas|Biro|Prokopim|Dinas|MC|Media Center)[^()]*)\)$"
)
_UNIT_LINE = re.compile(r"^(?:M?MC|Media Cent(?:er|re))(?: [\w.]+){1,4}$")
WRITER_LABELS = ("reporter", "penulis", "pewarta", "wartawan")
EDITOR_LABELS = ("editor", "redaktur", "penyunting")
_LABELLED = re.compile(
    rf"^\s*(?P<label>{'|'.join(WRITER_LABELS + EDITOR_LABELS)})\s*:\s*(?P<name>.+?)\s*$",
    re.IGNORECASE,
)
# Titles before a name and academic degrees after it: 'Dr. Ir. H. Ahmad, M.Si.', 'Rina, S.I.Kom.'
_TITLES = re.compile(r"^(?:(?:prof|dr|drg|ir|drs|dra|hj|h|kh)\.\s*)+", re.IGNORECASE)
_DEGREE = re.compile(
    r"^(?:[A-Za-z]{1,4}\.)+[A-Za-z]{0,4}\.?$|^(?:SE|SH|MM|MH|ST|MT|MBA|MPA|MSc|PhD)$"
)
# A closing credit that is not the release's text: '(Humas Pemprov Bali)', '(Adv)',
# 'Sumber: Biro Humas ...', 'sumber : diskominfomc.kalselprov.go.id'.
_CREDIT = re.compile(
    r"^\(\s*(?:humas|biro humas|adv|advertorial|rilis|rls)\b[^()]{0,100}\)\.?$"
    r"|^(?:sumber|source)\s*:\s*.{1,120}$",
    re.IGNORECASE,
)
_TRAILING_CREDIT = re.compile(
    r"\s*\(\s*(?:humas|biro humas|adv|advertorial|rilis|rls)\b[^()]{0,100}\)\.?$", re.IGNORECASE
)


def person_names(text: str) -> list[str]:
    """The names in a credit, without titles and degrees: 'Rina Oktaviani, S.I.Kom.' ->
    ['Rina Oktaviani']; 'Andi / Budi' -> ['Andi', 'Budi']."""
    names = []
    for part in re.split(r"\s*(?:[,/&]|\bdan\b)\s*", text):
        part = _TITLES.sub("", part.strip(" .;")).strip()
        if part and not _DEGREE.match(part):
            names.append(part)
    return names


@dataclass(frozen=True)
class Byline:
    text: str | None = None
    unit: str | None = None
    writers: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)


def parse_trailing(text: str) -> tuple[re.Match, Byline] | None:
    """A byline closing ``text``, with where it starts."""
    match = _TRAILING_MC.search(text)
    if match:
        writers = [w.strip() for w in match["writers"].split("/")]
        return match, Byline(match["byline"], match["unit"].strip(), writers)
    match = _TRAILING_CODES.search(text)
    if match:
        return match, Byline(match["byline"], match["unit"], [match["writer"]], [match["editor"]])
    return None


def caption_credit(caption: str) -> tuple[str, str | None]:
    """A photo caption without the byline it ends with, and that byline as its credit."""
    found = parse_trailing(caption)
    if found is None:
        return caption, None
    match, byline = found
    return caption[: match.start()].rstrip(" .,"), byline.text


def split_trailing_byline(paragraphs: list[str]) -> tuple[list[str], Byline]:
    """Remove a byline ending the last paragraph and parse it."""
    found = parse_trailing(paragraphs[-1]) if paragraphs else None
    if found is None:
        return paragraphs, Byline()
    match, byline = found
    rest = paragraphs[-1][: match.start()].rstrip()
    return ([*paragraphs[:-1], rest] if rest else paragraphs[:-1]), byline


def from_labels(parts: list[str]) -> Byline:
    """'Reporter : X', 'Penulis : X' and 'Pewarta : X' name writers, or the press unit when X
    is a media center ('Penulis : MC KOTA PADANG'); 'Editor' and 'Redaktur' name editors.
    Titles and degrees are no part of a name."""
    # A line read twice (nested elements) counts once.
    matches = [m for m in map(_LABELLED.match, dict.fromkeys(parts)) if m]
    named = [m["name"] for m in matches if m["label"].casefold() in WRITER_LABELS]
    units = [name for name in named if _MEDIA_CENTER.match(name)]
    return Byline(
        " | ".join(f"{m['label']} : {m['name']}" for m in matches) or None,
        units[0] if units else None,
        [person for name in named if name not in units for person in person_names(name)],
        [
            person
            for m in matches
            if m["label"].casefold() in EDITOR_LABELS
            for person in person_names(m["name"])
        ],
    )


# Parts of one credit line: 'Penulis : MC KOTA PADANG , Redaktur : Tobari | 04:29 WIB',
# 'Kamis, 19 November 2026 - 14:30 WIB  Pewarta: Cut Nyak Aini'.
_SEPARATOR = re.compile(r"\s*\|\s*|\s+,\s+")
_BEFORE_LABEL = re.compile(rf"\s+(?=(?:{'|'.join(WRITER_LABELS + EDITOR_LABELS)})\s*:)", re.I)


def credit_parts(line: str) -> list[str]:
    """A line cut at its separators and before each credit label."""
    return [part for piece in _SEPARATOR.split(line) for part in _BEFORE_LABEL.split(piece)]


def labelled_parts(lines: list[str]) -> list[str]:
    """The labelled credits in lines of a page; a credit read twice, once with the text of
    the element after it ('Reporter : X person' from a parent, 'Reporter : X' from its own
    element), counts in its shortest form."""
    parts = [p for line in lines for p in credit_parts(line) if _LABELLED.match(p)]
    return [p for p in parts if not any(q != p and p.startswith(q + " ") for q in parts)]


def office_credit(lines: list[str]) -> Byline:
    """A line naming writers and their office: 'Rahmi Yeni (Diskominfotik Sumbar)',
    'Andi / Budi (Humas Pemprov Jambi)'."""
    # The shortest: a parent element's line carries its neighbours' words too.
    for line in sorted(lines, key=len):
        match = _OFFICE_CREDIT.match(line)
        if match:
            return Byline(line, match["unit"], person_names(match["names"]))
    return Byline()


def media_center_line(lines: list[str]) -> str | None:
    """A line that is only a media center's name ('MMC Kalteng'), a byline's unit."""
    return next((line for line in lines if _UNIT_LINE.match(line)), None)


def split_labelled_lines(paragraphs: list[str]) -> tuple[list[str], Byline]:
    """Closing paragraphs that are only labelled credits ('Penulis: Rina | Editor: Budi'),
    parsed, and the paragraphs without them."""
    kept, credits = list(paragraphs), []
    while kept:
        parts = credit_parts(kept[-1])
        if not all(_LABELLED.match(part) for part in parts):
            break
        credits[:0] = parts
        kept.pop()
    return kept, from_labels(credits)


def split_trailing_credit(paragraphs: list[str]) -> list[str]:
    """The paragraphs without a closing credit line or a credit in parentheses closing the
    last paragraph."""
    kept = list(paragraphs)
    while kept and _CREDIT.match(kept[-1]):
        kept.pop()
    if kept:
        kept[-1] = _TRAILING_CREDIT.sub("", kept[-1])
    return [p for p in kept if p]
