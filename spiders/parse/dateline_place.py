"""The dateline that opens a release body: 'BANJARMASIN – ', 'Padang - ', 'Blora, InfoPublik - '."""

from __future__ import annotations

import re

_WORD = r"[A-Z][A-Za-z'.-]*"
_DATELINE = re.compile(
    rf"^(?P<place>{_WORD}(?: (?:dan |DAN )?{_WORD}){{0,3}})(?:\s*,\s*InfoPublik)?"
    r"(?:\s*[-–—]\s+|\s+[-–—]\s*)"
)
_LOWER = {"dan"}  # 'Pangkajene dan Kepulauan'


def title_case(place: str) -> str:
    words = place.title().split(" ")
    return " ".join(w.lower() if w.lower() in _LOWER else w for w in words)


def dateline_place(first_paragraph: str) -> str | None:
    """The dateline's place in title case; the dateline itself stays in the body."""
    match = _DATELINE.match(first_paragraph)
    return title_case(match["place"]) if match else None
