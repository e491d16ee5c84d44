"""Replica of jatimprov.go.id, the portal of Jawa Timur.

Documented (sources dossier): listings at ``/berita?berita=<category>&page=N`` whose article
links contain ``/berita/``; on an article the title is the ``<h3>`` after
``div.pr-bg.pr-bg-white``, the date sits in ``div.parallax-header a``, the category follows
``Kategori :``, the body is nested ``<p><p>``, ``og:title`` is present and a "Berita Terkait"
block has to be dropped. Zone WIB.

Assumptions: articles at ``/berita/<slug>``; the category slugs (the synthetic categories,
slugified) and one listing per category, ``?berita=<category>`` being page 1; six items a page
in ``div.list-post`` cards (``h3 a`` link, ``span.post-date`` day) with Laravel's Bootstrap
pagination (``ul.pagination``, ``rel="next"``); the unfiltered ``/berita`` showing the newest
items only; the magazine-theme chrome around the article (hero section, breadcrumbs, share
bar, sidebar, footer); the date line ``Senin, 22 Juli 2024 | 16:05 WIB``; the body container
``div.single-post-content_text`` with its ``<p>&nbsp;</p>`` spacers; the "Berita Terkait" block
as paragraphs of links inside that container, after the text; no canonical link, no byline;
datelines in title case (``Surabaya - ``) and event dates without a year; robots.txt.
"""

from __future__ import annotations

import random

from siaran.spiders.release import slugify
from tests.replica.site import SYNTHETIC_NOTICE, Page, Site, chunks, esc, html, long_date, robots
from tests.replica.synthetic import TOPICS, Profile, SyntheticRelease

BASE = "https://jatimprov.go.id"
SITE_NAME = "Pemerintah Provinsi Jawa Timur"
PROFILE = Profile(
    key="jatimprov", province_code="35", dateline="title", event_year=False, first_number=38500
)
PER_PAGE = 6
CATEGORIES = sorted({topic["category"] for topic in TOPICS.values()})


def article_url(release: SyntheticRelease) -> str:
    return f"{BASE}/berita/{release.slug}"


def category_slug(category: str) -> str:
    return slugify(category)


def listing_url(category: str, page: int) -> str:
    return f"{BASE}/berita?berita={category_slug(category)}&page={page}"


def image_url(release: SyntheticRelease) -> str:
    return f"{BASE}/userfile/berita/{release.number}.jpg"


def page_date(release: SyntheticRelease) -> str:
    """'Senin, 22 Juli 2024 | 16:05 WIB'"""
    moment = release.published_local
    return f"{long_date(moment, with_time=False)} | {moment:%H:%M} WIB"


def _chrome(title: str, head: str, main: str, categories: list[str]) -> str:
    menu = "".join(
        f'<li><a href="{BASE}/berita?berita={category_slug(c)}">{esc(c)}</a></li>'
        for c in categories
    )
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="csrf-token" content="synthetic">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
{head}
<link type="text/css" rel="stylesheet" href="{BASE}/assets/css/style.css">
</head>
<body>
<div class="loader-wrap"><div class="loader-inner"></div></div>
<div id="main">
<header class="main-header">
<div class="header-inner fl-wrap"><div class="container">
<a href="{BASE}/" class="logo-holder"><img src="{BASE}/assets/images/logo.png" alt="{SITE_NAME}"></a>
<div class="nav-holder main-menu"><nav><ul>
<li><a href="{BASE}/">Beranda</a></li>
<li><a href="{BASE}/berita" class="act-link">Berita</a><ul>{menu}</ul></li>
<li><a href="{BASE}/profil">Profil</a></li>
<li><a href="{BASE}/layanan">Layanan</a></li>
</ul></nav></div>
</div></div>
</header>
<div id="wrapper"><div class="content">
{main}
</div>
<footer class="fl-wrap main-footer"><div class="container">
<div class="footer-widget"><div class="footer-widget-title">{SITE_NAME}</div>
<p>Jl. Pahlawan No. 110, Surabaya</p></div>
<div class="sub-footer fl-wrap"><div class="copyright">&#169; {SITE_NAME}</div></div>
</div></footer>
</div>
</div>
<script src="{BASE}/assets/js/jquery.min.js"></script>
<script src="{BASE}/assets/js/scripts.js"></script>
</body>
</html>
"""


def _list_post(release: SyntheticRelease) -> str:
    day = long_date(release.published_local, with_time=False).split(", ")[1]
    return f"""<div class="list-post fl-wrap">
<div class="list-post-media"><a href="{article_url(release)}"><div class="bg-wrap"><div class="bg" data-bg="{image_url(release)}"></div></div></a></div>
<div class="list-post-content">
<a class="post-category-marker" href="{BASE}/berita?berita={category_slug(release.category)}">{esc(release.category)}</a>
<h3><a href="{article_url(release)}">{esc(release.title)}</a></h3>
<span class="post-date"><i class="far fa-clock"></i> {day}</span>
<p>{esc(release.paragraphs[0][:140])}...</p>
</div>
</div>"""


def _sidebar(popular: list[SyntheticRelease]) -> str:
    items = "".join(
        f'<li><a href="{article_url(r)}" class="widget-posts-img"><img src="{image_url(r)}" alt=""></a>'
        f'<div class="widget-posts-descr"><h4><a href="{article_url(r)}">{esc(r.title)}</a></h4>'
        f'<span class="widget-posts-date">{long_date(r.published_local, with_time=False)}</span></div></li>'
        for r in popular
    )
    return f"""<div class="sidebar-content fl-wrap fixed-bar">
<div class="box-widget fl-wrap"><div class="box-widget-content">
<div class="search-widget fl-wrap"><form action="{BASE}/berita"><input name="cari" type="text" placeholder="Cari..."></form></div>
</div></div>
<div class="box-widget fl-wrap"><div class="widget-title">Berita Populer</div>
<div class="box-widget-content"><div class="widget-posts fl-wrap"><ul>{items}</ul></div></div></div>
</div>"""


def _page_item(label: str, url: str | None, rel: str = "", active: bool = False) -> str:
    """One item of Laravel's Bootstrap pagination."""
    if url is None:
        state = ' active" aria-current="page' if active else ' disabled" aria-disabled="true'
        return f'<li class="page-item{state}"><span class="page-link">{label}</span></li>'
    rel_attr = f' rel="{rel}"' if rel else ""
    return (
        f'<li class="page-item"><a class="page-link" href="{esc(url)}"{rel_attr}>{label}</a></li>'
    )


def _pagination(category: str, page: int, pages: int) -> str:
    items = [_page_item("&lsaquo;", listing_url(category, page - 1) if page > 1 else None, "prev")]
    items += [
        _page_item(str(n), None if n == page else listing_url(category, n), active=n == page)
        for n in range(1, pages + 1)
    ]
    items.append(
        _page_item("&rsaquo;", listing_url(category, page + 1) if page < pages else None, "next")
    )
    return f'<nav><ul class="pagination">{"".join(items)}</ul></nav>'


def _section_title(title: str) -> str:
    return f"""<section class="hero-section">
<div class="bg-wrap hero-section_bg"><div class="bg" data-bg="{BASE}/assets/images/bg/header.jpg"></div></div>
<div class="container"><div class="hero-section_title hs_align-title">
<div class="pr-bg pr-bg-white"></div>
<h3>{esc(title)}</h3>
</div></div>
</section>"""


def listing(
    category: str,
    chunk: list[SyntheticRelease],
    page: int,
    pages: int,
    categories: list[str],
    popular: list[SyntheticRelease],
) -> Page:
    main = f"""{_section_title(f"Berita {category}")}
<section><div class="container"><div class="row">
<div class="col-md-8"><div class="main-container fl-wrap">
<div class="list-post-wrap">
{"".join(_list_post(r) for r in chunk)}
</div>
{_pagination(category, page, pages)}
</div></div>
<div class="col-md-4">{_sidebar(popular)}</div>
</div></div></section>"""
    return html(_chrome(f"Berita {category} | {SITE_NAME}", "", main, categories))


def _body(release: SyntheticRelease, spacer: bool, related: list[SyntheticRelease]) -> str:
    # The CMS wraps the editor's paragraphs in one more <p>.
    paragraphs = [f"<p>{esc(p)}</p>" for p in release.paragraphs]
    if spacer:
        paragraphs.insert(len(paragraphs) - 1, "<p>&nbsp;</p>")
    links = "".join(f'<p><a href="{article_url(r)}">{esc(r.title)}</a></p>' for r in related)
    return (
        f"<p>{''.join(paragraphs)}</p>\n"
        f'<div class="berita-terkait"><p><strong>Berita Terkait</strong></p>{links}</div>'
    )


def article(
    release: SyntheticRelease,
    spacer: bool,
    related: list[SyntheticRelease],
    categories: list[str],
    popular: list[SyntheticRelease],
) -> Page:
    url = article_url(release)
    head = f"""<meta name="description" content="{esc(release.paragraphs[0][:160])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(release.title)}">
<meta property="og:description" content="{esc(release.paragraphs[0][:160])}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image_url(release)}">"""
    category = release.category
    main = f"""<section class="hero-section">
<div class="bg-wrap hero-section_bg"><div class="bg" data-bg="{image_url(release)}"></div></div>
<div class="container">
<div class="hero-section_title hs_align-title">
<div class="pr-bg pr-bg-white"></div>
<h3>{esc(release.title)}</h3>
</div>
<div class="clearfix"></div>
<div class="breadcrumbs-list fl-wrap"><a href="{BASE}/">Beranda</a> <a href="{BASE}/berita">Berita</a> <span>{esc(release.title)}</span></div>
<div class="parallax-header fl-wrap">
<a href="#"><i class="far fa-calendar"></i> {page_date(release)}</a>
<span>Kategori : </span><a href="{BASE}/berita?berita={category_slug(category)}">{esc(category)}</a>
</div>
</div>
</section>
<section><div class="container"><div class="row">
<div class="col-md-8"><div class="main-container fl-wrap fix-container-init">
<div class="single-post-header fl-wrap"><div class="share-holder"><span>Bagikan :</span>
<a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> <a href="https://twitter.com/intent/tweet?url={url}">Twitter</a></div></div>
<div class="single-post-media fl-wrap"><img src="{image_url(release)}" class="respimg" alt="{esc(release.title)}"></div>
<div class="single-post-content fl-wrap">
<div class="single-post-content_text" id="font_chage">
{_body(release, spacer, related)}
</div>
<div class="single-post-footer fl-wrap"><div class="post-single-tags"><span class="tags-title">Tag : </span><a href="{BASE}/berita?cari={release.topic}">{release.topic}</a></div></div>
</div>
</div></div>
<div class="col-md-4">{_sidebar(popular)}</div>
</div></div></section>"""
    return html(_chrome(f"{release.title} | {SITE_NAME}", head, main, categories))


def build(releases: list[SyntheticRelease]) -> Site:
    rng = random.Random("siaran-replica:jatimprov:layout")
    newest_first = releases[::-1]
    categories = CATEGORIES
    popular = newest_first[:4]
    pages: dict[str, Page] = {f"{BASE}/robots.txt": robots(["/admin/", "/login"])}
    for release in releases:
        same = [r for r in newest_first if r.category == release.category and r is not release]
        pages[article_url(release)] = article(
            release, rng.random() < 0.3, same[:3], categories, popular
        )
    for category in categories:
        filed = [r for r in newest_first if r.category == category]
        listing_pages = chunks(filed, PER_PAGE)
        for number, chunk in enumerate(listing_pages, start=1):
            page = listing(category, chunk, number, len(listing_pages), categories, popular)
            pages[listing_url(category, number)] = page
            if number == 1:
                pages[f"{BASE}/berita?berita={category_slug(category)}"] = page
    pages[f"{BASE}/berita"] = html(
        _chrome(
            f"Berita | {SITE_NAME}",
            "",
            f"""{_section_title("Berita")}
<section><div class="container"><div class="list-post-wrap">
{"".join(_list_post(r) for r in newest_first[:PER_PAGE])}
</div></div></section>""",
            categories,
        )
    )
    return Site("jatimprov", "nginx", pages, [(article_url(r), r) for r in releases])
