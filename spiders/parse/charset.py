"""Page text from bytes, with the two charset mistakes government CMSs make detected:
windows-1252 bytes declared UTF-8, and UTF-8 bytes declared windows-1252 (or latin-1)."""

from __future__ import annotations

from w3lib.encoding import html_to_unicode

# w3lib's codec names of the single-byte charsets such pages declare -> their labels.
SINGLE_BYTE = {"cp1252": "windows-1252", "latin_1": "iso-8859-1", "iso8859-15": "iso-8859-15"}


def decode_html(content_type: str | None, body: bytes) -> tuple[str, str | None]:
    """The page's text and, when its declared charset does not fit its bytes, what was wrong.

    The declaration is read as browsers do (HTTP header, then BOM and ``<meta>``).
    """
    encoding, text = html_to_unicode(content_type, body)
    if encoding in ("utf-8", "utf-8-sig"):
        try:
            body.decode(encoding)
        except UnicodeDecodeError:
            # Invalid UTF-8 from a Windows-edited page: windows-1252 is the common culprit.
            return body.decode("cp1252", errors="replace"), (
                "declared utf-8 but the bytes are not UTF-8; read as windows-1252"
            )
    elif encoding in SINGLE_BYTE and not body.isascii():
        try:
            # Multi-byte UTF-8 sequences almost never form by chance in single-byte text.
            return body.decode("utf-8"), (
                f"declared {SINGLE_BYTE[encoding]} but the bytes are UTF-8; read as UTF-8"
            )
        except UnicodeDecodeError:
            pass
    return text, None
