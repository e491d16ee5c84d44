"""Sitemaps and feeds are untrusted input: parsed with no entity expansion, no DTD loading and
no network, and refused when they declare entities (billion laughs, external entities)."""

from __future__ import annotations

import re

from lxml import etree

ENTITIES_REFUSED = "declares XML entities (entity expansion or external entities); refused"
# An internal DTD subset declaring an entity; no sitemap or feed needs one.
_ENTITY_DECLARATION = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.IGNORECASE)
SAFE_PARSER = {"resolve_entities": False, "no_network": True, "load_dtd": False}


def xml_problem(body: bytes) -> str | None:
    """Why a sitemap or feed cannot be read as it is, or None when it is well-formed."""
    if _ENTITY_DECLARATION.search(body):
        return ENTITIES_REFUSED
    try:
        etree.fromstring(body, etree.XMLParser(**SAFE_PARSER))
    except etree.XMLSyntaxError as error:
        return f"not well-formed XML: {error}"
    return None
