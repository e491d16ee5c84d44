"""Replica of sumbarprov.go.id, the CodeIgniter portal of the Sumatera Barat government.

Documented (sources dossier): the index ``/home/index-berita`` with page N at
``/home/index-berita/<(N-1)*5>`` (5 items a page, ``ul.pagination a[data-ci-pagination-page]``);
listing items ``.card-body > .row`` with the title in ``h3.font-weight-normal``, the link in
``a.btn-outline-primary`` and a meta line ``oleh : <author>, <date> WIB``; articles at
``/home/news/<id>-<slug>.html`` in ``main .card`` with the title in ``.card-header h3``, badges
``span.badge.badge-danger`` (category), ``span.badge.badge-warning`` (author, office in
parentheses) and ``span.badge.badge-info`` (``10 Mei 2025 14:42:04 WIB``), the body in
``.card-body > p`` after the ``p`` holding the badges, and the ``Padang - `` dateline.

Assumptions: the pagination markup is CodeIgniter 3's (``rel="start"``/``"prev"``/``"next"``,
``data-ci-pagination-page`` holding page numbers, num_links 2, Bootstrap 4 classes); the listing
excerpt ``p.text-muted``, the meta line as the item's last ``p`` and the thumbnail column; the
badges' order; the photo in ``p.text-center``, body paragraphs sometimes nested inside it (a quirk
a public scraper of the site handles), ``&nbsp;`` paragraphs; the Diskominfotik office in every
author badge and two writers joined with ``/``; the related-news card and views footer; the
navigation, sidebar, footer and robots.txt; OpenGraph tags without ``rel=canonical``;
zero-padded days in dates.
"""

from __future__ import annotations

import random

from tests.replica.site import SYNTHETIC_NOTICE, Page, Site, chunks, esc, html, robots
from tests.replica.synthetic import MONTHS, Profile, SyntheticRelease

BASE = "https://sumbarprov.go.id"
INDEX = f"{BASE}/home/index-berita"
PROFILE = Profile(
    key="sumbarprov",
    province_code="13",
    unit="Diskominfotik Sumbar",
    dateline="title",
    writers=["Yuni Astuti", "Hendri Gusman", "Rahmi Yeni", "Zulfadli", "Novrianto"],
    first_number=21400,
)
PER_PAGE = 5
NUM_LINKS = 2  # CodeIgniter's default: two page numbers either side of the current one


def article_url(release: SyntheticRelease) -> str:
    return f"{BASE}/home/news/{release.number}-{release.slug}.html"


def page_url(page: int) -> str:
    """CodeIgniter offsets: page 1 is the bare index, page N starts at item (N-1)*5."""
    return INDEX if page == 1 else f"{INDEX}/{(page - 1) * PER_PAGE}"


def stamp(release: SyntheticRelease) -> str:
    """'10 Mei 2025 14:42:04 WIB'"""
    moment = release.published_local
    return f"{moment.day:02d} {MONTHS[moment.month - 1]} {moment.year} {moment:%H:%M:%S} WIB"


def author(release: SyntheticRelease) -> str:
    return f"{'/'.join(release.writers)} ({release.byline_unit})"


def photo(release: SyntheticRelease) -> str:
    return f"{BASE}/images/berita/{release.published_local:%Y/%m}/{release.number}.jpg"


def _chrome(title: str, head: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
{head}
<link rel="stylesheet" href="{BASE}/assets/css/bootstrap.min.css">
</head>
<body>
<nav class="navbar navbar-expand-lg navbar-dark bg-primary">
<a class="navbar-brand" href="{BASE}/">Pemerintah Provinsi Sumatera Barat</a>
<ul class="navbar-nav mr-auto">
<li class="nav-item"><a class="nav-link" href="{BASE}/">Beranda</a></li>
<li class="nav-item"><a class="nav-link" href="{BASE}/home/profil">Profil</a></li>
<li class="nav-item active"><a class="nav-link" href="{INDEX}">Berita</a></li>
<li class="nav-item"><a class="nav-link" href="{BASE}/home/ppid">PPID</a></li>
</ul>
<form class="form-inline" action="{BASE}/home/cari" method="get"><input class="form-control" type="search" name="q" placeholder="Cari berita"></form>
</nav>
<div class="container mt-4"><div class="row">
<main class="col-lg-8">
{main}
</main>
<aside class="col-lg-4">
<div class="card"><div class="card-header"><h5>Layanan Publik</h5></div>
<ul class="list-group list-group-flush"><li class="list-group-item"><a href="{BASE}/home/ppid">Informasi Publik</a></li><li class="list-group-item"><a href="{BASE}/home/pengaduan">Pengaduan</a></li></ul></div>
</aside>
</div></div>
<footer class="footer bg-dark text-white mt-5 py-4"><div class="container">
<p>Dinas Komunikasi, Informatika dan Statistik Provinsi Sumatera Barat</p>
</div></footer>
</body>
</html>
"""


def _body(release: SyntheticRelease, nested: bool) -> str:
    image = f'<img class="img-fluid" src="{photo(release)}" alt="{esc(release.title)}">'
    paragraphs = [f'<p style="text-align: justify;">{esc(p)}</p>' for p in release.paragraphs]
    if nested:  # the editor wrapped the text in the photo's centred paragraph
        return f'<p class="text-center">{image}\n' + "\n".join(paragraphs) + "</p>\n<p>&nbsp;</p>"
    return f'<p class="text-center">{image}</p>\n' + "\n".join(paragraphs) + "\n<p>&nbsp;</p>"


def article(release: SyntheticRelease, nested: bool, related: list[SyntheticRelease]) -> Page:
    url = article_url(release)
    head = f"""<meta name="description" content="{esc(release.paragraphs[0][:160])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(release.title)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{photo(release)}">"""
    links = "\n".join(f'<p><a href="{article_url(r)}">{esc(r.title)}</a></p>' for r in related)
    main = f"""<div class="card">
<div class="card-header"><h3>{esc(release.title)}</h3></div>
<div class="card-body">
<p><span class="badge badge-danger">{esc(release.category)}</span> <span class="badge badge-warning">{esc(author(release))}</span> <span class="badge badge-info">{stamp(release)}</span></p>
{_body(release, nested)}
</div>
<div class="card-footer text-muted">Dibaca {release.number % 900 + 40} kali</div>
</div>
<div class="card mt-3">
<div class="card-header"><h5>Berita Terkait</h5></div>
<div class="card-body">
{links}
</div>
</div>"""
    return html(_chrome(f"{release.title} - Pemerintah Provinsi Sumatera Barat", head, main))


def _item(release: SyntheticRelease) -> str:
    return f"""<div class="row">
<div class="col-md-4"><img class="img-fluid rounded" src="{photo(release)}" alt="{esc(release.title)}"></div>
<div class="col-md-8">
<h3 class="font-weight-normal">{esc(release.title)}</h3>
<p class="text-muted">{esc(release.paragraphs[0][:150])}...</p>
<a href="{article_url(release)}" class="btn btn-sm btn-outline-primary">Selengkapnya</a>
<p>oleh : {esc(author(release))}, {stamp(release)}</p>
</div>
</div>"""


def _link(page: int, label: str, rel: str = "", current: bool = False) -> str:
    if current:
        return f'<li class="page-item active"><a class="page-link" href="#">{label}</a></li>'
    rel_attr = f' rel="{rel}"' if rel else ""
    return (
        f'<li class="page-item"><a href="{page_url(page)}" class="page-link" '
        f'data-ci-pagination-page="{page}"{rel_attr}>{label}</a></li>'
    )


def pagination(page: int, pages: int) -> str:
    """CodeIgniter 3's links: First, prev, up to two numbers either side, next, Last."""
    links = []
    if page > NUM_LINKS + 1:
        links.append(_link(1, "&lsaquo; First", "start"))
    if page > 1:
        links.append(_link(page - 1, "&lt;", "prev"))
    for number in range(max(1, page - NUM_LINKS), min(pages, page + NUM_LINKS) + 1):
        links.append(
            _link(number, str(number), "start" if number == 1 else "", current=number == page)
        )
    if page < pages:
        links.append(_link(page + 1, "&gt;", "next"))
    if page + NUM_LINKS < pages:
        links.append(_link(pages, "Last &rsaquo;"))
    return f'<ul class="pagination">{"".join(links)}</ul>'


def index_page(chunk: list[SyntheticRelease], page: int, pages: int) -> Page:
    items = "\n<hr>\n".join(map(_item, chunk))
    main = f"""<div class="card">
<div class="card-header"><h3>Index Berita</h3></div>
<div class="card-body">
{items}
</div>
<div class="card-footer">{pagination(page, pages)}</div>
</div>"""
    return html(_chrome("Index Berita - Pemerintah Provinsi Sumatera Barat", "", main))


def build(releases: list[SyntheticRelease]) -> Site:
    rng = random.Random("siaran-replica:sumbarprov:layout")
    pages: dict[str, Page] = {f"{BASE}/robots.txt": robots(["/admin/", "/home/cari"])}
    for i, release in enumerate(releases):
        related = [releases[j] for j in (i - 1, i - 2) if j >= 0]
        pages[article_url(release)] = article(release, rng.random() < 0.2, related)
    index = chunks(releases[::-1], PER_PAGE)
    for number, chunk in enumerate(index, start=1):
        pages[page_url(number)] = index_page(chunk, number, len(index))
    return Site("sumbarprov", "Apache", pages, [(article_url(r), r) for r in releases])
