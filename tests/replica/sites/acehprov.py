"""Replica of the JSON archive of ``distanbun.acehprov.go.id`` (Dinas Pertanian dan Perkebunan
Aceh), the one Aceh source the dossier documents.

Documented (public scraper evidence): ``/json/berita.json?mode=origin`` answers
``{"data": [{"judul", "slug", "tanggal"}]}`` with values that may carry surrounding whitespace,
``slug`` starting with ``/`` and ``tanggal`` an Indonesian date without time (``22 Juli 2024``);
a release's body is in ``/json<slug>.json?mode=origin`` as ``{"konten": "<p>...</p>"}``, HTML
that may hold ``<img>``. robots.txt is ``User-agent: *`` / ``Allow: /``.

Because ``tanggal`` has no time, the releases are published at midnight local time here (their
times are reset in ``build``), which is all a crawler can know. A release is named by its detail
JSON URL (what the spider fetches); its canonical URL is the site's page ``<origin><slug>``.

Assumptions (undocumented): slugs are ``/berita/<slug>`` (the JSON path mirrors the page path,
as the list ``/json/berita.json`` mirrors ``/berita``); the list is newest first; which values
carry whitespace (a newline or spaces, on some records); the detail JSON holds nothing but
``konten``; the photo is an ``<img>`` in its own centred paragraph opening ``konten`` on some
releases; the agency signs no byline and opens with a ``Banda Aceh - `` style dateline.
"""

from __future__ import annotations

import json

from tests.replica.site import Page, Site, esc, json_page
from tests.replica.synthetic import MONTHS, Profile, SyntheticRelease

ORIGIN = "https://distanbun.acehprov.go.id"
LIST_URL = f"{ORIGIN}/json/berita.json?mode=origin"
PROFILE = Profile(key="acehprov", province_code="11", dateline="title", first_number=3100)
ROBOTS = "User-agent: *\nAllow: /\n"


def slug_path(release: SyntheticRelease) -> str:
    return f"/berita/{release.slug}"


def detail_url(release: SyntheticRelease) -> str:
    return f"{ORIGIN}/json{slug_path(release)}.json?mode=origin"


def tanggal(release: SyntheticRelease) -> str:
    day = release.published_local
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def padded(value: str, number: int) -> str:
    """Some records carry stray whitespace around their values, as the real archive does."""
    return [value, f" {value} ", f"{value}\n", f"\n  {value}"][number % 4]


def konten(release: SyntheticRelease) -> str:
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in release.paragraphs)
    if release.number % 3:
        image = f"{ORIGIN}/uploads/berita/{release.published_local:%Y/%m}/{release.number}.jpg"
        paragraphs = (
            f'<p style="text-align:center"><img src="{image}" alt="{esc(release.title)}" '
            f'style="width:100%"></p>' + paragraphs
        )
    return paragraphs


def build(releases: list[SyntheticRelease]) -> Site:
    for release in releases:  # 'tanggal' is a date: the ground truth is its local midnight
        release.published_local = release.published_local.replace(hour=0, minute=0)
    newest_first = releases[::-1]
    records = [
        {
            "judul": padded(r.title, r.number),
            "slug": padded(slug_path(r), r.number // 2),
            "tanggal": padded(tanggal(r), r.number // 3),
        }
        for r in newest_first
    ]
    pages: dict[str, Page] = {
        LIST_URL: json_page(json.dumps({"data": records}, ensure_ascii=False)),
        f"{ORIGIN}/robots.txt": Page(ROBOTS.encode(), "text/plain; charset=UTF-8"),
    }
    for release in releases:
        pages[detail_url(release)] = json_page(
            json.dumps({"konten": konten(release)}, ensure_ascii=False)
        )
    return Site(
        "acehprov",
        "nginx",
        pages,
        [(detail_url(r), r) for r in releases],
        canonical={detail_url(r): ORIGIN + slug_path(r) for r in releases},
    )
