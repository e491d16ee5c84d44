"""Replica of infopublik.id, the national aggregator of regional media centers.

Documented: articles at ``/kategori/<kategori>/<id>/<slug>``, ``<title>`` ending
`` - InfoPublik``, the header ``Minggu, 13 Februari 2022 | 04:29 WIB | Penulis : MC KOTA PADANG ,
Redaktur : Tobari`` and the body dateline ``<City>, InfoPublik - ``. The surrounding markup, the
category index ``/kategori/nusantara`` and its ``?page=N`` pagination are assumptions.
"""

from __future__ import annotations

from tests.replica.site import SYNTHETIC_NOTICE, Page, Site, chunks, esc, html, long_date, robots
from tests.replica.synthetic import Profile, SyntheticRelease

BASE = "https://infopublik.id"
PROFILE = Profile(
    key="infopublik",
    province_code=None,
    dateline="infopublik",
    count=36,
    editors=["Tobari", "Eka Yonavilbia", "Untung S"],
    first_number=870000,
)
PER_PAGE = 10


def article_url(release: SyntheticRelease) -> str:
    return f"{BASE}/kategori/{release.category.lower()}/{release.number}/{release.slug}"


def header(release: SyntheticRelease) -> str:
    moment = release.published_local
    date_part = long_date(moment, with_time=False)
    return (
        f"{date_part} | {moment:%H:%M} WIB | Penulis : {esc(release.byline_unit)} , "
        f"Redaktur : {esc(release.editor)}"
    )


def _chrome(title: str, head: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
{head}
</head>
<body>
<nav class="navbar"><a class="navbar-brand" href="{BASE}/">InfoPublik</a>
<a href="{BASE}/kategori/nusantara">Nusantara</a></nav>
<div class="container">{main}</div>
<footer class="footer">InfoPublik</footer>
</body>
</html>
"""


def article(release: SyntheticRelease) -> Page:
    url = article_url(release)
    head = f"""<link rel="canonical" href="{url}">
<meta property="og:title" content="{esc(release.title)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{url}">"""
    body = "\n".join(f"<p>{esc(p)}</p>" for p in release.paragraphs)
    main = f"""<div class="row"><div class="col-md-8 detail">
<h1 class="title">{esc(release.title)}</h1>
<p class="date">{header(release)}</p>
<div class="image"><img src="{BASE}/assets/upload/{release.number}.jpg" alt="">
<div class="caption">Foto: {esc(release.byline_unit)}</div></div>
<div class="content">
{body}
</div>
<div class="tags">Tag: <a href="{BASE}/tag/{release.topic}">{release.topic}</a></div>
</div>
<div class="col-md-4"><h3>Terpopuler</h3></div></div>"""
    return html(_chrome(f"{release.title} - InfoPublik", head, main))


def index_page(chunk: list[SyntheticRelease], page: int, pages: int) -> Page:
    items = "\n".join(
        f'<div class="berita-item"><h2><a href="{article_url(r)}">{esc(r.title)}</a></h2>'
        f'<span class="date">{long_date(r.published_local, zone_label="WIB")}</span></div>'
        for r in chunk
    )
    links = (
        f'<li><a rel="next" href="{BASE}/kategori/nusantara?page={page + 1}">&raquo;</a></li>'
        if page < pages
        else ""
    )
    main = f'<h1>Nusantara</h1>\n{items}\n<ul class="pagination">{links}</ul>'
    return html(_chrome("Nusantara - InfoPublik", "", main))


def build(releases: list[SyntheticRelease]) -> Site:
    pages = {f"{BASE}/robots.txt": robots(["/admin/"])}
    pages.update({article_url(r): article(r) for r in releases})
    index = chunks(releases[::-1], PER_PAGE)
    for number, chunk in enumerate(index, start=1):
        page = index_page(chunk, number, len(index))
        pages[f"{BASE}/kategori/nusantara?page={number}"] = page
        if number == 1:
            pages[f"{BASE}/kategori/nusantara"] = page
    return Site("infopublik", "nginx", pages, [(article_url(r), r) for r in releases])
