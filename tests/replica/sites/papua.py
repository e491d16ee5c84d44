"""Replica of papua.go.id, the portal of Pemerintah Provinsi Papua.

Documented: the news listing ``/view-berita-list-all/berita-papua.html`` with links
``.post-title > a``, dates ``.post-date`` and the next page at ``a[rel="next"]``; the article body
``.text > p``. Zone WIT (Asia/Jayapura).

Assumptions (not documented): article URLs ``/view-detail-berita-<id>/<slug>.html`` (the
registry's placeholder) and listing pages ``?page=N``; a Bootstrap 3 template in which a listing
item is ``div.post`` (thumbnail, ``h3.post-title``, ``span.post-date``, an excerpt in
``div.text``) and the article is ``div.single-post`` with ``h1.post-title``, a ``post-meta`` line
(``span.post-date`` ``Senin, 22 Juli 2024, 14:05 WIT``, the CMS account ``admin``, hits) and
the body ``div.text``; the listing shows the date without time or zone (local time of Papua);
month names in the old spellings (``Pebruari``, ``Nopember``); "Berita Terkait" below the
article reuses the listing item (so a second ``div.text`` follows the body); a top bar shows the
day of the visit; the body comes from an old WYSIWYG editor (justified ``<p>``, ``<span>``
font sizes, stray ``<p>&nbsp;</p>``); the releases carry no byline.
"""

from __future__ import annotations

import random
from datetime import datetime

from tests.replica.site import (
    CAPTURED_AT,
    SYNTHETIC_NOTICE,
    Page,
    Site,
    chunks,
    esc,
    html,
    robots,
)
from tests.replica.synthetic import MONTHS, WEEKDAYS, Profile, SyntheticRelease

BASE = "https://papua.go.id"
LISTING = f"{BASE}/view-berita-list-all/berita-papua.html"
SITE_NAME = "Pemerintah Provinsi Papua"
PROFILE = Profile(
    key="papua", province_code="91", dateline="title", event_year=False, first_number=11200
)
PER_PAGE = 10
# The site's month names keep the old spellings.
OLD_MONTHS = [{"Februari": "Pebruari", "November": "Nopember"}.get(m, m) for m in MONTHS]


def article_url(release: SyntheticRelease) -> str:
    return f"{BASE}/view-detail-berita-{release.number}/{release.slug}.html"


def listing_url(page: int) -> str:
    return LISTING if page == 1 else f"{LISTING}?page={page}"


def day_label(moment: datetime) -> str:
    """'Senin, 22 Juli 2024': the listing's date, local time of Papua without a zone."""
    return (
        f"{WEEKDAYS[moment.weekday()]}, {moment.day} {OLD_MONTHS[moment.month - 1]} {moment.year}"
    )


def page_date(release: SyntheticRelease) -> str:
    return f"{day_label(release.published_local)}, {release.published_local:%H:%M} WIT"


def _image(release: SyntheticRelease) -> str:
    return f"{BASE}/assets/images/berita/{release.number}.jpg"


def _excerpt(release: SyntheticRelease) -> str:
    return esc(release.paragraphs[0][:140].rsplit(" ", 1)[0]) + " ..."


def list_item(release: SyntheticRelease, heading: str = "h3") -> str:
    url = article_url(release)
    return f"""<div class="post">
<div class="post-thumb"><a href="{url}"><img src="{_image(release)}" class="img-responsive" alt=""></a></div>
<{heading} class="post-title"><a href="{url}">{esc(release.title)}</a></{heading}>
<div class="post-meta"><span class="post-date">{day_label(release.published_local)}</span> <span class="post-category"><i class="fa fa-folder-o"></i> {esc(release.category)}</span></div>
<div class="text"><p>{_excerpt(release)}</p></div>
</div>"""


def _chrome(
    title: str,
    head: str,
    main: str,
    latest: list[SyntheticRelease],
    popular: list[SyntheticRelease],
) -> str:
    today = CAPTURED_AT.astimezone(latest[0].published_local.tzinfo)
    ticker = " &bull; ".join(f'<a href="{article_url(r)}">{esc(r.title)}</a>' for r in latest)
    popular_items = "\n".join(
        f'<li><a href="{article_url(r)}">{esc(r.title)}</a><small>{day_label(r.published_local)}</small></li>'
        for r in popular
    )
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
{head}
<link href="{BASE}/assets/css/bootstrap.min.css" rel="stylesheet">
<link href="{BASE}/assets/css/font-awesome.min.css" rel="stylesheet">
<link href="{BASE}/assets/css/style.css" rel="stylesheet">
</head>
<body>
<div class="top-bar"><div class="container"><span class="today"><i class="fa fa-calendar-o"></i> {day_label(today)}</span>
<ul class="top-links"><li><a href="{BASE}/ppid.html">PPID</a></li><li><a href="{BASE}/kontak.html">Kontak</a></li></ul></div></div>
<header class="header"><div class="container"><a class="logo" href="{BASE}/"><img src="{BASE}/assets/images/logo-papua.png" alt="{SITE_NAME}"></a></div></header>
<nav class="navbar navbar-default main-menu"><div class="container"><ul class="nav navbar-nav">
<li><a href="{BASE}/">Beranda</a></li>
<li class="dropdown"><a href="#" class="dropdown-toggle" data-toggle="dropdown">Profil <span class="caret"></span></a><ul class="dropdown-menu"><li><a href="{BASE}/view-page/sejarah.html">Sejarah</a></li><li><a href="{BASE}/view-page/visi-misi.html">Visi dan Misi</a></li></ul></li>
<li class="active"><a href="{LISTING}">Berita</a></li>
<li><a href="{BASE}/view-pengumuman-list-all/pengumuman.html">Pengumuman</a></li>
<li><a href="{BASE}/view-galeri-list-all/galeri.html">Galeri</a></li>
</ul></div></nav>
<div class="breaking-news"><div class="container"><strong>Berita Terkini:</strong> <marquee scrollamount="4">{ticker}</marquee></div></div>
<div class="container"><div class="row">
<div class="col-md-8">
{main}
</div>
<div class="col-md-4 sidebar">
<div class="widget"><h3 class="widget-title">Berita Populer</h3><ul class="popular-posts">
{popular_items}
</ul></div>
<div class="widget"><h3 class="widget-title">Cari Berita</h3><form action="{BASE}/cari.html" method="get"><input type="text" name="q" class="form-control" placeholder="Kata kunci..."></form></div>
</div>
</div></div>
<footer class="footer"><div class="container"><p>{SITE_NAME}<br>Jl. Soa Siu Dok II, Jayapura, Papua</p>
<p class="copyright">&copy; 2024 Dinas Komunikasi dan Informatika Provinsi Papua</p></div></footer>
<script src="{BASE}/assets/js/jquery.min.js"></script>
<script src="{BASE}/assets/js/bootstrap.min.js"></script>
</body>
</html>
"""


def _body(release: SyntheticRelease, rng: random.Random) -> str:
    paragraphs = []
    for text in release.paragraphs:
        if rng.random() < 0.3:
            paragraphs.append(
                f'<p style="text-align: justify;"><span style="font-size: 12pt;">{esc(text)}</span></p>'
            )
        else:
            paragraphs.append(f'<p style="text-align: justify;">{esc(text)}</p>')
        if rng.random() < 0.1:
            paragraphs.append("<p>&nbsp;</p>")
    return "\n".join(paragraphs)


def article(
    release: SyntheticRelease,
    related: list[SyntheticRelease],
    latest: list[SyntheticRelease],
    popular: list[SyntheticRelease],
    rng: random.Random,
) -> Page:
    url = article_url(release)
    head = f"""<meta name="description" content="{_excerpt(release)}">
<meta name="keywords" content="papua, berita papua, {esc(release.category.lower())}">
<meta property="og:title" content="{esc(release.title)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{_image(release)}">
<meta property="og:description" content="{_excerpt(release)}">"""
    related_items = "\n".join(f'<div class="col-sm-4">{list_item(r, "h4")}</div>' for r in related)
    main = f"""<div class="single-post">
<ol class="breadcrumb"><li><a href="{BASE}/">Beranda</a></li><li><a href="{LISTING}">Berita Papua</a></li><li class="active">{esc(release.category)}</li></ol>
<h1 class="post-title">{esc(release.title)}</h1>
<div class="post-meta"><span class="post-date"><i class="fa fa-calendar"></i> {page_date(release)}</span> <span class="post-author"><i class="fa fa-user"></i> admin</span> <span class="post-hits"><i class="fa fa-eye"></i> Dibaca {release.number % 1700 + 58} kali</span></div>
<div class="post-thumb"><img src="{_image(release)}" class="img-responsive" alt="{esc(release.title)}"></div>
<div class="text">
{_body(release, rng)}
</div>
<div class="post-tags"><i class="fa fa-tags"></i> <a href="{BASE}/view-tag/{release.topic}.html">{release.topic}</a></div>
<div class="share-box">Bagikan: <a href="https://www.facebook.com/sharer.php?u={url}" target="_blank"><i class="fa fa-facebook"></i></a> <a href="https://twitter.com/share?url={url}" target="_blank"><i class="fa fa-twitter"></i></a> <a href="whatsapp://send?text={url}"><i class="fa fa-whatsapp"></i></a></div>
</div>
<div class="related-posts"><h3 class="section-title">Berita Terkait</h3><div class="row">
{related_items}
</div></div>"""
    return html(_chrome(f"{release.title} | {SITE_NAME}", head, main, latest, popular))


def listing(
    chunk: list[SyntheticRelease],
    page: int,
    pages: int,
    latest: list[SyntheticRelease],
    popular: list[SyntheticRelease],
) -> Page:
    links = []
    if page > 1:
        links.append(f'<li><a href="{listing_url(page - 1)}" rel="prev">&laquo;</a></li>')
    for number in range(1, pages + 1):
        links.append(
            f'<li class="active"><span>{number}</span></li>'
            if number == page
            else f'<li><a href="{listing_url(number)}">{number}</a></li>'
        )
    if page < pages:
        links.append(f'<li><a href="{listing_url(page + 1)}" rel="next">&raquo;</a></li>')
    items = "\n".join(map(list_item, chunk))
    main = f"""<h2 class="page-title">Berita Papua</h2>
<div class="post-list">
{items}
</div>
<ul class="pagination">{"".join(links)}</ul>"""
    return html(_chrome(f"Berita Papua | {SITE_NAME}", "", main, latest, popular))


def build(releases: list[SyntheticRelease]) -> Site:
    rng = random.Random("siaran-replica:papua:layout")
    newest_first = releases[::-1]
    latest = newest_first[:5]
    # 'Populer' by hits, in no date order.
    popular = sorted(releases, key=lambda r: r.number % 1700, reverse=True)[:5]
    pages: dict[str, Page] = {f"{BASE}/robots.txt": robots(["/admin/", "/cari.html"])}
    for i, release in enumerate(releases):
        related = [r for r in releases[:i] if r.category == release.category][-3:][::-1]
        pages[article_url(release)] = article(release, related, latest, popular, rng)
    index = chunks(newest_first, PER_PAGE)
    for number, chunk in enumerate(index, start=1):
        pages[listing_url(number)] = listing(chunk, number, len(index), latest, popular)
    return Site(
        "papua", "Apache/2.4.6 (CentOS) PHP/5.6.40", pages, [(article_url(r), r) for r in releases]
    )
