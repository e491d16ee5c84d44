"""The dateline that opens a release body: 'BANJARMASIN – ', 'Padang - ', 'Blora, InfoPublik - '."""

from __future__ import annotations

import re

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z'.]*(?: [A-Z][A-Za-z'.]*){0,2})(?:\s*,\s*InfoPublik)?"
    r"(?:\s*[-–—]\s+|\s+[-–—]\s*)"
)


def dateline_place(first_paragraph: str) -> str | None:
    """The dateline's place in title case; the dateline itself stays in the body."""
    match = _DATELINE.match(first_paragraph)
    return match["place"].title() if match else None
