"""Replica of mediacenter.riau.go.id, Media Center Riau, in its newer URL scheme.

Documented (sources dossier): the listing and search ``/arsip?search=<q>&page=N`` and articles at
``/arsip/<id>``; the older site's article body ``.post`` (its ``/indexberita/index/<offset>`` index
and ``/read/<id>/<slug>.html`` articles are not replicated). The field's conventions: a trailing
``MC <unit>/<initials>`` byline closing the text and photo captions ending with the same byline.

Assumptions: the newer site is Laravel with Bootstrap 4 (``?page=N`` with Laravel's pagination
markup, ``rel="next"``, every page number shown below 14 pages, ``&amp;`` in hrefs), 10 items a
page, ``/arsip`` answering as page 1; the listing item ``div.arsip-item`` with ``.judul a`` and
``span.tanggal``; the article markup (``.detail-berita h1``, ``.info-berita`` with
``span.tanggal`` ``Senin, 22 Juli 2024 16:05 WIB`` and ``span.kategori``, the ``.post`` body
kept from the older site, the captioned photo, share and related blocks, sidebar); images under
``/foto_berita/medium/`` named after the truncated slug; the byline as ``MC Riau/<initials>``,
either ending the last paragraph or as its own paragraph in parentheses; the upper-case
``PEKANBARU – `` dateline; OpenGraph without ``rel=canonical``; Laravel's default robots.txt.
"""

from __future__ import annotations

import random

from tests.replica.site import SYNTHETIC_NOTICE, Page, Site, chunks, esc, html, long_date
from tests.replica.synthetic import Profile, SyntheticRelease, event_phrase

BASE = "https://mediacenter.riau.go.id"
PROFILE = Profile(
    key="mediacenter_riau",
    province_code="14",
    unit="MC Riau",
    dateline="upper",
    writers=["Hbl", "Ryn", "Lnt", "Dnd", "Yus", "Afr"],
    first_number=86300,
)
PER_PAGE = 10


def article_url(release: SyntheticRelease) -> str:
    return f"{BASE}/arsip/{release.number}"


def listing_url(page: int, escaped: bool = False) -> str:
    return f"{BASE}/arsip?search={'&amp;' if escaped else '&'}page={page}"


def photo(release: SyntheticRelease) -> str:
    return f"{BASE}/foto_berita/medium/{release.slug[:35].rstrip('-')}.jpg"


def _chrome(title: str, head: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="replica">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
{head}
<link rel="stylesheet" href="{BASE}/css/app.css">
</head>
<body>
<header class="header">
<nav class="navbar navbar-expand-lg navbar-light bg-white">
<a class="navbar-brand" href="{BASE}/"><img src="{BASE}/images/logo-mcr.png" alt="Media Center Riau"></a>
<ul class="navbar-nav ml-auto">
<li class="nav-item"><a class="nav-link" href="{BASE}/">Beranda</a></li>
<li class="nav-item active"><a class="nav-link" href="{BASE}/arsip">Berita</a></li>
<li class="nav-item"><a class="nav-link" href="{BASE}/galeri">Galeri</a></li>
<li class="nav-item"><a class="nav-link" href="{BASE}/kontak">Kontak</a></li>
</ul>
<form class="form-inline" action="{BASE}/arsip" method="GET"><input class="form-control" type="text" name="search" placeholder="Cari berita..."></form>
</nav>
</header>
<div class="container my-4"><div class="row">
<div class="col-lg-8">
{main}
</div>
<div class="col-lg-4 sidebar">
<div class="widget"><h4 class="widget-title">Berita Populer</h4><ul class="list-unstyled"></ul></div>
<div class="widget"><h4 class="widget-title">Harga TBS</h4><p>Penetapan harga TBS sawit Provinsi Riau setiap pekan.</p></div>
</div>
</div></div>
<footer class="footer bg-dark text-white py-4"><div class="container">
<p>Media Center Riau &ndash; Dinas Komunikasi, Informatika dan Statistik Provinsi Riau</p>
</div></footer>
</body>
</html>
"""


def _body(release: SyntheticRelease) -> str:
    paragraphs = [esc(p) for p in release.paragraphs]
    if release.byline_inline:
        paragraphs[-1] = f"{paragraphs[-1]} {esc(release.byline)}"
    else:
        paragraphs.append(f"({esc(release.byline)})")
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def article(release: SyntheticRelease, related: list[SyntheticRelease]) -> Page:
    url = article_url(release)
    caption = (
        f"{release.title}, {release.dateline_place}, {event_phrase(release.event_date, True)}. "
        f"{release.byline}"
    )
    head = f"""<meta name="description" content="{esc(release.paragraphs[0][:160])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(release.title)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{photo(release)}">"""
    related_items = "".join(
        f'<li><a href="{article_url(r)}">{esc(r.title)}</a></li>' for r in related
    )
    main = f"""<nav aria-label="breadcrumb"><ol class="breadcrumb">
<li class="breadcrumb-item"><a href="{BASE}/">Beranda</a></li>
<li class="breadcrumb-item"><a href="{BASE}/arsip">Arsip</a></li>
<li class="breadcrumb-item active" aria-current="page">{esc(release.category)}</li>
</ol></nav>
<div class="detail-berita">
<h1 class="judul-berita">{esc(release.title)}</h1>
<div class="info-berita">
<span class="tanggal"><i class="far fa-calendar-alt"></i> {long_date(release.published_local, zone_label="WIB")}</span>
<span class="kategori"><i class="fa fa-tag"></i> <a href="{BASE}/arsip?kategori={release.category.lower()}">{esc(release.category)}</a></span>
<span class="dilihat"><i class="fa fa-eye"></i> {release.number % 700 + 25} kali</span>
</div>
<figure class="foto-berita"><img class="img-fluid" src="{photo(release)}" alt="{esc(release.title)}">
<figcaption>{esc(caption)}</figcaption></figure>
<div class="post">
{_body(release)}
</div>
<div class="share">Bagikan: <a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> <a href="https://wa.me/?text={url}">WhatsApp</a></div>
</div>
<div class="berita-terkait"><h4>Berita Terkait</h4><ul>{related_items}</ul></div>"""
    return html(_chrome(f"{release.title} | Media Center Riau", head, main))


def _item(release: SyntheticRelease) -> str:
    url = article_url(release)
    return f"""<div class="col-md-12 mb-4 arsip-item"><div class="row">
<div class="col-md-4"><a href="{url}"><img class="img-fluid" src="{photo(release)}" alt="{esc(release.title)}"></a></div>
<div class="col-md-8">
<h5 class="judul"><a href="{url}">{esc(release.title)}</a></h5>
<span class="tanggal"><i class="far fa-calendar-alt"></i> {long_date(release.published_local, with_time=False)}</span>
<p>{esc(release.paragraphs[0][:140])}...</p>
</div>
</div></div>"""


def pagination(page: int, pages: int) -> str:
    """Laravel's Bootstrap 4 paginator: disabled arrows at the ends, every page below 14."""
    if page > 1:
        prev_link = (
            f'<li class="page-item"><a class="page-link" href="{listing_url(page - 1, True)}"'
            ' rel="prev" aria-label="&laquo; Previous">&lsaquo;</a></li>'
        )
    else:
        prev_link = (
            '<li class="page-item disabled" aria-disabled="true" aria-label="&laquo; '
            'Previous"><span class="page-link" aria-hidden="true">&lsaquo;</span></li>'
        )
    numbers = "".join(
        f'<li class="page-item active" aria-current="page"><span class="page-link">{n}</span></li>'
        if n == page
        else f'<li class="page-item"><a class="page-link" href="{listing_url(n, True)}">{n}</a></li>'
        for n in range(1, pages + 1)
    )
    if page < pages:
        next_link = (
            f'<li class="page-item"><a class="page-link" href="{listing_url(page + 1, True)}"'
            ' rel="next" aria-label="Next &raquo;">&rsaquo;</a></li>'
        )
    else:
        next_link = (
            '<li class="page-item disabled" aria-disabled="true" aria-label="Next &raquo;">'
            '<span class="page-link" aria-hidden="true">&rsaquo;</span></li>'
        )
    return f'<nav><ul class="pagination">{prev_link}{numbers}{next_link}</ul></nav>'


def listing(chunk: list[SyntheticRelease], page: int, pages: int) -> Page:
    items = "\n".join(map(_item, chunk))
    main = f"""<h2 class="section-title">Arsip Berita</h2>
<form class="mb-4" action="{BASE}/arsip" method="GET"><input class="form-control" type="text" name="search" value=""></form>
<div class="row">
{items}
</div>
{pagination(page, pages)}"""
    return html(_chrome("Arsip Berita | Media Center Riau", "", main))


ROBOTS = "User-agent: *\nDisallow:\n"


def build(releases: list[SyntheticRelease]) -> Site:
    rng = random.Random("siaran-replica:mediacenter_riau:layout")
    pages: dict[str, Page] = {f"{BASE}/robots.txt": Page(ROBOTS.encode(), "text/plain")}
    for release in releases:
        related = rng.sample(releases, 3)
        pages[article_url(release)] = article(release, [r for r in related if r is not release])
    index = chunks(releases[::-1], PER_PAGE)
    for number, chunk in enumerate(index, start=1):
        pages[listing_url(number)] = listing(chunk, number, len(index))
        if number == 1:
            pages[f"{BASE}/arsip"] = pages[listing_url(number)]
    return Site("mediacenter_riau", "nginx", pages, [(article_url(r), r) for r in releases])
