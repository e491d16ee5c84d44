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
the sitemap; only ``per_page=100`` REST pages are served, as the crawl asks for nothing else.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from spiders.release import slugify
from spiders.replica.site import SYNTHETIC_NOTICE, Page, Site, chunks, esc, html, xml
from spiders.replica.synthetic import MONTHS, Profile, SyntheticRelease

HOST = "https://baliprov.go.id"
BASE = f"{HOST}/web"
SITE_NAME = "Pemerintah Provinsi Bali"
PROFILE = Profile(key="baliprov", province_code="51", dateline="title", event_year=False,
                  first_number=61000)  # fmt: skip
REST_PER_PAGE, FEED_ITEMS = 100, 10
AUTHOR_ID, AUTHOR = 3, "humas"
CATEGORY_IDS = {"Bencana": 12, "Ekonomi": 5, "Kesehatan": 7, "Pembangunan": 9,
                "Pemerintahan": 4, "Pendidikan": 8}  # fmt: skip


def permalink(release: SyntheticRelease) -> str:
    return f"{BASE}/{release.slug}/"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _naive(moment: datetime) -> str:
    """WordPress REST dates: local 'date' and UTC 'date_gmt', both without an offset."""
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")


def _local_date(release: SyntheticRelease) -> str:
    moment = release.published_local
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _image(release: SyntheticRelease) -> str:
    return f"{BASE}/wp-content/uploads/{release.published_local:%Y/%m}/{release.slug[:40]}.jpg"


def content(release: SyntheticRelease) -> str:
    """``content.rendered`` and the page body: the classic editor's paragraphs."""
    body = "\n".join(f"<p>{esc(p)}</p>" for p in release.paragraphs)
    # The classic editor leaves an empty paragraph behind on some posts.
    return body + ("\n<p>&nbsp;</p>" if release.number % 4 == 0 else "") + "\n"


def _chrome(title: str, head: str, main: str, body_class: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
{head}
<link rel="https://api.w.org/" href="{BASE}/wp-json/">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{BASE}/feed/">
<meta name="generator" content="WordPress 6.4.3">
</head>
<body class="{body_class}">
<div id="page" class="site">
<header id="masthead" class="site-header">
<div class="site-branding"><a href="{BASE}/" rel="home"><img src="{BASE}/wp-content/uploads/2023/01/logo-pemprov-bali.png" alt="{SITE_NAME}"></a></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="{BASE}/">Beranda</a></li>
<li class="menu-item"><a href="{BASE}/category/berita/">Berita</a></li>
<li class="menu-item"><a href="{BASE}/category/pengumuman/">Pengumuman</a></li>
<li class="menu-item"><a href="{BASE}/ppid/">PPID</a></li>
</ul></nav>
<form role="search" method="get" class="search-form" action="{BASE}/"><input type="search" class="search-field" name="s" placeholder="Cari &hellip;"></form>
</header>
<div id="content" class="site-content"><main id="main" class="site-main">
{main}
</main>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Berita Terbaru</h2></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; {SITE_NAME}. Dinas Komunikasi, Informatika dan Statistik Provinsi Bali</div></footer>
</div>
</body>
</html>
"""


def article(release: SyntheticRelease, previous: SyntheticRelease | None) -> Page:
    url = permalink(release)
    published = _iso(release.published_local)
    category = slugify(release.category)
    head = f"""<link rel="canonical" href="{url}">
<link rel="shortlink" href="{BASE}/?p={release.number}">
<meta property="og:locale" content="id_ID">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(release.title)} - {SITE_NAME}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:image" content="{_image(release)}">
<meta property="article:published_time" content="{published}">"""
    navigation = (
        f'<nav class="navigation post-navigation"><div class="nav-links"><div class="nav-previous">'
        f'<a href="{permalink(previous)}" rel="prev">{esc(previous.title)}</a></div></div></nav>'
        if previous
        else ""
    )
    main = f"""<article id="post-{release.number}" class="post-{release.number} post type-post status-publish format-standard has-post-thumbnail hentry category-{category}">
<header class="entry-header">
<h1 class="entry-title">{esc(release.title)}</h1>
<div class="entry-meta"><span class="posted-on"><a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{published}">{_local_date(release)}</time></a></span><span class="byline"> oleh <span class="author vcard"><a class="url fn n" href="{BASE}/author/{AUTHOR}/">{AUTHOR}</a></span></span></div>
</header>
<div class="post-thumbnail"><img width="1024" height="683" src="{_image(release)}" class="attachment-post-thumbnail wp-post-image" alt="" decoding="async"></div>
<div class="entry-content">
{content(release)}<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Bagikan ini:</h3><ul><li class="share-facebook"><a href="{url}?share=facebook">Facebook</a></li><li class="share-twitter"><a href="{url}?share=twitter">X</a></li></ul></div>
</div>
<footer class="entry-footer"><span class="cat-links">Kategori: <a href="{BASE}/category/{category}/" rel="category tag">{esc(release.category)}</a></span></footer>
</article>
{navigation}"""
    body_class = (
        f"post-template-default single single-post postid-{release.number} single-format-standard"
    )
    return html(_chrome(f"{release.title} - {SITE_NAME}", head, main, body_class))


def post_json(release: SyntheticRelease) -> dict:
    """One post as WordPress REST serves it (the fields a client reads, and the usual rest)."""
    local, utc = release.published_local, release.published_local.astimezone(UTC)
    url = permalink(release)
    return {
        "id": release.number, "date": _naive(local), "date_gmt": _naive(utc),
        "guid": {"rendered": f"{BASE}/?p={release.number}"},
        "modified": _naive(local), "modified_gmt": _naive(utc), "slug": release.slug,
        "status": "publish", "type": "post", "link": url,
        "title": {"rendered": esc(release.title)},
        "content": {"rendered": content(release), "protected": False},
        "excerpt": {"rendered": f"<p>{esc(release.paragraphs[0][:150])} [&hellip;]</p>\n",
                    "protected": False},
        "author": AUTHOR_ID, "featured_media": release.number - 1, "comment_status": "closed",
        "ping_status": "closed", "sticky": False, "template": "", "format": "standard",
        "meta": {"footnotes": ""}, "categories": [CATEGORY_IDS[release.category]], "tags": [],
        "_links": {"self": [{"href": f"{BASE}/wp-json/wp/v2/posts/{release.number}"}],
                   "collection": [{"href": f"{BASE}/wp-json/wp/v2/posts"}]},
    }  # fmt: skip


def rest_api(newest_first: list[SyntheticRelease]) -> dict[str, Page]:
    pages = chunks(newest_first, REST_PER_PAGE)
    api: dict[str, Page] = {}
    endpoint = f"{BASE}/wp-json/wp/v2/posts"
    for number, chunk in enumerate(pages, start=1):
        headers = [
            ("X-WP-Total", str(len(newest_first))),
            ("X-WP-TotalPages", str(len(pages))),
            ("Link", f'<{BASE}/wp-json/>; rel="https://api.w.org/"'),
            ("Allow", "GET"),
        ]
        if number < len(pages):
            next_url = f"{endpoint}?per_page={REST_PER_PAGE}&page={number + 1}"
            headers.append(("Link", f'<{next_url}>; rel="next"'))
        body = json.dumps([post_json(r) for r in chunk], ensure_ascii=False)
        api[f"{endpoint}?per_page={REST_PER_PAGE}&page={number}"] = Page(
            body.encode(), "application/json; charset=UTF-8", extra_headers=headers
        )
    return api


def feed(newest_first: list[SyntheticRelease]) -> Page:
    items = "\n".join(
        f"<item><title>{esc(r.title)}</title><link>{permalink(r)}</link>"
        f"<dc:creator><![CDATA[{AUTHOR}]]></dc:creator>"
        f"<pubDate>{r.published_local.astimezone(UTC):%a, %d %b %Y %H:%M:%S +0000}</pubDate>"
        f"<category><![CDATA[{r.category}]]></category>"
        f'<guid isPermaLink="false">{BASE}/?p={r.number}</guid>'
        f"<description><![CDATA[{esc(r.paragraphs[0][:150])} [&#8230;]]]></description></item>"
        for r in newest_first[:FEED_ITEMS]
    )
    text = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
xmlns:content="http://purl.org/rss/1.0/modules/content/"
xmlns:dc="http://purl.org/dc/elements/1.1/"
xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{SITE_NAME}</title>
<atom:link href="{BASE}/feed/" rel="self" type="application/rss+xml" />
<link>{BASE}</link>
<description>{SYNTHETIC_NOTICE}</description>
<language>id</language>
{items}
</channel>
</rss>
"""
    return xml(text, "application/rss+xml; charset=UTF-8")


def sitemaps(newest_first: list[SyntheticRelease]) -> dict[str, Page]:
    def document(body: str) -> Page:
        return xml(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" '
            f'href="{BASE}/wp-sitemap.xsl" ?>\n{body}\n'
        )

    namespace = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    posts = "".join(
        f"<url><loc>{permalink(r)}</loc>"
        f"<lastmod>{_iso(r.published_local.astimezone(UTC))}</lastmod></url>"
        for r in newest_first
    )
    index = f"<sitemap><loc>{BASE}/wp-sitemap-posts-post-1.xml</loc></sitemap>"
    return {
        f"{BASE}/wp-sitemap.xml": document(f"<sitemapindex {namespace}>{index}</sitemapindex>"),
        f"{BASE}/wp-sitemap-posts-post-1.xml": document(f"<urlset {namespace}>{posts}</urlset>"),
    }


ROBOTS = f"""User-agent: *
Disallow: /web/wp-admin/
Allow: /web/wp-admin/admin-ajax.php

Sitemap: {BASE}/wp-sitemap.xml
"""


def build(releases: list[SyntheticRelease]) -> Site:
    newest_first = releases[::-1]
    pages: dict[str, Page] = {
        f"{HOST}/robots.txt": Page(ROBOTS.encode(), "text/plain; charset=UTF-8")
    }
    for previous, release in zip([None, *releases[:-1]], releases, strict=True):
        pages[permalink(release)] = article(release, previous)
    pages[f"{BASE}/feed/"] = feed(newest_first)
    pages.update(sitemaps(newest_first))
    pages.update(rest_api(newest_first))
    return Site("baliprov", "Apache", pages, [(permalink(r), r) for r in releases])
