"""Replica of infosumut.id, the WordPress news site of the Sumatera Utara government.

Documented (sources dossier): WordPress, Yoast SEO's ``sitemap_index.xml`` listing
``post-sitemap*.xml`` (Yoast splits posts over ``post-sitemap.xml``, ``post-sitemap2.xml``, ...),
the body in ``.entry-content > p``.

Assumptions: ``/%postname%/`` permalinks (as in the registry's ``release_url``), so static pages
share the posts' URL shape; Yoast's other child sitemaps (``page-sitemap.xml``,
``category-sitemap.xml``, ``author-sitemap.xml``), the home URL opening ``post-sitemap.xml``, posts
ordered oldest first by modification time, image entries, UTC ``lastmod`` values and 40 entries a
sitemap (Yoast's default is 1,000; fewer here so that 72 releases span two files); the Yoast head
(canonical, OpenGraph, ``article:published_time``, JSON-LD ``@graph``); the theme's markup
(WordPress core classes, an author box naming the editorial account, not a writer); an inline
``Baca Juga`` paragraph inside ``.entry-content``; related posts and share buttons; the upper-case
``MEDAN – `` dateline and event dates without the year; no byline in the text; robots.txt as
WordPress writes it with Yoast's sitemap line. Yoast's sitemap format, robots.txt and the core
markup come from the WordPress family (``wordpress.py``).
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from tests.replica.site import Page, Site, esc
from tests.replica.sites import wordpress as wp
from tests.replica.synthetic import Profile, SyntheticRelease

BASE = "https://infosumut.id"
SITE_NAME = "InfoSumut"
PROFILE = Profile(
    key="infosumut", province_code="12", dateline="upper", event_year=False, first_number=48200
)
ENTRIES_PER_SITEMAP = 40
# Static pages: (slug, title, id, last modified). One was edited inside the crawl window.
STATIC_PAGES = [
    ("redaksi", "Redaksi", 12, datetime(2024, 8, 5, 3, 12, tzinfo=UTC)),
    ("pedoman-media-siber", "Pedoman Media Siber", 14, datetime(2022, 3, 9, 7, 40, tzinfo=UTC)),
    ("kontak", "Kontak", 16, datetime(2022, 3, 9, 7, 45, tzinfo=UTC)),
]
PAGE_TEXT = {
    "redaksi": [
        "InfoSumut dikelola oleh Dinas Komunikasi dan Informatika Provinsi Sumatera Utara.",
        "Penanggung jawab, redaktur dan reporter bertugas di Medan.",
    ],
    "pedoman-media-siber": ["Pedoman ini mengatur pengelolaan isi media siber InfoSumut."],
    "kontak": ["Surat dan pertanyaan dapat dikirim ke alamat redaksi di Medan."],
}
EDITORIAL_ACCOUNT = "Redaksi InfoSumut"


def permalink(release: SyntheticRelease) -> str:
    return f"{BASE}/{release.slug}/"


def modified(release: SyntheticRelease) -> datetime:
    """Editors touch a post up shortly after publishing it."""
    return release.published_local + timedelta(minutes=7 + release.number % 50)


def _image(release: SyntheticRelease) -> str:
    return wp.upload(BASE, release.published_local, f"IMG-{release.number}.jpg")


def _page(title: str, head: str, main: str, body_class: str) -> Page:
    head = f"""<!-- This site is optimized with the Yoast SEO plugin v23.0 - https://yoast.com/wordpress/plugins/seo/ -->
{head}
<!-- / Yoast SEO plugin. -->
{wp.feed_link(BASE, SITE_NAME)}
{wp.rest_link(BASE)}
{wp.generator("6.5.5")}"""
    menu = wp.menu(
        [(f"{BASE}/", "Beranda")]
        + [(wp.category_url(BASE, c), c) for c in ("Pemerintahan", "Ekonomi", "Kesehatan")]
        + [(f"{BASE}/redaksi/", "Redaksi")]
    )
    body = f"""<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{BASE}/" rel="home">{SITE_NAME}</a></p>
<p class="site-description">Website Berita Resmi Pemprov Sumatera Utara</p></div>
{menu}
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
{main}
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Berita Terbaru</h2></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; {SITE_NAME} &ndash; Dinas Komunikasi dan Informatika Provinsi Sumatera Utara</div></footer>"""
    return wp.document(esc(title), head, body_class, body)


def _yoast_head(url: str, title: str, description: str, graph: list[dict], extra: str) -> str:
    json_ld = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    json_ld = json_ld.replace("</", "<\\/")
    return f"""<meta name="description" content="{esc(description)}">
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="canonical" href="{url}">
<meta property="og:locale" content="id_ID">
<meta property="og:title" content="{esc(title)}">
<meta property="og:description" content="{esc(description)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{SITE_NAME}">
{extra}
<script type="application/ld+json" class="yoast-schema-graph">{json_ld}</script>"""


def _content(release: SyntheticRelease, read_also: SyntheticRelease | None) -> str:
    paragraphs = [f"<p>{esc(p)}</p>" for p in release.paragraphs]
    if read_also:
        paragraphs.insert(
            2,
            f'<p><strong>Baca Juga: <a href="{permalink(read_also)}">'
            f"{esc(read_also.title)}</a></strong></p>",
        )
    figure = wp.block_image(_image(release), esc(release.title))
    return "\n".join([figure, *paragraphs, wp.sharedaddy("Bagikan ini:")])


def article(
    release: SyntheticRelease, read_also: SyntheticRelease | None, related: list[SyntheticRelease]
) -> Page:
    url = permalink(release)
    published, changed = wp.iso_utc(release.published_local), wp.iso_utc(modified(release))
    description = release.paragraphs[0][:155]
    graph = [
        {
            "@type": "NewsArticle",
            "@id": f"{url}#article",
            "isPartOf": {"@id": url},
            "author": {"name": EDITORIAL_ACCOUNT},
            "headline": release.title,
            "datePublished": published,
            "dateModified": changed,
            "mainEntityOfPage": {"@id": url},
            "articleSection": [release.category],
            "inLanguage": "id",
        },
        {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": f"{release.title} - {SITE_NAME}",
            "datePublished": published,
            "dateModified": changed,
            "inLanguage": "id",
        },
    ]
    extra = f"""<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{changed}">
<meta name="author" content="{EDITORIAL_ACCOUNT}">"""
    head = _yoast_head(url, f"{release.title} - {SITE_NAME}", description, graph, extra)
    related_items = "".join(
        f'<li><a href="{permalink(r)}">{esc(r.title)}</a></li>' for r in related
    )
    date = wp.day(release.published_local)
    meta = (
        wp.posted_on(url, published, date, changed) + ' <span class="byline">oleh '
        f"{wp.author_vcard(BASE, 'redaksi', EDITORIAL_ACCOUNT)}</span>"
    )
    kicker = f'<div class="entry-category">{wp.category_link(BASE, release.category)}</div>\n'
    main = (
        wp.entry(BASE, release, meta, _content(release, read_also), "Posted in", kicker=kicker)
        + f'\n<div class="related-posts"><h3>Berita Terkait</h3><ul>{related_items}</ul></div>'
    )
    return _page(f"{release.title} - {SITE_NAME}", head, main, wp.single_class(release))


def static_page(slug: str, title: str, number: int, changed: datetime) -> Page:
    url = f"{BASE}/{slug}/"
    text = PAGE_TEXT[slug]
    graph = [
        {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": f"{title} - {SITE_NAME}",
            "dateModified": wp.iso_utc(changed),
            "inLanguage": "id",
        }
    ]
    extra = (
        f'<meta property="og:type" content="article">\n'
        f'<meta property="article:modified_time" content="{wp.iso_utc(changed)}">'
    )
    head = _yoast_head(url, f"{title} - {SITE_NAME}", text[0], graph, extra)
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in text)
    main = f"""<article id="post-{number}" class="post-{number} page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1></header>
<div class="entry-content">
{paragraphs}
</div>
</article>"""
    body_class = f"page-template-default page page-id-{number}"
    return _page(f"{title} - {SITE_NAME}", head, main, body_class)


def sitemaps(releases: list[SyntheticRelease]) -> dict[str, Page]:
    """Yoast: the index, the home URL then posts oldest first in files of ENTRIES_PER_SITEMAP,
    then pages, categories and authors; a file's lastmod is its newest entry's."""
    by_modified = sorted(releases, key=modified)
    newest = modified(by_modified[-1])
    posts = [(f"{BASE}/", newest, None)] + [
        (permalink(r), modified(r), _image(r)) for r in by_modified
    ]
    files = wp.yoast_post_files(posts, ENTRIES_PER_SITEMAP)
    files["page-sitemap.xml"] = [
        (f"{BASE}/{slug}/", changed, None) for slug, _, _, changed in STATIC_PAGES
    ]
    categories = sorted({r.category for r in releases})
    files["category-sitemap.xml"] = [
        (wp.category_url(BASE, c), max(modified(r) for r in releases if r.category == c), None)
        for c in categories
    ]
    files["author-sitemap.xml"] = [(f"{BASE}/author/redaksi/", newest, None)]
    return wp.yoast_sitemaps(BASE, files)


def build(releases: list[SyntheticRelease]) -> Site:
    rng = random.Random("siaran-replica:infosumut:layout")
    pages: dict[str, Page] = wp.robots(BASE, f"{BASE}/sitemap_index.xml")
    for i, release in enumerate(releases):
        read_also = releases[i - 1] if i and rng.random() < 0.4 else None
        related = [releases[j] for j in (i - 2, i - 3, i - 4) if j >= 0]
        pages[permalink(release)] = article(release, read_also, related)
    for slug, title, number, changed in STATIC_PAGES:
        pages[f"{BASE}/{slug}/"] = static_page(slug, title, number, changed)
    pages.update(sitemaps(releases))
    return Site("infosumut", "LiteSpeed", pages, [(permalink(r), r) for r in releases])
