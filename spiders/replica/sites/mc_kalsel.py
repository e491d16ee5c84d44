"""Replica of diskominfomc.kalselprov.go.id: WordPress with core sitemaps, feed and REST API.

The theme's article markup is not documented, so the pages use WordPress core and common
theme classes (entry-title, entry-content, rel="category tag", article:published_time).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from importlib.resources import files
from zoneinfo import ZoneInfo

from spiders.byline import split_trailing_byline
from spiders.release import slugify
from spiders.replica.site import SYNTHETIC_NOTICE, Page, Site, chunks, esc, html
from spiders.replica.synthetic import MONTHS, Profile, Quote, SyntheticRelease

BASE = "https://diskominfomc.kalselprov.go.id"
SITE_NAME = "MC Kalsel"
ZONE = ZoneInfo("Asia/Makassar")
PROFILE = Profile(
    key="mc_kalsel", province_code="63", unit="MC Kalsel",
    writers=["Fuz", "Jml", "AY", "ARH", "Rns", "Mns"], dateline="upper", first_number=50800,
)  # fmt: skip
PER_PAGE = 10
SEED_TITLE = "Pemprov Kalsel Harap Senkom Mitra Polri Tingkatkan Kapasitas Anggota"


def seed_release() -> SyntheticRelease:
    """The real release in spiders/replica/seeds, verbatim; the headline is ours."""
    text = files("spiders.replica").joinpath("seeds/mc-kalsel-2024-07-22.txt").read_text("utf-8")
    paragraphs, byline = split_trailing_byline([p for p in text.splitlines() if p.strip()])
    speaker = "Husnul Hatimah"
    return SyntheticRelease(
        source="mc_kalsel", province_code="63", number=51642, slug=slugify(SEED_TITLE),
        title=SEED_TITLE, published_local=datetime(2024, 7, 22, 16, 5, tzinfo=ZONE),
        paragraphs=paragraphs, topic="keamanan", category="Pemerintahan",
        event_date=date(2024, 7, 22), dateline_place=None, places=["Kota Banjarbaru"],
        quotes=[Quote(speaker, "Staf Ahli Bidang Kemasyarakatan dan SDM", "kata", "direct"),
                Quote(speaker, None, "ujarnya", "direct"), Quote(speaker, None, "pesan", "direct")],
        byline_unit=byline.unit, writers=byline.writers, byline_inline=True,
    )  # fmt: skip


def permalink(release: SyntheticRelease) -> str:
    return f"{BASE}/{release.published_local:%Y/%m/%d}/{release.slug}/"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _local_date(release: SyntheticRelease) -> str:
    moment = release.published_local
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _category_slug(release: SyntheticRelease) -> str:
    return slugify(release.category)


def _content(release: SyntheticRelease) -> str:
    paragraphs = list(release.paragraphs)
    if release.byline_inline:
        paragraphs[-1] = f"{paragraphs[-1]} {release.byline}"
    else:
        paragraphs.append(release.byline)
    figure = (
        f'<figure class="wp-block-image size-large"><img src="{BASE}/wp-content/uploads/'
        f'{release.published_local:%Y/%m}/foto-{release.number}.jpg" alt="">'
        f"<figcaption>{esc(release.title)}, {_local_date(release)}. "
        f"{esc(release.byline)}</figcaption></figure>\n"
    )
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    share = '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Bagikan:</h3></div>'
    return figure + body + "\n" + share


def _chrome(title: str, head: str, main: str, body_class: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="id-ID">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
{head}
<link rel="https://api.w.org/" href="{BASE}/wp-json/">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{BASE}/feed/">
<meta name="generator" content="WordPress 6.5.5">
</head>
<body class="{body_class}">
<div id="page" class="site">
<header id="masthead" class="site-header"><p class="site-title"><a href="{BASE}/" rel="home">{SITE_NAME}</a></p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="{BASE}/">Beranda</a></li>
<li class="menu-item"><a href="{BASE}/category/pemerintahan/">Pemerintahan</a></li>
<li class="menu-item"><a href="{BASE}/category/kesehatan/">Kesehatan</a></li>
</ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">
{main}
</main></div>
<footer id="colophon" class="site-footer"><div class="site-info">Dinas Komunikasi dan Informatika Provinsi Kalimantan Selatan</div></footer>
</div>
</body>
</html>
"""


def article(release: SyntheticRelease, previous: SyntheticRelease | None) -> Page:
    url = permalink(release)
    published = _iso(release.published_local)
    head = f"""<link rel="canonical" href="{url}">
<link rel="shortlink" href="{BASE}/?p={release.number}">
<meta property="og:locale" content="id_ID">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(release.title)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="article:published_time" content="{published}">"""
    navigation = (
        f'<nav class="navigation post-navigation"><div class="nav-previous">'
        f'<a href="{permalink(previous)}" rel="prev">{esc(previous.title)}</a></div></nav>'
        if previous
        else ""
    )
    main = f"""<article id="post-{release.number}" class="post-{release.number} post type-post status-publish format-standard has-post-thumbnail hentry category-{_category_slug(release)}">
<header class="entry-header">
<h1 class="entry-title">{esc(release.title)}</h1>
<div class="entry-meta"><span class="posted-on">Diposting pada <a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{published}">{_local_date(release)}</time></a></span><span class="byline"> oleh <span class="author vcard"><a class="url fn n" href="{BASE}/author/mckalsel/">mckalsel</a></span></span></div>
</header>
<div class="entry-content">
{_content(release)}
</div>
<footer class="entry-footer"><span class="cat-links">Kategori: <a href="{BASE}/category/{_category_slug(release)}/" rel="category tag">{esc(release.category)}</a></span></footer>
</article>
{navigation}"""
    body_class = (
        f"post-template-default single single-post postid-{release.number} single-format-standard"
    )
    return html(_chrome(f"{release.title} – {SITE_NAME}", head, main, body_class))


def listing(newest_first: list[SyntheticRelease], page: int, pages: int) -> Page:
    entries = "\n".join(
        f'<article id="post-{r.number}" class="post type-post"><h2 class="entry-title">'
        f'<a href="{permalink(r)}" rel="bookmark">{esc(r.title)}</a></h2>'
        f'<time class="entry-date published" datetime="{_iso(r.published_local)}"></time></article>'
        for r in newest_first
    )
    links = []
    if page < pages:
        links.append(f'<a class="next page-numbers" href="{BASE}/page/{page + 1}/">Berikutnya</a>')
    if page > 1:
        prev_url = f"{BASE}/" if page == 2 else f"{BASE}/page/{page - 1}/"
        links.append(f'<a class="prev page-numbers" href="{prev_url}">Sebelumnya</a>')
    main = (
        entries
        + f'\n<nav class="navigation pagination"><div class="nav-links">{"".join(links)}</div></nav>'
    )
    return html(_chrome(SITE_NAME, "", main, "home blog"))


def feed(newest_first: list[SyntheticRelease]) -> Page:
    items = "\n".join(
        f"<item><title>{esc(r.title)}</title><link>{permalink(r)}</link>"
        f"<pubDate>{r.published_local.astimezone(UTC):%a, %d %b %Y %H:%M:%S +0000}</pubDate>"
        f"<category><![CDATA[{r.category}]]></category>"
        f'<guid isPermaLink="false">{BASE}/?p={r.number}</guid></item>'
        for r in newest_first[:PER_PAGE]
    )
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>{SITE_NAME}</title><link>{BASE}</link><description>{SYNTHETIC_NOTICE}</description>
<language>id</language>
{items}
</channel></rss>
"""
    return Page(xml.encode(), "application/rss+xml; charset=UTF-8")


def sitemaps(newest_first: list[SyntheticRelease]) -> dict[str, Page]:
    def xml(stylesheet: str, body: str) -> Page:
        text = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" '
            f'href="{BASE}/{stylesheet}.xsl" ?>\n{body}\n'
        )
        return Page(text.encode(), "application/xml; charset=UTF-8")

    namespace = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    posts = "".join(
        f"<url><loc>{permalink(r)}</loc>"
        f"<lastmod>{_iso(r.published_local.astimezone(UTC))}</lastmod></url>"
        for r in newest_first
    )
    categories = "".join(
        f"<url><loc>{BASE}/category/{slugify(c)}/</loc></url>"
        for c in sorted({r.category for r in newest_first})
    )
    index = "".join(
        f"<sitemap><loc>{BASE}/wp-sitemap-{name}-1.xml</loc></sitemap>"
        for name in ("posts-post", "taxonomies-category")
    )
    return {
        f"{BASE}/wp-sitemap.xml": xml(
            "wp-sitemap-index", f"<sitemapindex {namespace}>{index}</sitemapindex>"
        ),
        f"{BASE}/wp-sitemap-posts-post-1.xml": xml(
            "wp-sitemap", f"<urlset {namespace}>{posts}</urlset>"
        ),
        f"{BASE}/wp-sitemap-taxonomies-category-1.xml": xml(
            "wp-sitemap", f"<urlset {namespace}>{categories}</urlset>"
        ),
    }


def rest_api(newest_first: list[SyntheticRelease]) -> dict[str, Page]:
    pages = chunks(newest_first, PER_PAGE)
    api: dict[str, Page] = {}
    for number, chunk in enumerate(pages, start=1):
        posts = [{
            "id": r.number, "date": r.published_local.replace(tzinfo=None).isoformat(),
            "date_gmt": r.published_local.astimezone(UTC).replace(tzinfo=None).isoformat(),
            "slug": r.slug, "status": "publish", "type": "post", "link": permalink(r),
            "title": {"rendered": esc(r.title)}, "content": {"rendered": _content(r)},
        } for r in chunk]  # fmt: skip
        headers = [("X-WP-Total", str(len(newest_first))), ("X-WP-TotalPages", str(len(pages)))]
        page = Page(
            json.dumps(posts, ensure_ascii=False).encode(),
            "application/json; charset=UTF-8",
            extra_headers=headers,
        )
        api[f"{BASE}/wp-json/wp/v2/posts?page={number}"] = page
        if number == 1:
            api[f"{BASE}/wp-json/wp/v2/posts"] = page
    return api


ROBOTS = f"""User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php

Sitemap: {BASE}/wp-sitemap.xml
"""


def build(releases: list[SyntheticRelease]) -> Site:
    releases = sorted([*releases, seed_release()], key=lambda r: r.published_local)
    newest_first = releases[::-1]
    pages: dict[str, Page] = {
        f"{BASE}/robots.txt": Page(ROBOTS.encode(), "text/plain; charset=UTF-8")
    }
    for previous, release in zip([None, *releases[:-1]], releases, strict=True):
        pages[permalink(release)] = article(release, previous)
    listing_pages = chunks(newest_first, PER_PAGE)
    for number, chunk in enumerate(listing_pages, start=1):
        url = f"{BASE}/" if number == 1 else f"{BASE}/page/{number}/"
        pages[url] = listing(chunk, number, len(listing_pages))
    pages[f"{BASE}/feed/"] = feed(newest_first)
    pages.update(sitemaps(newest_first))
    pages.update(rest_api(newest_first))
    return Site("mc_kalsel", "Apache", pages, [(permalink(r), r) for r in releases])
