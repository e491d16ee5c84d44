"""Replica of m.beritajakarta.id in the mobile template of the saved real pages: title in
``div.news-read h1``, date/Reporter/Editor spans in ``div.content-info``, pull-quote
``blockquote``, inline ``a.read-also``, editor marker spans, and 2015-style nested ``<p>``.

The index pagination (``/berita/terkini?page=N`` with ``rel=next``) and robots.txt are not
documented and are assumptions.
"""

from __future__ import annotations

import random

from tests.replica.site import SYNTHETIC_NOTICE, Page, Site, chunks, esc, html, long_date
from tests.replica.synthetic import Profile, SyntheticRelease

BASE = "https://m.beritajakarta.id"
PROFILE = Profile(
    key="beritajakarta",
    province_code="31",
    dateline="none",
    event_year=False,
    writers=["Andi Pratama", "Rina Kusuma", "Yudha Saputra", "Maria Ulfa"],
    editors=["Toni Wibowo", "Sri Wahyuni"],
    first_number=139000,
)
PER_PAGE = 10
MARKERS = (
    '<span id="sceditor-end-marker" style="line-height: 0; display: none;" '
    'class="sceditor-selection sceditor-ignore"> </span>'
)


def article_url(release: SyntheticRelease) -> str:
    return f"{BASE}/read/{release.number}/{release.slug}"


def page_date(release: SyntheticRelease) -> str:
    return long_date(release.published_local, zone_label="WIB")


def _icon(name: str) -> str:
    return f'<i class="material-icons">{name}</i>'


def _body(release: SyntheticRelease, nested: bool, related: SyntheticRelease) -> str:
    first, *rest = [esc(p) for p in release.paragraphs]
    opening = (
        f'<p class="text-justify"><p>{first}{MARKERS}</p>'
        if nested
        else f'<p class="text-justify">{first}{MARKERS}</p>'
    )
    pull_quote = (
        f'<!--blockquote-->\n<blockquote>{MARKERS}"{esc(release.pull_quote)},"</blockquote>'
        "\n<!--./blockquote-->"
    )
    paragraphs = [f'<p class="text-justify">{p}</p>' for p in rest]
    read_also = f'<a href="{article_url(related)}" class="read-also ina">{esc(related.title)}</a>'
    paragraphs.insert(2, read_also)
    return opening + pull_quote + "".join(paragraphs)


def _list_item(release: SyntheticRelease) -> str:
    return f"""<li class="row">
<div class="col s7">
<h2><a href="{article_url(release)}">{esc(release.title)}</a></h2>
<div class="list-info">
<span>{_icon("access_time")}{page_date(release)}</span><br>
<span>{_icon("remove_red_eye")}{release.number % 4000 + 150}</span>
<span>{_icon("person")}{esc(release.writers[0])}</span>
</div>
</div>
</li>"""


def _chrome(title: str, head: str, main: str) -> str:
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
{head}
</head>
<body>
<ul class="sidenav" id="side-menu">
<li class="bold"><a href="{BASE}/berita/terkini">Indeks</a></li>
<li class="bold"><a href="{BASE}/kategori/pemerintahan">Pemerintahan</a></li>
<li class="bold"><a href="{BASE}/siaran-pers">Siaran Pers</a></li>
</ul>
<form class="col s10 offset-s1 center" action="{BASE}/news/search" method="GET">
<input placeholder="Pencarian Berita" type="text" class="search-input" name="q" />
</form>
{main}
</body>
</html>
"""


def article(release: SyntheticRelease, nested: bool, related: SyntheticRelease) -> Page:
    url = article_url(release)
    category = release.category
    head = f"""<meta name="description" content="{esc(release.paragraphs[0][:150])}&#8230;">
<link rel="canonical" href="{url}">
<meta property="og:title" content="{esc(release.title)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="beritajakarta.id">"""
    main = f"""<div class="nav-wrapper mt16">
<ul class="col s12 breadcrumbs"><li><a href="{BASE}/">Beranda</a></li><li class="separator"></li><li class="active"><a href="{BASE}/kategori/{category.lower()}">{esc(category)}</a></li></ul>
</div>
<div class="news-read">
<img class="responsive-img" src="https://multimedia.beritajakarta.id/photo/{release.number}.jpg" alt="{esc(release.title)}" />
<div class="image-info">
<span>{_icon("photo")} {esc(release.writers[0])} - Beritajakarta.id</span>
</div>
<div class="content">
<h1>{esc(release.title)}</h1>
<div class="content-info">
<span>{_icon("access_time")} {page_date(release)}</span>
<span>{_icon("remove_red_eye")} {release.number % 4000 + 150}</span>
<span>{_icon("person")} Reporter : {esc(release.writers[0])}</span>
<span>{_icon("person")} Editor : {esc(release.editor)}</span>
</div>
<div class="content-body">
{_body(release, nested, related)}
</div>
</div>
</div>
<div class="news-list">
<div class="header"><span class="title">Berita Terkait</span></div>
<ul class="list-index">
{_list_item(related)}
</ul>
</div>"""
    return html(_chrome(release.title, head, main))


def index_page(newest_first: list[SyntheticRelease], page: int, pages: int) -> Page:
    items = "\n".join(map(_list_item, newest_first))
    links = []
    if page > 1:
        links.append(
            f'<li><a href="{BASE}/berita/terkini?page={page - 1}" rel="prev">&lsaquo;</a></li>'
        )
    links.append(f'<li class="active"><a>{page}</a></li>')
    if page < pages:
        links.append(
            f'<li><a href="{BASE}/berita/terkini?page={page + 1}" rel="next">&rsaquo;</a></li>'
        )
    main = f"""<div class="news-list">
<div class="header"><span class="title">Indeks Berita</span></div>
<ul class="list-index">
{items}
</ul>
<ul class="pagination">{"".join(links)}</ul>
</div>"""
    return html(_chrome("Indeks Berita Terkini", "", main))


ROBOTS = """User-agent: *
Disallow: /news/search
"""


def build(releases: list[SyntheticRelease]) -> Site:
    rng = random.Random("siaran-replica:beritajakarta:layout")
    nested = [rng.random() < 0.2 for _ in releases]
    newest_first = releases[::-1]
    pages: dict[str, Page] = {f"{BASE}/robots.txt": Page(ROBOTS.encode(), "text/plain")}
    for i, release in enumerate(releases):
        related = releases[i - 1] if i else releases[-1]
        pages[article_url(release)] = article(release, nested[i], related)
    index_pages = chunks(newest_first, PER_PAGE)
    for number, chunk in enumerate(index_pages, start=1):
        page = index_page(chunk, number, len(index_pages))
        pages[f"{BASE}/berita/terkini?page={number}"] = page
        if number == 1:
            pages[f"{BASE}/berita/terkini"] = page
    return Site("beritajakarta", "nginx", pages, [(article_url(r), r) for r in releases])
