"""Replica of jatengprov.go.id, the WordPress portal of Jawa Tengah.

Documented (sources dossier): WordPress; articles at ``/publik/<slug>/``; ``<title>`` ending
`` – Pemerintah Provinsi Jawa Tengah``; bodies opening with the dateline ``SEMARANG – ``.
Zone WIB. WordPress means the REST API (``/wp-json/wp/v2/posts``, ``X-WP-Total`` and
``X-WP-TotalPages`` headers) and core sitemaps are there unless disabled.

Assumptions: the permalink structure ``/publik/%postname%/`` for every post; the theme's
markup (WordPress core classes: ``h1.entry-title``, ``time.entry-date``, ``div.entry-content``,
``rel="category tag"``), with no OpenGraph or JSON-LD (core's title separator suggests no SEO
plugin); the categories (the synthetic ones); no byline in the text; the sidebar, footer and
related posts; core sitemaps, the feed and robots.txt as WordPress serves them by default.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from spiders.release import slugify
from spiders.replica.site import SYNTHETIC_NOTICE, Page, Site, chunks, esc, html
from spiders.replica.synthetic import MONTHS, TOPICS, Profile, SyntheticRelease

BASE = "https://jatengprov.go.id"
SITE_NAME = "Pemerintah Provinsi Jawa Tengah"
PROFILE = Profile(key="jatengprov", province_code="33", dateline="upper", event_year=True,
                  first_number=612000)  # fmt: skip
REST = f"{BASE}/wp-json/wp/v2/posts"
REST_PAGE_SIZES = (10, 100)  # WordPress's default, and what crawlers ask for
CATEGORIES = sorted({topic["category"] for topic in TOPICS.values()})


def permalink(release: SyntheticRelease) -> str:
    return f"{BASE}/publik/{release.slug}/"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _local_date(release: SyntheticRelease) -> str:
    moment = release.published_local
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _category_id(category: str) -> int:
    """WordPress term ids: 1 is 'Uncategorized', then the site's categories in order."""
    return 2 + CATEGORIES.index(category)


def _content(release: SyntheticRelease) -> str:
    moment = release.published_local
    figure = (
        f'<figure class="wp-block-image size-large"><img src="{BASE}/wp-content/uploads/'
        f'{moment:%Y/%m}/IMG-{release.number}.jpg" alt="" class="wp-image-{release.number + 1}">'
        f"<figcaption>{esc(release.title)}</figcaption></figure>\n"
    )
    return figure + "\n".join(f"<p>{esc(p)}</p>" for p in release.paragraphs)


def _chrome(title: str, head: str, main: str, body_class: str,
            recent: list[SyntheticRelease]) -> str:  # fmt: skip
    items = "".join(f'<li><a href="{permalink(r)}">{esc(r.title)}</a></li>' for r in recent)
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- {SYNTHETIC_NOTICE} -->
<title>{title}</title>
{head}
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{BASE}/feed/">
<link rel="https://api.w.org/" href="{BASE}/wp-json/">
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{BASE}/xmlrpc.php?rsd">
<meta name="generator" content="WordPress 6.4.3">
</head>
<body class="{body_class}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Langsung ke konten</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{BASE}/" rel="home">{SITE_NAME}</a></p>
<p class="site-description">Portal Resmi Pemerintah Provinsi Jawa Tengah</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="{BASE}/">Beranda</a></li>
<li class="menu-item"><a href="{BASE}/profil/">Profil</a></li>
<li class="menu-item current-menu-item"><a href="{BASE}/publik/">Publik</a></li>
<li class="menu-item"><a href="{BASE}/beritadaerah/">Berita Daerah</a></li>
<li class="menu-item"><a href="https://humas.jatengprov.go.id/">Humas</a></li>
</ul></nav>
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
<p>{SITE_NAME}</p><p>Jl. Pahlawan No. 9, Semarang</p></div></footer>
</div>
</body>
</html>
"""


def article(release: SyntheticRelease, previous: SyntheticRelease | None,
            following: SyntheticRelease | None, recent: list[SyntheticRelease]) -> Page:  # fmt: skip
    url = permalink(release)
    published = _iso(release.published_local)
    category = slugify(release.category)
    head = f"""<link rel="canonical" href="{url}">
<link rel="shortlink" href="{BASE}/?p={release.number}">
<link rel="alternate" type="application/json" href="{BASE}/wp-json/wp/v2/posts/{release.number}">"""
    links = []
    if previous:
        links.append(f'<div class="nav-previous"><a href="{permalink(previous)}" rel="prev">'
                     f"{esc(previous.title)}</a></div>")  # fmt: skip
    if following:
        links.append(f'<div class="nav-next"><a href="{permalink(following)}" rel="next">'
                     f"{esc(following.title)}</a></div>")  # fmt: skip
    main = f"""<article id="post-{release.number}" class="post-{release.number} post type-post status-publish format-standard has-post-thumbnail hentry category-{category}">
<header class="entry-header">
<h1 class="entry-title">{esc(release.title)}</h1>
<div class="entry-meta"><span class="posted-on"><a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{published}">{_local_date(release)}</time><time class="updated" datetime="{_iso(release.published_local.replace(minute=59))}">{_local_date(release)}</time></a></span></div>
</header>
<div class="entry-content">
{_content(release)}
</div>
<footer class="entry-footer"><span class="cat-links">Dalam <a href="{BASE}/category/{category}/" rel="category tag">{esc(release.category)}</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Pos"><h2 class="screen-reader-text">Navigasi pos</h2><div class="nav-links">{"".join(links)}</div></nav>"""
    body_class = (
        f"post-template-default single single-post postid-{release.number} single-format-standard"
    )
    title = f"{esc(release.title)} &#8211; {SITE_NAME}"
    return html(_chrome(title, head, main, body_class, recent))


def _post(release: SyntheticRelease) -> dict:
    moment = release.published_local
    return {
        "id": release.number, "date": moment.replace(tzinfo=None).isoformat(),
        "date_gmt": moment.astimezone(UTC).replace(tzinfo=None).isoformat(),
        "guid": {"rendered": f"{BASE}/?p={release.number}"},
        "modified": moment.replace(minute=59, tzinfo=None).isoformat(),
        "slug": release.slug, "status": "publish", "type": "post", "link": permalink(release),
        "title": {"rendered": esc(release.title)},
        "content": {"rendered": _content(release), "protected": False},
        "excerpt": {"rendered": f"<p>{esc(release.paragraphs[0][:150])} [&hellip;]</p>\n"},
        "author": 2, "featured_media": release.number + 1,
        "categories": [_category_id(release.category)], "tags": [],
        "_links": {"self": [{"href": f"{REST}/{release.number}"}]},
    }  # fmt: skip


def rest_api(newest_first: list[SyntheticRelease]) -> dict[str, Page]:
    api: dict[str, Page] = {}
    for per_page in REST_PAGE_SIZES:
        pages = chunks(newest_first, per_page)
        headers = [("X-WP-Total", str(len(newest_first))), ("X-WP-TotalPages", str(len(pages))),
                   ("Link", f'<{BASE}/wp-json/>; rel="https://api.w.org/"')]  # fmt: skip
        for number, chunk in enumerate(pages, start=1):
            body = json.dumps([_post(r) for r in chunk], ensure_ascii=False).encode()
            page = Page(body, "application/json; charset=UTF-8", extra_headers=headers)
            if per_page == 10:  # the default page size needs no parameter
                api[f"{REST}?page={number}"] = page
                if number == 1:
                    api[REST] = page
            else:
                api[f"{REST}?per_page={per_page}&page={number}"] = page
    return api


def _xml(stylesheet: str, body: str) -> Page:
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" '
        f'href="{BASE}/wp-sitemap{stylesheet}.xsl" ?>\n{body}\n'
    )
    return Page(text.encode(), "application/xml; charset=UTF-8")


def sitemaps(newest_first: list[SyntheticRelease]) -> dict[str, Page]:
    namespace = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    posts = "".join(
        f"<url><loc>{permalink(r)}</loc><lastmod>{_iso(r.published_local.astimezone(UTC))}"
        "</lastmod></url>"
        for r in newest_first
    )
    index = f"<sitemap><loc>{BASE}/wp-sitemap-posts-post-1.xml</loc></sitemap>"
    return {
        f"{BASE}/wp-sitemap.xml": _xml(
            "-index", f"<sitemapindex {namespace}>{index}</sitemapindex>"
        ),
        f"{BASE}/wp-sitemap-posts-post-1.xml": _xml("", f"<urlset {namespace}>{posts}</urlset>"),
    }


def feed(newest_first: list[SyntheticRelease]) -> Page:
    items = "\n".join(
        f"<item><title>{esc(r.title)}</title><link>{permalink(r)}</link>"
        f"<pubDate>{r.published_local.astimezone(UTC):%a, %d %b %Y %H:%M:%S +0000}</pubDate>"
        f"<category><![CDATA[{r.category}]]></category>"
        f'<guid isPermaLink="false">{BASE}/?p={r.number}</guid></item>'
        for r in newest_first[:10]
    )
    text = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">
<channel><title>{SITE_NAME}</title><link>{BASE}</link><description>{SYNTHETIC_NOTICE}</description>
<language>id</language>
{items}
</channel></rss>
"""
    return Page(text.encode(), "application/rss+xml; charset=UTF-8")


ROBOTS = f"""User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php

Sitemap: {BASE}/wp-sitemap.xml
"""


def build(releases: list[SyntheticRelease]) -> Site:
    newest_first = releases[::-1]
    pages: dict[str, Page] = {
        f"{BASE}/robots.txt": Page(ROBOTS.encode(), "text/plain; charset=UTF-8")
    }
    for i, release in enumerate(releases):
        previous = releases[i - 1] if i else None
        following = releases[i + 1] if i + 1 < len(releases) else None
        pages[permalink(release)] = article(release, previous, following, newest_first[:5])
    pages.update(rest_api(newest_first))
    pages.update(sitemaps(newest_first))
    pages[f"{BASE}/feed/"] = feed(newest_first)
    return Site("jatengprov", "Apache", pages, [(permalink(r), r) for r in releases])
