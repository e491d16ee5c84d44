"""Which archived captures under a release URL hold no release (``siaran backfill``)."""

import pytest

from siaran.spiders.backfill.stage import not_a_release

HTML = [("Content-Type", "text/html; charset=utf-8")]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("404 - Halaman Tidak Ditemukan", "soft_404"),
        ("404", "soft_404"),
        ("Page not found | Diskominfo", "soft_404"),
        ("Error 404", "soft_404"),
        ("404 KK Terima Bantuan Pangan dari Pemprov", None),
        ("Gubernur Resmikan 404 Unit Rumah Layak Huni", None),
    ],
)
def test_only_a_not_found_page_is_a_soft_404(title, kind):
    body = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    assert not_a_release(HTML, body.encode()) == kind
