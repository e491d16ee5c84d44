"""Replica of jabarprov.go.id, the Nuxt portal of Jawa Barat, and of its public news API.

Documented (sources dossier): the HTML listing is a thin single-page-app shell; the public API
``api.jabarprov.go.id/v1/public/news?page=N&sort_by=published_at&sort_order=DESC&per_page=10``
(optionally ``&cat=<kategori>``) returns ``data[]`` records with ``slug, title, published_at,
author, image, link``; articles live at ``/berita/<slug>-<id>`` and are server-rendered, with
the body in ``div.article__body`` and inline "baca juga" inserts in it; the categories are
ekonomi, kesehatan, pendidikan, pemerintahan, infrastruktur, sosial, teknologi. Zone WIB.

Assumptions: the API's ``meta`` block, ``id`` and ``category`` fields, and ``published_at`` as
ISO 8601 UTC with milliseconds; an empty ``data`` past the last page; the article chrome (Nuxt
``data-n-head`` meta with OpenGraph and a canonical link, breadcrumb, ``h1.article__title``,
category link ``a.article__category``, the date line ``Senin, 22 Juli 2024 16:05 WIB`` and
``Penulis : X`` / ``Editor : Y`` lines in ``div.article__info``, photo caption, tags, related
news, footer, ``window.__NUXT__`` state); the wording of the inserts (``Baca Juga:`` or
``BACA JUGA :``, one or two per article); robots.txt on both hosts. The synthetic categories
are mapped onto the documented ones (Bencana -> Sosial, Pembangunan -> Infrastruktur).
"""

from __future__ import annotations

import json
import random
from datetime import UTC

from tests.replica.site import (
    SYNTHETIC_NOTICE,
    Page,
    Site,
    chunks,
    esc,
    html,
    json_page,
    long_date,
    robots,
)
from tests.replica.synthetic import Profile, SyntheticRelease

BASE = "https://jabarprov.go.id"
API = "https://api.jabarprov.go.id/v1/public/news"
PROFILE = Profile(
    key="jabarprov",
    province_code="32",
    dateline="upper",
    event_year=True,
    writers=[
        "Yogi Prasetya",
        "Rizki Ramadhan",
        "Dewi Anggraeni",
        "Asep Sunandar",
        "Nisa Khairunnisa",
    ],
    editors=["Ahmad Muslih", "Rina Marlina", "Dadan Ramdani"],
    first_number=14200,
)
PER_PAGE = 10
# The portal's categories (dossier) for the synthetic ones.
CATEGORIES = {
    "Ekonomi": "ekonomi",
    "Kesehatan": "kesehatan",
    "Pendidikan": "pendidikan",
    "Pemerintahan": "pemerintahan",
    "Pembangunan": "infrastruktur",
    "Bencana": "sosial",
}
ALL_CATEGORIES = [
    "ekonomi",
    "kesehatan",
    "pendidikan",
    "pemerintahan",
    "infrastruktur",
    "sosial",
    "teknologi",
]


def house_style(release: SyntheticRelease) -> None:
    """The portal files releases under its own categories and credits 'Penulis'."""
    slug = CATEGORIES.get(release.category, release.category.lower())
    release.category = slug.capitalize()
    release.labels = ("Penulis", "Editor")


def article_url(release: SyntheticRelease) -> str:
    return f"{BASE}/berita/{release.slug}-{release.number}"


def category_slug(release: SyntheticRelease) -> str:
    return release.category.lower()


def image_url(release: SyntheticRelease) -> str:
    return f"https://api.jabarprov.go.id/storage/news/{release.number}/thumbnail.jpg"


def api_url(page: int, category: str | None = None) -> str:
    url = f"{API}?page={page}&sort_by=published_at&sort_order=DESC&per_page={PER_PAGE}"
    return f"{url}&cat={category}" if category else url


def published_label(release: SyntheticRelease) -> str:
    """'2024-07-22T09:05:00.000Z'"""
    return release.published_local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def record(release: SyntheticRelease) -> dict:
    return {
        "id": release.number,
        "slug": release.slug,
        "title": release.title,
        "excerpt": release.paragraphs[0][:160],
        "category": category_slug(release),
        "published_at": published_label(release),
        "author": release.writers[0],
        "image": image_url(release),
        "link": article_url(release),
    }


def api_pages(newest_first: list[SyntheticRelease], category: str | None) -> dict[str, Page]:
    """Every page with records, then the empty page where a client stops."""
    pages = chunks(newest_first, PER_PAGE) if newest_first else []
    served: dict[str, Page] = {}
    for number, chunk in enumerate([*pages, []], start=1):
        payload = {
            "data": [record(r) for r in chunk],
            "meta": {
                "current_page": number,
                "per_page": PER_PAGE,
                "total": len(newest_first),
                "last_page": max(len(pages), 1),
            },
        }
        served[api_url(number, category)] = json_page(json.dumps(payload, ensure_ascii=False))
    return served


def _nuxt_state(state: dict) -> str:
    return json.dumps(state, ensure_ascii=False).replace("</", "<\\/")


def _chrome(title: str, head: str, main: str, state: dict) -> str:
    menu = "".join(
        f'<li><a href="{BASE}/berita?kategori={c}" class="nav__link">{c.capitalize()}</a></li>'
        for c in ALL_CATEGORIES
    )
    return f"""<!doctype html>
<html data-n-head-ssr lang="id" data-n-head="%7B%22lang%22:%7B%22ssr%22:%22id%22%7D%7D">
<head>
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
<meta data-n-head="ssr" charset="utf-8">
<meta data-n-head="ssr" name="viewport" content="width=device-width, initial-scale=1">
{head}
<link rel="preload" href="/_nuxt/runtime.7a1c2e.js" as="script">
<link rel="preload" href="/_nuxt/app.4f9d0b.js" as="script">
</head>
<body>
<div data-server-rendered="true" id="__nuxt"><div id="__layout"><div class="layout">
<header class="navbar"><a href="{BASE}/" class="navbar__brand">Jabarprov</a>
<nav class="navbar__menu"><ul><li><a href="{BASE}/" class="nav__link">Beranda</a></li>
<li><a href="{BASE}/berita" class="nav__link nuxt-link-active">Berita</a></li>{menu}</ul></nav>
<form action="{BASE}/berita" class="navbar__search"><input name="q" placeholder="Cari berita"></form>
</header>
{main}
<footer class="footer"><p>Pemerintah Daerah Provinsi Jawa Barat</p>
<p>Jl. Diponegoro No. 22, Kota Bandung</p></footer>
</div></div></div>
<script>window.__NUXT__={_nuxt_state(state)};</script>
<script src="/_nuxt/runtime.7a1c2e.js" defer></script><script src="/_nuxt/app.4f9d0b.js" defer></script>
</body>
</html>
"""


def _read_also(related: SyntheticRelease, shouting: bool) -> str:
    link = f'<a href="{article_url(related)}" target="_blank">{esc(related.title)}</a>'
    if shouting:
        return f"<p><em>BACA JUGA : {link}</em></p>"
    return f"<p><strong>Baca Juga:</strong> {link}</p>"


def _body(release: SyntheticRelease, inserts: list[tuple[int, SyntheticRelease, bool]]) -> str:
    paragraphs = [f"<p>{esc(p)}</p>" for p in release.paragraphs]
    for position, related, shouting in sorted(inserts, key=lambda i: -i[0]):
        paragraphs.insert(position, _read_also(related, shouting))
    return "\n".join(paragraphs)


def _card(release: SyntheticRelease) -> str:
    return (
        f'<div class="news-card"><a href="{article_url(release)}" class="news-card__link">'
        f'<img src="{image_url(release)}" alt="" loading="lazy">'
        f'<h3 class="news-card__title">{esc(release.title)}</h3></a>'
        f'<p class="news-card__date">{long_date(release.published_local, with_time=False)}</p>'
        "</div>"
    )


def article(release: SyntheticRelease, inserts: list, related: list[SyntheticRelease]) -> Page:
    url = article_url(release)
    head = f"""<meta data-n-head="ssr" data-hid="description" name="description" content="{esc(release.paragraphs[0][:160])}">
<meta data-n-head="ssr" data-hid="og:type" property="og:type" content="article">
<meta data-n-head="ssr" data-hid="og:title" property="og:title" content="{esc(release.title)}">
<meta data-n-head="ssr" data-hid="og:url" property="og:url" content="{url}">
<meta data-n-head="ssr" data-hid="og:image" property="og:image" content="{image_url(release)}">
<link data-n-head="ssr" rel="canonical" href="{url}">"""
    category = category_slug(release)
    main = f"""<main class="page-news-detail"><div class="container">
<nav class="breadcrumb"><a href="{BASE}/">Beranda</a> / <a href="{BASE}/berita">Berita</a> / <span>{esc(release.title)}</span></nav>
<article class="article">
<header class="article__header">
<a href="{BASE}/berita?kategori={category}" class="article__category">{esc(release.category)}</a>
<h1 class="article__title">{esc(release.title)}</h1>
<div class="article__info">
<p class="article__date">{long_date(release.published_local, zone_label="WIB")}</p>
<p class="article__author">Penulis : {esc(release.writers[0])}</p>
<p class="article__editor">Editor : {esc(release.editor)}</p>
<p class="article__views">{release.number % 3000 + 120} kali dibaca</p>
</div>
</header>
<figure class="article__image"><img src="{image_url(release)}" alt="{esc(release.title)}">
<figcaption>{esc(release.title)} (Foto: Humas Jabar)</figcaption></figure>
<div class="article__body">
{_body(release, inserts)}
</div>
<div class="article__tags"><span>Tag:</span> <a href="{BASE}/berita?q={release.topic}">#{release.topic}</a></div>
<div class="article__share"><span>Bagikan:</span> <a href="https://wa.me/?text={url}">WhatsApp</a></div>
</article>
<section class="related-news"><h2 class="related-news__title">Berita Terkait</h2>
{"".join(_card(r) for r in related)}
</section>
</div></main>"""
    state = {"layout": "default", "serverRendered": True, "data": [{"news": record(release)}]}
    return html(_chrome(f"{release.title} | Jabarprov", head, main, state))


def channel() -> Page:
    """The listing page as a crawler sees it: a shell filled in by the browser."""
    main = """<main class="page-news"><div class="container">
<h1 class="page-news__title">Berita Jawa Barat</h1>
<div class="news-list"><div class="news-list__loading">Memuat berita...</div></div>
</div></main>"""
    return html(_chrome("Berita | Jabarprov", "", main, {"layout": "default", "data": [{}]}))


def build(releases: list[SyntheticRelease]) -> Site:
    for release in releases:
        house_style(release)
    rng = random.Random("siaran-replica:jabarprov:layout")
    pages: dict[str, Page] = {
        f"{BASE}/robots.txt": robots(["/_nuxt/"]),
        "https://api.jabarprov.go.id/robots.txt": robots([]),
        f"{BASE}/berita": channel(),
    }
    for i, release in enumerate(releases):
        older = releases[max(0, i - 3) : i] or releases[-2:]
        inserts = [(2, older[-1], rng.random() < 0.3)]
        if rng.random() < 0.25:
            inserts.append((4, older[0], rng.random() < 0.3))
        pages[article_url(release)] = article(release, inserts, older[::-1])
    newest_first = releases[::-1]
    pages.update(api_pages(newest_first, None))
    for category in ALL_CATEGORIES:
        pages.update(api_pages([r for r in newest_first if category_slug(r) == category], category))
    return Site("jabarprov", "nginx", pages, [(article_url(r), r) for r in releases])
