"""Bylines: the press unit and writers credited for a release."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# 'MC Kalsel/Fuz', 'MC Kalsel/Jml/AY', '(MC Kab. Blora/Teguh)' closing the last paragraph.
_TRAILING_MC = re.compile(
    r"(?:^|(?<=[\s.,”\"]))\(?(?P<byline>(?P<unit>MC(?: [A-Z][\w.]*)+)\s*/\s*"
    r"(?P<writers>[\w.]+(?:\s*/\s*[\w.]+)*))\)?\s*$"
)
_MEDIA_CENTER = re.compile(r"^(MC|Media Center)\b", re.IGNORECASE)
_LABELLED = re.compile(r"^\s*(?P<label>Reporter|Penulis|Editor|Redaktur)\s*:\s*(?P<name>.+?)\s*$")


@dataclass(frozen=True)
class Byline:
    text: str | None = None
    unit: str | None = None
    writers: list[str] = field(default_factory=list)


def split_trailing_byline(paragraphs: list[str]) -> tuple[list[str], Byline]:
    """Remove an MC byline ending the last paragraph and parse it."""
    if not paragraphs:
        return paragraphs, Byline()
    match = _TRAILING_MC.search(paragraphs[-1])
    if match is None:
        return paragraphs, Byline()
    rest = paragraphs[-1][: match.start()].rstrip()
    kept = [*paragraphs[:-1], rest] if rest else paragraphs[:-1]
    writers = [w.strip() for w in match["writers"].split("/")]
    return kept, Byline(match["byline"], match["unit"].strip(), writers)


def from_labels(parts: list[str]) -> Byline:
    """'Reporter : X' and 'Penulis : X' name writers, or the press unit when X is a media
    center ('Penulis : MC KOTA PADANG'); editors ('Editor', 'Redaktur') are not writers."""
    matches = [m for m in map(_LABELLED.match, parts) if m]
    named = [m["name"] for m in matches if m["label"] in ("Reporter", "Penulis")]
    units = [name for name in named if _MEDIA_CENTER.match(name)]
    text = " | ".join(f"{m['label']} : {m['name']}" for m in matches)
    return Byline(text or None, units[0] if units else None, [n for n in named if n not in units])
