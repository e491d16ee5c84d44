"""Bylines: the press unit, writers and editors credited for a release.

Forms: 'MC Kalsel/Fuz', 'MC Kalsel/Jml/AY', '(MC Kab. Blora/Teguh)' (unit, then writers'
initials); '(NHF/RDM/APR)' and '(DISPERSIPKALSEL-NRH/RDM/RH)' ([agency-]reporter / editor /
uploader); labelled 'Reporter : X', 'Editor : Y', 'Penulis : MC KOTA PADANG , Redaktur : Z'.
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
_MEDIA_CENTER = re.compile(r"^(MC|Media Center)\b", re.IGNORECASE)
_LABELLED = re.compile(r"^\s*(?P<label>Reporter|Penulis|Editor|Redaktur)\s*:\s*(?P<name>.+?)\s*$")
WRITER_LABELS, EDITOR_LABELS = ("Reporter", "Penulis"), ("Editor", "Redaktur")


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
    """'Reporter : X' and 'Penulis : X' name writers, or the press unit when X is a media
    center ('Penulis : MC KOTA PADANG'); 'Editor' and 'Redaktur' name editors."""
    matches = [m for m in map(_LABELLED.match, parts) if m]
    named = [m["name"] for m in matches if m["label"] in WRITER_LABELS]
    units = [name for name in named if _MEDIA_CENTER.match(name)]
    return Byline(
        " | ".join(f"{m['label']} : {m['name']}" for m in matches) or None,
        units[0] if units else None,
        [name for name in named if name not in units],
        [m["name"] for m in matches if m["label"] in EDITOR_LABELS],
    )
