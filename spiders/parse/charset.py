"""Page text from bytes, with the two charset mistakes government CMSs make detected:
windows-1252 bytes declared UTF-8, and UTF-8 bytes declared windows-1252 (or latin-1).

The charset is read as browsers read it: the BOM, the HTTP header, the ``<meta>`` declaration;
a page that declares none is UTF-8 when its bytes are, else windows-1252 (what pages saved by
Windows editors are written in).
"""

from __future__ import annotations

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    to_unicode,
)

# w3lib's codec names of the single-byte charsets such pages declare -> their labels
# (w3lib resolves 'iso-8859-1' and 'latin1' to cp1252, as browsers do).
SINGLE_BYTE = {"cp1252": "windows-1252", "iso8859-15": "iso-8859-15"}
UTF8 = ("utf-8", "utf-8-sig")


def _utf8(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def undeclared(body: bytes) -> str:
    """A page without any charset declaration: UTF-8 if its bytes are valid UTF-8 (multi-byte
    sequences almost never form by chance in single-byte text), else windows-1252."""
    text = _utf8(body)
    return text if text is not None else body.decode("cp1252", errors="replace")


def decode_html(content_type: str | None, body: bytes) -> tuple[str, str | None]:
    """The page's text and, when its declared charset does not fit its bytes, what was wrong."""
    bom_encoding, bom = read_bom(body)
    if bom_encoding and bom:
        return to_unicode(body[len(bom) :], bom_encoding), None
    declared = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    if declared is None:
        return undeclared(body), None
    if declared in UTF8 and _utf8(body) is None:
        # Invalid UTF-8 from a Windows-edited page: windows-1252 is the common culprit.
        return body.decode("cp1252", errors="replace"), (
            "declared utf-8 but the bytes are not UTF-8; read as windows-1252"
        )
    if declared in SINGLE_BYTE and not body.isascii():
        text = _utf8(body)
        if text is not None:
            return text, f"declared {SINGLE_BYTE[declared]} but the bytes are UTF-8; read as UTF-8"
    if declared in {"utf-16", "utf-32"}:
        # Declared without a byte order and without a BOM: big-endian, as w3lib reads it.
        declared += "-be"
    return to_unicode(body, declared), None
