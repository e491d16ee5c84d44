"""Replica of jatengprov.go.id, the WordPress portal of Jawa Tengah.

Documented (sources dossier): WordPress; articles at ``/publik/<slug>/``; ``<title>`` ending
`` – Pemerintah Provinsi Jawa Tengah``; bodies opening with the dateline ``SEMARANG – ``.
Zone WIB. WordPress means the REST API (``/wp-json/wp/v2/posts``, ``X-WP-Total`` and
``X-WP-TotalPages`` headers) and core sitemaps are there unless disabled.

Assumptions: the permalink structure ``/publik/%postname%/`` for every post; the theme's
markup (WordPress core classes: ``h1.entry-title``, ``time.entry-date``, ``div.entry-content``,
``rel="category tag"``), with no OpenGraph or JSON-LD (core's title separator suggests no SEO
plugin); the categories (the synthetic ones); no byline in the text; the sidebar, footer and
related posts; a post modified within the hour it was published; REST pages of 10 (``?page=N``)
and 100 (``?per_page=100&page=N``); core sitemaps, the feed and robots.txt as WordPress serves
them by default (the WordPress family, ``wordpress.py``).
"""

from __future__ import annotations

from datetime import datetime

from tests.replica.site import Page, Site, esc
from tests.replica.sites import wordpress as wp
from tests.replica.synthetic import TOPICS, Profile, SyntheticRelease

BASE = "https://jatengprov.go.id"
SITE_NAME = "Pemerintah Provinsi Jawa Tengah"
PROFILE = Profile(
    key="jatengprov", province_code="33", dateline="upper", event_year=True, first_number=612000
)
DEFAULT_PER_PAGE, CRAWL_PER_PAGE = 10, 100  # WordPress's default, and what crawlers ask for
CATEGORIES = sorted({topic["category"] for topic in TOPICS.values()})


def permalink(release: SyntheticRelease) -> str:
    return f"{BASE}/publik/{release.slug}/"


def modified(release: SyntheticRelease) -> datetime:
    return release.published_local.replace(minute=59)


def _category_id(category: str) -> int:
    """WordPress term ids: 1 is 'Uncategorized', then the site's categories in order."""
    return 2 + CATEGORIES.index(category)


def _content(release: SyntheticRelease) -> str:
    image = wp.upload(BASE, release.published_local, f"IMG-{release.number}.jpg")
    figure = wp.block_image(image, esc(release.title), f' class="wp-image-{release.number + 1}"')
    return figure + "\n" + "\n".join(f"<p>{esc(p)}</p>" for p in release.paragraphs)


def _page(
    title: str, head: str, main: str, body_class: str, recent: list[SyntheticRelease]
) -> Page:
    head = (
        f"{head}\n{wp.feed_link(BASE, SITE_NAME)}\n{wp.rest_link(BASE)}\n"
        f'<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{BASE}/xmlrpc.php?rsd">\n'
        f"{wp.generator('6.4.3')}"
    )
    menu = wp.menu(
        [
            (f"{BASE}/", "Beranda"),
            (f"{BASE}/profil/", "Profil"),
            (f"{BASE}/publik/", "Publik"),
            (f"{BASE}/beritadaerah/", "Berita Daerah"),
            ("https://humas.jatengprov.go.id/", "Humas"),
        ],
        current=f"{BASE}/publik/",
    )
    items = "".join(f'<li><a href="{permalink(r)}">{esc(r.title)}</a></li>' for r in recent)
    body = f"""<a class="skip-link screen-reader-text" href="#content">Langsung ke konten</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{BASE}/" rel="home">{SITE_NAME}</a></p>
<p class="site-description">Portal Resmi Pemerintah Provinsi Jawa Tengah</p></div>
{menu}
</header>
<div id="content" class="site-content">
<main id="primary" class="site-main">
{main}
</main>
<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{BASE}/"><input type="search" class="search-field" name="s"></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Berita Terbaru</h2><ul>{items}</ul></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">
<p>{SITE_NAME}</p><p>Jl. Pahlawan No. 9, Semarang</p></div></footer>"""
    return wp.document(title, head, body_class, body)


def article(
    release: SyntheticRelease,
    previous: SyntheticRelease | None,
    following: SyntheticRelease | None,
    recent: list[SyntheticRelease],
) -> Page:
    url = permalink(release)
    head = (
        f"{wp.canonical(url, BASE, release.number)}\n"
        f'<link rel="alternate" type="application/json" href="{BASE}/wp-json/wp/v2/posts/{release.number}">'
    )
    links = "".join(
        wp.nav_link(side, neighbour, permalink)
        for side, neighbour in (("previous", previous), ("next", following))
        if neighbour
    )
    date = wp.day(release.published_local)
    meta = wp.posted_on(url, wp.iso(release.published_local), date, wp.iso(modified(release)))
    main = (
        wp.entry(BASE, release, meta, _content(release), "Dalam")
        + '\n<nav class="navigation post-navigation" aria-label="Pos"><h2 class="screen-reader-text">'
        f'Navigasi pos</h2><div class="nav-links">{links}</div></nav>'
    )
    # Core's title separator, as an entity.
    title = f"{esc(release.title)} &#8211; {SITE_NAME}"
    return _page(title, head, main, wp.single_class(release), recent)


def _post(release: SyntheticRelease) -> dict:
    return wp.rest_post(
        release,
        BASE,
        permalink(release),
        _content(release),
        modified(release),
        excerpt={"rendered": f"<p>{esc(release.paragraphs[0][:150])} [&hellip;]</p>\n"},
        author=2,
        featured_media=release.number + 1,
        categories=[_category_id(release.category)],
        tags=[],
        _links={"self": [{"href": f"{BASE}/wp-json/wp/v2/posts/{release.number}"}]},
    )


def build(releases: list[SyntheticRelease]) -> Site:
    newest_first = releases[::-1]
    pages: dict[str, Page] = wp.robots(BASE, f"{BASE}/wp-sitemap.xml")
    for previous, release, following in wp.neighbours(releases):
        pages[permalink(release)] = article(release, previous, following, newest_first[:5])
    posts = [_post(r) for r in newest_first]
    headers = (wp.rest_header(BASE),)
    # The default page size needs no parameter.
    pages.update(
        wp.rest_api(BASE, posts, DEFAULT_PER_PAGE, query="page={page}", bare=True, headers=headers)
    )
    pages.update(wp.rest_api(BASE, posts, CRAWL_PER_PAGE, headers=headers))
    pages.update(wp.core_sitemaps(BASE, wp.post_entries(newest_first, permalink)))
    pages.update(wp.feed(BASE, SITE_NAME, newest_first, permalink))
    return Site("jatengprov", "Apache", pages, [(permalink(r), r) for r in releases])
