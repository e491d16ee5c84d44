"""Replica of kepriprov.go.id, the portal of Pemerintah Provinsi Kepulauan Riau.

Documented: ``/sitemap.xml`` lists the articles at ``/berita/<slug>`` together with other pages
of the portal (home, profile pages, agenda ...); the site is styled with Tailwind CSS and the
article body is the ``.text-gray-800`` element. Zone WIB.

Assumptions (not documented): the sitemap is a flat ``urlset`` in the layout of the Laravel
sitemap generators (``lastmod`` in local time, ``changefreq``, ``priority``), the loc of the home
page has no trailing slash and the news index ``/berita`` (Laravel paginator, ``?page=N``) and
its category pages ``/berita/kategori/<slug>`` are listed too; the page chrome is utility-class
markup in which ``text-gray-800`` also colours the headline, the brand and the sidebar titles;
the date line under the headline reads ``Senin, 22 Juli 2024 | 14:05 WIB`` (no ``<time>`` and
no ``article:published_time``); reporter and editor are printed as ``Reporter : X`` /
``Editor : Y`` lines under the body; the body comes from a WYSIWYG editor (justified ``<p>``,
bold dateline, stray ``<p>&nbsp;</p>``); robots.txt points to the sitemap.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from siaran.spiders.release import slugify
from tests.replica.site import (
    CAPTURED_AT,
    SYNTHETIC_NOTICE,
    Page,
    Site,
    chunks,
    esc,
    html,
    long_date,
    robots,
    xml,
)
from tests.replica.synthetic import MONTHS, Profile, SyntheticRelease

BASE = "https://kepriprov.go.id"
SITE_NAME = "Pemerintah Provinsi Kepulauan Riau"
PROFILE = Profile(
    key="kepriprov",
    province_code="21",
    dateline="upper",
    event_year=True,
    writers=[
        "Hendra Saputra",
        "Nurul Aini",
        "Rizky Ananda",
        "Dian Permatasari",
        "Syahrul Ramadhan",
    ],
    editors=["Yuliana Putri", "Ahmad Fauzan"],
    first_number=8600,
)
PER_PAGE = 9
# Pages of the portal that the sitemap lists besides the news (none of them is a release).
STATIC_PAGES = [
    ("/profil/sejarah", "Sejarah Provinsi Kepulauan Riau"),
    ("/profil/visi-misi", "Visi dan Misi"),
    ("/profil/struktur-organisasi", "Struktur Organisasi"),
    ("/profil/lambang-daerah", "Lambang Daerah"),
    ("/layanan/ppid", "Pejabat Pengelola Informasi dan Dokumentasi"),
    ("/kontak", "Kontak"),
]
AGENDA = [
    "Rapat Koordinasi Pengendalian Inflasi Daerah",
    "Upacara Peringatan Hari Jadi Provinsi Kepulauan Riau",
    "Musyawarah Perencanaan Pembangunan Provinsi",
]
CALENDAR = (
    '<svg class="w-4 h-4 mr-1" fill="none" stroke="currentColor" viewBox="0 0 24 24">'
    '<path stroke-linecap="round" stroke-linejoin="round" stroke-width="2" d="M8 7V3m8 4V3m-9 8h10M5 21h14a2 2 0 002-2V7a2 2 0 00-2-2H5a2 2 0 00-2 2v12a2 2 0 002 2z"/></svg>'
)
EYE = (
    '<svg class="w-4 h-4 mr-1" fill="none" stroke="currentColor" viewBox="0 0 24 24">'
    '<path stroke-linecap="round" stroke-linejoin="round" stroke-width="2" d="M15 12a3 3 0 11-6 0 3 3 0 016 0z"/></svg>'
)


def article_url(release: SyntheticRelease) -> str:
    return f"{BASE}/berita/{release.slug}"


def _day(moment: datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def page_date(release: SyntheticRelease) -> str:
    moment = release.published_local
    return f"{long_date(moment, with_time=False)} | {moment:%H:%M} WIB"


def _image(release: SyntheticRelease) -> str:
    digest = hashlib.sha1(release.slug.encode()).hexdigest()[:20]
    return f"{BASE}/storage/berita/{release.published_local:%Y/%m}/{digest}.jpg"


def _chrome(title: str, head: str, main: str, latest: list[SyntheticRelease]) -> str:
    sidebar = "\n".join(
        f'<li><a href="{article_url(r)}" class="flex gap-3 group">'
        f'<img src="{_image(r)}" alt="" class="w-20 h-16 object-cover rounded">'
        f'<div><p class="text-sm font-semibold text-gray-800 group-hover:text-blue-700 line-clamp-2">{esc(r.title)}</p>'
        f'<p class="text-xs text-gray-500 mt-1">{_day(r.published_local)}</p></div></a></li>'
        for r in latest
    )
    agenda = "\n".join(
        f'<li class="border-l-4 border-yellow-400 pl-3"><a href="{BASE}/agenda/{slugify(a)}" '
        f'class="text-sm text-gray-700 hover:text-blue-700">{esc(a)}</a></li>'
        for a in AGENDA
    )
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
{head}
<link rel="icon" href="{BASE}/favicon.ico">
<link rel="preload" as="style" href="{BASE}/build/assets/app-7c1e4b2a.css"><link rel="stylesheet" href="{BASE}/build/assets/app-7c1e4b2a.css">
<script type="module" src="{BASE}/build/assets/app-3d9f0e61.js"></script>
</head>
<body class="bg-gray-100 font-sans antialiased">
<header class="bg-white shadow sticky top-0 z-50">
<div class="container mx-auto px-4 flex items-center justify-between h-16">
<a href="{BASE}" class="flex items-center gap-2"><img src="{BASE}/images/logo-kepri.png" alt="Logo Kepri" class="h-10 w-auto"><span class="text-lg font-bold text-gray-800 leading-tight">{SITE_NAME}</span></a>
<nav class="hidden lg:flex items-center space-x-6 text-sm font-medium text-gray-700">
<a href="{BASE}" class="hover:text-blue-700">Beranda</a>
<a href="{BASE}/profil/sejarah" class="hover:text-blue-700">Profil</a>
<a href="{BASE}/berita" class="text-blue-700">Berita</a>
<a href="{BASE}/agenda" class="hover:text-blue-700">Agenda</a>
<a href="{BASE}/layanan/ppid" class="hover:text-blue-700">PPID</a>
<a href="{BASE}/kontak" class="hover:text-blue-700">Kontak</a>
</nav>
<button type="button" class="lg:hidden text-gray-700" aria-label="Menu"><svg class="w-6 h-6" fill="none" stroke="currentColor" viewBox="0 0 24 24"><path stroke-linecap="round" stroke-width="2" d="M4 6h16M4 12h16M4 18h16"/></svg></button>
</div>
</header>
<main class="container mx-auto px-4 py-8 grid grid-cols-1 lg:grid-cols-3 gap-8">
{main}
<aside class="space-y-6">
<div class="bg-white rounded-lg shadow-md p-4">
<h2 class="text-lg font-bold text-gray-800 border-b border-gray-200 pb-2 mb-4">Berita Terbaru</h2>
<ul class="space-y-4">
{sidebar}
</ul>
</div>
<div class="bg-white rounded-lg shadow-md p-4">
<h2 class="text-lg font-bold text-gray-800 border-b border-gray-200 pb-2 mb-4">Agenda Pimpinan</h2>
<ul class="space-y-3">
{agenda}
</ul>
</div>
</aside>
</main>
<footer class="bg-gray-800 text-gray-300 mt-12">
<div class="container mx-auto px-4 py-8 grid grid-cols-1 md:grid-cols-3 gap-6 text-sm">
<div><h3 class="text-white font-semibold mb-2">{SITE_NAME}</h3><p>Istana Kota Piring, Pulau Dompak, Tanjungpinang</p></div>
<div><h3 class="text-white font-semibold mb-2">Tautan</h3><ul><li><a href="{BASE}/berita" class="hover:text-white">Berita</a></li><li><a href="{BASE}/layanan/ppid" class="hover:text-white">PPID</a></li></ul></div>
<div><h3 class="text-white font-semibold mb-2">Ikuti Kami</h3><p>Instagram &middot; Facebook &middot; YouTube</p></div>
</div>
<div class="text-center text-xs text-gray-400 py-4 border-t border-gray-700">&copy; 2024 Dinas Komunikasi dan Informatika Provinsi Kepulauan Riau</div>
</footer>
</body>
</html>
"""


def _body(release: SyntheticRelease, rng: random.Random) -> str:
    """Editor output: justified paragraphs, the dateline in bold, now and then an empty one."""
    paragraphs = []
    for i, text in enumerate(release.paragraphs):
        place, dash, rest = text.partition(" – ")
        content = (
            f"<strong>{esc(place)}</strong> {dash.strip()} {esc(rest)}"
            if i == 0 and dash
            else esc(text)
        )
        paragraphs.append(f'<p style="text-align: justify;">{content}</p>')
        if rng.random() < 0.15:
            paragraphs.append("<p>&nbsp;</p>")
    return "\n".join(paragraphs)


def article(
    release: SyntheticRelease,
    related: list[SyntheticRelease],
    latest: list[SyntheticRelease],
    rng: random.Random,
) -> Page:
    url = article_url(release)
    category = release.category
    head = f"""<meta name="description" content="{esc(release.paragraphs[0][:155])}">
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:title" content="{esc(release.title)}">
<meta property="og:description" content="{esc(release.paragraphs[0][:155])}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{_image(release)}">
<meta name="twitter:card" content="summary_large_image">"""
    related_items = "\n".join(
        f'<a href="{article_url(r)}" class="block bg-gray-50 rounded-lg p-3 hover:bg-gray-100">'
        f'<p class="text-sm font-semibold text-gray-800 line-clamp-2">{esc(r.title)}</p>'
        f'<p class="text-xs text-gray-500 mt-1">{_day(r.published_local)}</p></a>'
        for r in related
    )
    main = f"""<article class="lg:col-span-2 bg-white rounded-lg shadow-md p-6">
<nav class="text-sm text-gray-500 mb-4" aria-label="Breadcrumb"><ol class="flex flex-wrap items-center space-x-2"><li><a href="{BASE}" class="hover:text-blue-700">Beranda</a></li><li>/</li><li><a href="{BASE}/berita" class="hover:text-blue-700">Berita</a></li><li>/</li><li class="text-gray-700">{esc(category)}</li></ol></nav>
<a href="{BASE}/berita/kategori/{slugify(category)}" class="inline-block bg-blue-100 text-blue-800 text-xs font-semibold px-2.5 py-0.5 rounded">{esc(category)}</a>
<h1 class="text-2xl md:text-3xl font-bold text-gray-800 leading-tight mt-2 mb-4">{esc(release.title)}</h1>
<div class="flex flex-wrap items-center gap-4 text-sm text-gray-500 mb-6">
<span class="inline-flex items-center">{CALENDAR}{page_date(release)}</span>
<span class="inline-flex items-center">{EYE}{release.number % 2900 + 112} kali dilihat</span>
</div>
<figure class="mb-6"><img src="{_image(release)}" alt="{esc(release.title)}" class="w-full h-auto rounded-lg object-cover"><figcaption class="text-xs text-gray-500 italic mt-2">Foto: Diskominfo Kepri</figcaption></figure>
<div class="text-gray-800 leading-relaxed text-justify space-y-4">
{_body(release, rng)}
</div>
<div class="mt-8 pt-4 border-t border-gray-200 text-sm text-gray-600 space-y-1">
<p>Reporter : {esc(release.writers[0])}</p>
<p>Editor : {esc(release.editor)}</p>
</div>
<div class="mt-6 flex items-center gap-2"><span class="text-sm font-semibold text-gray-700">Bagikan:</span>
<a href="https://www.facebook.com/sharer/sharer.php?u={url}" class="px-3 py-1 rounded bg-blue-600 text-white text-xs" target="_blank" rel="noopener">Facebook</a>
<a href="https://api.whatsapp.com/send?text={url}" class="px-3 py-1 rounded bg-green-500 text-white text-xs" target="_blank" rel="noopener">WhatsApp</a>
<a href="https://twitter.com/intent/tweet?url={url}" class="px-3 py-1 rounded bg-gray-800 text-white text-xs" target="_blank" rel="noopener">X</a></div>
<section class="mt-10">
<h2 class="text-xl font-bold text-gray-800 mb-4">Berita Terkait</h2>
<div class="grid grid-cols-1 md:grid-cols-3 gap-4">
{related_items}
</div>
</section>
</article>"""
    return html(_chrome(f"{release.title} - {SITE_NAME}", head, main, latest))


def _card(release: SyntheticRelease) -> str:
    return f"""<div class="bg-white rounded-lg shadow-md overflow-hidden">
<a href="{article_url(release)}"><img src="{_image(release)}" alt="" class="w-full h-44 object-cover"></a>
<div class="p-4"><span class="text-xs text-blue-700 font-semibold">{esc(release.category)}</span>
<h3 class="text-base font-semibold text-gray-800 mt-1 line-clamp-2"><a href="{article_url(release)}">{esc(release.title)}</a></h3>
<p class="text-xs text-gray-500 mt-2">{_day(release.published_local)}</p></div>
</div>"""


def news_index(
    chunk: list[SyntheticRelease], page: int, pages: int, latest: list[SyntheticRelease]
) -> Page:
    links = []
    if page > 1:
        links.append(
            f'<a href="{BASE}/berita?page={page - 1}" rel="prev" class="px-3 py-1 border rounded">&laquo;</a>'
        )
    links.append(
        f'<span aria-current="page" class="px-3 py-1 border rounded bg-blue-700 text-white">{page}</span>'
    )
    if page < pages:
        links.append(
            f'<a href="{BASE}/berita?page={page + 1}" rel="next" class="px-3 py-1 border rounded">&raquo;</a>'
        )
    cards = "\n".join(map(_card, chunk))
    main = f"""<section class="lg:col-span-2">
<h1 class="text-2xl font-bold text-gray-800 mb-6">Berita</h1>
<div class="grid grid-cols-1 md:grid-cols-3 gap-6">
{cards}
</div>
<nav role="navigation" aria-label="Pagination Navigation" class="flex justify-center gap-2 mt-8 text-sm">{"".join(links)}</nav>
</section>"""
    return html(_chrome(f"Berita - {SITE_NAME}", "", main, latest))


def home(newest: list[SyntheticRelease], latest: list[SyntheticRelease]) -> Page:
    cards = "\n".join(map(_card, newest))
    main = f"""<section class="lg:col-span-2">
<h1 class="text-2xl font-bold text-gray-800 mb-6">Berita Terkini</h1>
<div class="grid grid-cols-1 md:grid-cols-2 gap-6">
{cards}
</div>
<a href="{BASE}/berita" class="inline-block mt-6 text-sm font-semibold text-blue-700">Indeks Berita &raquo;</a>
</section>"""
    return html(_chrome(SITE_NAME, "", main, latest))


def simple_page(title: str, text: str, latest: list[SyntheticRelease]) -> Page:
    main = f"""<article class="lg:col-span-2 bg-white rounded-lg shadow-md p-6">
<h1 class="text-2xl font-bold text-gray-800 mb-4">{esc(title)}</h1>
<div class="text-gray-700 leading-relaxed"><p>{esc(text)}</p></div>
</article>"""
    return html(_chrome(f"{title} - {SITE_NAME}", "", main, latest))


def _lastmod(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def sitemap(entries: list[tuple[str, datetime, str, str]]) -> Page:
    urls = "\n".join(
        f"    <url>\n        <loc>{esc(loc)}</loc>\n        <lastmod>{_lastmod(lastmod)}</lastmod>\n"
        f"        <changefreq>{freq}</changefreq>\n        <priority>{priority}</priority>\n    </url>"
        for loc, lastmod, freq, priority in entries
    )
    return xml(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"{urls}\n</urlset>\n",
        "text/xml; charset=UTF-8",
    )


def build(releases: list[SyntheticRelease]) -> Site:
    rng = random.Random("siaran-replica:kepriprov:layout")
    newest_first = releases[::-1]
    latest = newest_first[:5]
    zone = ZoneInfo("Asia/Jakarta")
    captured = CAPTURED_AT.astimezone(zone)
    pages: dict[str, Page] = {f"{BASE}/robots.txt": robots(["/admin"], f"{BASE}/sitemap.xml")}
    entries: list[tuple[str, datetime, str, str]] = [
        (BASE, captured.replace(hour=6, minute=0), "daily", "1.0"),
        (f"{BASE}/berita", newest_first[0].published_local, "daily", "0.9"),
    ]
    pages[f"{BASE}/"] = home(newest_first[:6], latest)
    for path, title in STATIC_PAGES:
        pages[BASE + path] = simple_page(title, f"Halaman {title} {SITE_NAME}.", latest)
        entries.append((BASE + path, datetime(2024, 3, 4, 9, 30, tzinfo=zone), "monthly", "0.5"))
    pages[f"{BASE}/agenda"] = simple_page(
        "Agenda Pimpinan", "Agenda kegiatan pimpinan daerah.", latest
    )
    entries.append((f"{BASE}/agenda", captured.replace(hour=6, minute=0), "weekly", "0.6"))
    for i, title in enumerate(AGENDA):
        path = f"/agenda/{slugify(title)}"
        pages[BASE + path] = simple_page(title, f"Agenda: {title}.", latest)
        entries.append(
            (BASE + path, datetime(2024, 12, 2 + 3 * i, 8, 0, tzinfo=zone), "weekly", "0.6")
        )
    for category in sorted({r.category for r in releases}):
        path = f"/berita/kategori/{slugify(category)}"
        in_category = [r for r in newest_first if r.category == category]
        pages[BASE + path] = news_index(in_category[:PER_PAGE], 1, 1, latest)
        entries.append((BASE + path, in_category[0].published_local, "daily", "0.7"))
    index_pages = chunks(newest_first, PER_PAGE)
    for number, chunk in enumerate(index_pages, start=1):
        page = news_index(chunk, number, len(index_pages), latest)
        pages[f"{BASE}/berita?page={number}"] = page
        if number == 1:
            pages[f"{BASE}/berita"] = page
    for i, release in enumerate(releases):
        same = [r for r in releases[:i] if r.category == release.category][-3:]
        pages[article_url(release)] = article(release, same[::-1], latest, rng)
        # Edits after publication move lastmod, never before the publication.
        updated = release.published_local + timedelta(minutes=rng.choice([0, 0, 7, 45, 1440]))
        entries.append((article_url(release), updated, "weekly", "0.8"))
    pages[f"{BASE}/sitemap.xml"] = sitemap(entries)
    return Site("kepriprov", "nginx", pages, [(article_url(r), r) for r in releases])
