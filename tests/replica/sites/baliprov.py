"""Replica of baliprov.go.id: WordPress installed under ``/web/``.

Documented: WordPress under ``/web/`` with articles at ``/web/<slug>/``; zone WITA. WordPress
then serves its REST API at ``/web/wp-json/wp/v2/posts`` (``X-WP-Total``/``X-WP-TotalPages``),
its feed at ``/web/feed/`` and core sitemaps at ``/web/wp-sitemap.xml``, all served here; the
crawl uses the REST API (``?per_page=100&page=N``).

Assumptions (undocumented): the theme markup (WordPress core classes: ``h1.entry-title``,
``.entry-content > p``, ``time.entry-date``, ``rel="category tag"``, Yoast-style
``article:published_time``); a featured image and a share block around the paragraphs; the
releases carry no byline (the post author is the site account ``humas``); ``Denpasar - ``
datelines and year-less event dates (``Kamis (6/2)``); robots.txt at the domain root pointing to
the sitemap; only ``per_page=100`` REST pages are served, as the crawl asks for nothing else,
with ``Link``/``Allow`` headers and a ``rel="next"`` link. The WordPress pieces come from the
WordPress family (``wordpress.py``), given the ``/web`` base.
"""

from __future__ import annotations

from tests.replica.site import Page, Site, esc
from tests.replica.sites import wordpress as wp
from tests.replica.synthetic import Profile, SyntheticRelease

HOST = "https://baliprov.go.id"
BASE = f"{HOST}/web"
SITE_NAME = "Pemerintah Provinsi Bali"
PROFILE = Profile(
    key="baliprov", province_code="51", dateline="title", event_year=False, first_number=61000
)
REST_PER_PAGE, FEED_ITEMS = 100, 10
AUTHOR_ID, AUTHOR = 3, "humas"
CATEGORY_IDS = {
    "Bencana": 12,
    "Ekonomi": 5,
    "Kesehatan": 7,
    "Pembangunan": 9,
    "Pemerintahan": 4,
    "Pendidikan": 8,
}


def permalink(release: SyntheticRelease) -> str:
    return f"{BASE}/{release.slug}/"


def _image(release: SyntheticRelease) -> str:
    return wp.upload(BASE, release.published_local, f"{release.slug[:40]}.jpg")


def content(release: SyntheticRelease) -> str:
    """``content.rendered`` and the page body: the classic editor's paragraphs."""
    body = "\n".join(f"<p>{esc(p)}</p>" for p in release.paragraphs)
    # The classic editor leaves an empty paragraph behind on some posts.
    return body + ("\n<p>&nbsp;</p>" if release.number % 4 == 0 else "") + "\n"


def _page(title: str, head: str, main: str, body_class: str) -> Page:
    head = f"{head}\n{wp.rest_link(BASE)}\n{wp.feed_link(BASE, SITE_NAME)}\n{wp.generator('6.4.3')}"
    menu = wp.menu(
        [
            (f"{BASE}/", "Beranda"),
            (f"{BASE}/category/berita/", "Berita"),
            (f"{BASE}/category/pengumuman/", "Pengumuman"),
            (f"{BASE}/ppid/", "PPID"),
        ]
    )
    body = f"""<header id="masthead" class="site-header">
<div class="site-branding"><a href="{BASE}/" rel="home"><img src="{BASE}/wp-content/uploads/2023/01/logo-pemprov-bali.png" alt="{SITE_NAME}"></a></div>
{menu}
<form role="search" method="get" class="search-form" action="{BASE}/"><input type="search" class="search-field" name="s" placeholder="Cari &hellip;"></form>
</header>
<div id="content" class="site-content"><main id="main" class="site-main">
{main}
</main>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Berita Terbaru</h2></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; {SITE_NAME}. Dinas Komunikasi, Informatika dan Statistik Provinsi Bali</div></footer>"""
    return wp.document(esc(title), head, body_class, body)


def article(release: SyntheticRelease, previous: SyntheticRelease | None) -> Page:
    url = permalink(release)
    published = release.published_local
    og = wp.open_graph(url, f"{release.title} - {SITE_NAME}", SITE_NAME, published, _image(release))
    head = f"{wp.canonical(url, BASE, release.number)}\n{og}"
    navigation = (
        f'<nav class="navigation post-navigation"><div class="nav-links">'
        f"{wp.nav_link('previous', previous, permalink)}</div></nav>"
        if previous
        else ""
    )
    meta = (
        wp.posted_on(url, wp.iso(published), wp.day(published))
        + f'<span class="byline"> oleh {wp.author_vcard(BASE, AUTHOR, AUTHOR)}</span>'
    )
    thumbnail = (
        f'<div class="post-thumbnail"><img width="1024" height="683" src="{_image(release)}" '
        'class="attachment-post-thumbnail wp-post-image" alt="" decoding="async"></div>\n'
    )
    share = wp.sharedaddy(
        "Bagikan ini:",
        f'<ul><li class="share-facebook"><a href="{url}?share=facebook">Facebook</a></li>'
        f'<li class="share-twitter"><a href="{url}?share=twitter">X</a></li></ul>',
    )
    main = wp.entry(BASE, release, meta, content(release) + share, "Kategori:", thumbnail=thumbnail)
    return _page(
        f"{release.title} - {SITE_NAME}", head, f"{main}\n{navigation}", wp.single_class(release)
    )


def post_json(release: SyntheticRelease) -> dict:
    """One post as WordPress REST serves it (the fields a client reads, and the usual rest)."""
    return wp.rest_post(
        release,
        BASE,
        permalink(release),
        content(release),
        excerpt={
            "rendered": f"<p>{esc(release.paragraphs[0][:150])} [&hellip;]</p>\n",
            "protected": False,
        },
        author=AUTHOR_ID,
        featured_media=release.number - 1,
        comment_status="closed",
        ping_status="closed",
        sticky=False,
        template="",
        format="standard",
        meta={"footnotes": ""},
        categories=[CATEGORY_IDS[release.category]],
        tags=[],
        _links={
            "self": [{"href": f"{BASE}/wp-json/wp/v2/posts/{release.number}"}],
            "collection": [{"href": f"{BASE}/wp-json/wp/v2/posts"}],
        },
    )


def build(releases: list[SyntheticRelease]) -> Site:
    newest_first = releases[::-1]
    pages: dict[str, Page] = wp.robots(BASE, f"{BASE}/wp-sitemap.xml")
    for previous, release, _ in wp.neighbours(releases):
        pages[permalink(release)] = article(release, previous)
    pages.update(wp.feed(BASE, SITE_NAME, newest_first, permalink, FEED_ITEMS, creator=AUTHOR))
    pages.update(wp.core_sitemaps(BASE, wp.post_entries(newest_first, permalink)))
    posts = [post_json(r) for r in newest_first]
    headers = (wp.rest_header(BASE), ("Allow", "GET"))
    pages.update(wp.rest_api(BASE, posts, REST_PER_PAGE, headers=headers, next_link=True))
    return Site("baliprov", "Apache", pages, [(permalink(r), r) for r in releases])
