"""Replica of mmc.kalteng.go.id (MMC Kalteng, the media center of Kalimantan Tengah).

Documented: articles at ``/berita/read/<id>/<slug>``; the listing ``/berita/<page>`` with 12
releases a page; ``POST /berita`` with ``cari=<q>`` returns every match at once (the search form
is in the chrome, its answer is not served: the crawl does not need it); the template inserts
``(Baca Juga : ...)`` after the first paragraph and shows a contributor box, neither of which is
body text; ``robots.txt`` answers 403 (an HTML error page) while pages answer 200. Zone WIB.

Assumptions (undocumented): the markup and class names (``h1.judul-berita``,
``div.meta-berita span.tanggal`` holding ``Senin, 22 Juli 2024 10:15 WIB``,
``div.isi-berita > p``, the ``Baca Juga`` line as its own ``<p>`` linking the previous release,
``div.box-kontributor`` inside ``div.isi-berita`` naming the unit ``MMC Kalteng`` and
``Penulis : A, B`` / ``Editor : C`` in its own ``<p>``s; listing items ``div.berita-item`` with a
date ``span.berita-tanggal``); ``/berita`` is page 1; a page past the last answers 200 with no
items; ``PALANGKARAYA – `` datelines and event dates with the year.
"""

from __future__ import annotations

from tests.replica.site import SYNTHETIC_NOTICE, Page, Site, chunks, esc, html, long_date
from tests.replica.synthetic import Profile, SyntheticRelease

BASE = "https://mmc.kalteng.go.id"
UNIT = "MMC Kalteng"
PROFILE = Profile(
    key="mmc_kalteng",
    province_code="62",
    unit=UNIT,
    writers=["Agus Setiawan", "Dewi Lestari", "Rizal Syahputra", "Wulan Permata", "Iwan Nugroho"],
    editors=["Hendra Saputra", "Ratna Utami"],
    dateline="upper",
    first_number=42000,
)
PER_PAGE = 12
FORBIDDEN = """<html>
<head><title>403 Forbidden</title></head>
<body>
<center><h1>403 Forbidden</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""


def article_url(release: SyntheticRelease) -> str:
    return f"{BASE}/berita/read/{release.number}/{release.slug}"


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
<link rel="shortcut icon" href="{BASE}/assets/img/favicon.png">
</head>
<body>
<header class="header-area">
<nav class="navbar navbar-expand-lg"><div class="container">
<a class="navbar-brand" href="{BASE}/"><img src="{BASE}/assets/img/logo-mmc.png" alt="{UNIT}"></a>
<ul class="navbar-nav">
<li class="nav-item"><a class="nav-link" href="{BASE}/">Beranda</a></li>
<li class="nav-item"><a class="nav-link" href="{BASE}/berita">Berita</a></li>
<li class="nav-item"><a class="nav-link" href="{BASE}/galeri">Galeri</a></li>
<li class="nav-item"><a class="nav-link" href="{BASE}/video">Video</a></li>
</ul>
<form class="form-inline" action="{BASE}/berita" method="post">
<input class="form-control" type="text" name="cari" placeholder="Cari Berita...">
<button class="btn" type="submit"><i class="fa fa-search"></i></button>
</form>
</div></nav>
</header>
{main}
<footer class="footer-area"><div class="container">
<p>Multimedia Center Provinsi Kalimantan Tengah &middot; Dinas Komunikasi, Informatika, Persandian dan Statistik</p>
</div></footer>
<script src="{BASE}/assets/js/jquery.min.js"></script>
</body>
</html>
"""


def contributor_box(release: SyntheticRelease) -> str:
    return f"""<div class="box-kontributor">
<div class="kontributor-foto"><img src="{BASE}/assets/img/kontributor/mmc-kalteng.png" alt="{UNIT}"></div>
<div class="kontributor-info">
<p class="kontributor-nama">{esc(release.byline_unit)}</p>
<p class="kontributor-penulis">Penulis : {esc(", ".join(release.writers))}</p>
<p class="kontributor-editor">Editor : {esc(release.editor)}</p>
</div>
</div>"""


def article(release: SyntheticRelease, related: SyntheticRelease) -> Page:
    url = article_url(release)
    image = f"{BASE}/uploads/berita/{release.published_local:%Y%m}/{release.number}.jpg"
    head = f"""<meta name="description" content="{esc(release.paragraphs[0][:160])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(release.title)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image}">"""
    first, *rest = [f"<p>{esc(p)}</p>" for p in release.paragraphs]
    read_also = f'<p>(Baca Juga : <a href="{article_url(related)}">{esc(related.title)}</a>)</p>'
    body = "\n".join([first, read_also, *rest])
    main = f"""<section class="detail-berita"><div class="container"><div class="row">
<div class="col-lg-8">
<ol class="breadcrumb"><li class="breadcrumb-item"><a href="{BASE}/">Beranda</a></li><li class="breadcrumb-item"><a href="{BASE}/berita">Berita</a></li><li class="breadcrumb-item active">{esc(release.category)}</li></ol>
<h1 class="judul-berita">{esc(release.title)}</h1>
<div class="meta-berita">
<span class="tanggal"><i class="fa fa-calendar"></i> {long_date(release.published_local, zone_label="WIB")}</span>
<span class="kategori"><i class="fa fa-tag"></i> {esc(release.category)}</span>
<span class="dilihat"><i class="fa fa-eye"></i> {release.number % 900 + 40} kali dilihat</span>
</div>
<figure class="gambar-berita"><img class="img-fluid" src="{image}" alt="{esc(release.title)}"></figure>
<div class="isi-berita">
{body}
{contributor_box(release)}
</div>
<div class="share-berita">Bagikan: <a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> <a href="https://api.whatsapp.com/send?text={url}">WhatsApp</a></div>
</div>
<div class="col-lg-4"><div class="sidebar"><h4>Berita Terpopuler</h4>
<ul><li><a href="{article_url(related)}">{esc(related.title)}</a></li></ul></div></div>
</div></div></section>"""
    return html(_chrome(f"{release.title} | {UNIT}", head, main))


def _list_item(release: SyntheticRelease) -> str:
    url = article_url(release)
    return f"""<div class="berita-item row">
<div class="col-md-4"><a href="{url}"><img class="img-fluid" src="{BASE}/uploads/berita/{release.published_local:%Y%m}/thumb_{release.number}.jpg" alt=""></a></div>
<div class="col-md-8">
<h3 class="berita-judul"><a href="{url}">{esc(release.title)}</a></h3>
<span class="berita-tanggal"><i class="fa fa-calendar"></i> {long_date(release.published_local, with_time=False)}</span>
<p class="berita-ringkas">{esc(release.paragraphs[0][:150])}...</p>
</div>
</div>"""


def listing(chunk: list[SyntheticRelease], page: int, pages: int) -> Page:
    items = "\n".join(map(_list_item, chunk)) or '<p class="kosong">Berita tidak ditemukan.</p>'
    links = "".join(
        f'<li class="page-item{" active" if n == page else ""}">'
        f'<a class="page-link" href="{BASE}/berita/{n}">{n}</a></li>'
        for n in range(1, pages + 1)
    )
    if page < pages:
        next_url = f"{BASE}/berita/{page + 1}"
        links += f'<li class="page-item"><a class="page-link" href="{next_url}">&raquo;</a></li>'
    main = f"""<section class="list-berita"><div class="container">
<h2 class="section-title">Berita</h2>
{items}
<ul class="pagination">{links}</ul>
</div></section>"""
    return html(_chrome(f"Berita | {UNIT}", "", main))


def build(releases: list[SyntheticRelease]) -> Site:
    pages: dict[str, Page] = {f"{BASE}/robots.txt": Page(FORBIDDEN.encode(), status=403)}
    for i, release in enumerate(releases):
        pages[article_url(release)] = article(release, releases[i - 1])
    index = chunks(releases[::-1], PER_PAGE)
    # The listing has no end marker: the page after the last answers with no items.
    for number, chunk in enumerate([*index, []], start=1):
        pages[f"{BASE}/berita/{number}"] = listing(chunk, number, len(index))
    pages[f"{BASE}/berita"] = pages[f"{BASE}/berita/1"]
    return Site("mmc_kalteng", "nginx", pages, [(article_url(r), r) for r in releases])
