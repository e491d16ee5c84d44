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
WordPress writes it with Yoast's sitemap line.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from spiders.release import slugify
from spiders.replica.site import SYNTHETIC_NOTICE, Page, Site, chunks, esc, html, xml
from spiders.replica.synthetic import MONTHS, Profile, SyntheticRelease

BASE = "https://infosumut.id"
SITE_NAME = "InfoSumut"
PROFILE = Profile(key="infosumut", province_code="12", dateline="upper", event_year=False,
                  first_number=48200)  # fmt: skip
ENTRIES_PER_SITEMAP = 40
# Static pages: (slug, title, id, last modified). One was edited inside the crawl window.
STATIC_PAGES = [
    ("redaksi", "Redaksi", 12, datetime(2024, 8, 5, 3, 12, tzinfo=UTC)),
    ("pedoman-media-siber", "Pedoman Media Siber", 14, datetime(2022, 3, 9, 7, 40, tzinfo=UTC)),
    ("kontak", "Kontak", 16, datetime(2022, 3, 9, 7, 45, tzinfo=UTC)),
]
PAGE_TEXT = {
    "redaksi": ["InfoSumut dikelola oleh Dinas Komunikasi dan Informatika Provinsi Sumatera "
                "Utara.", "Penanggung jawab, redaktur dan reporter bertugas di Medan."],
    "pedoman-media-siber": ["Pedoman ini mengatur pengelolaan isi media siber InfoSumut."],
    "kontak": ["Surat dan pertanyaan dapat dikirim ke alamat redaksi di Medan."],
}  # fmt: skip
EDITORIAL_ACCOUNT = "Redaksi InfoSumut"


def permalink(release: SyntheticRelease) -> str:
    return f"{BASE}/{release.slug}/"


def modified(release: SyntheticRelease) -> datetime:
    """Editors touch a post up shortly after publishing it."""
    return release.published_local + timedelta(minutes=7 + release.number % 50)


def _iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _local_date(release: SyntheticRelease) -> str:
    moment = release.published_local
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _chrome(title: str, head: str, main: str, body_class: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
<!-- This site is optimized with the Yoast SEO plugin v23.0 - https://yoast.com/wordpress/plugins/seo/ -->
{head}
<!-- / Yoast SEO plugin. -->
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{BASE}/feed/">
<link rel="https://api.w.org/" href="{BASE}/wp-json/">
<meta name="generator" content="WordPress 6.5.5">
</head>
<body class="{body_class}">
<div id="page" class="site">
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{BASE}/" rel="home">{SITE_NAME}</a></p>
<p class="site-description">Website Berita Resmi Pemprov Sumatera Utara</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="{BASE}/">Beranda</a></li>
<li class="menu-item"><a href="{BASE}/category/pemerintahan/">Pemerintahan</a></li>
<li class="menu-item"><a href="{BASE}/category/ekonomi/">Ekonomi</a></li>
<li class="menu-item"><a href="{BASE}/category/kesehatan/">Kesehatan</a></li>
<li class="menu-item"><a href="{BASE}/redaksi/">Redaksi</a></li>
</ul></nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
{main}
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Berita Terbaru</h2></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; {SITE_NAME} &ndash; Dinas Komunikasi dan Informatika Provinsi Sumatera Utara</div></footer>
</div>
</body>
</html>
"""


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
        paragraphs.insert(2, f'<p><strong>Baca Juga: <a href="{permalink(read_also)}">'
                             f"{esc(read_also.title)}</a></strong></p>")  # fmt: skip
    figure = (
        f'<figure class="wp-block-image size-large"><img src="{BASE}/wp-content/uploads/'
        f'{release.published_local:%Y/%m}/IMG-{release.number}.jpg" alt="">'
        f"<figcaption>{esc(release.title)}</figcaption></figure>"
    )
    share = ('<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Bagikan ini:</h3>'
             "</div>")  # fmt: skip
    return "\n".join([figure, *paragraphs, share])


def article(release: SyntheticRelease, read_also: SyntheticRelease | None,
            related: list[SyntheticRelease]) -> Page:  # fmt: skip
    url = permalink(release)
    published, changed = _iso_utc(release.published_local), _iso_utc(modified(release))
    description = release.paragraphs[0][:155]
    graph = [
        {"@type": "NewsArticle", "@id": f"{url}#article", "isPartOf": {"@id": url},
         "author": {"name": EDITORIAL_ACCOUNT}, "headline": release.title,
         "datePublished": published, "dateModified": changed, "mainEntityOfPage": {"@id": url},
         "articleSection": [release.category], "inLanguage": "id"},
        {"@type": "WebPage", "@id": url, "url": url, "name": f"{release.title} - {SITE_NAME}",
         "datePublished": published, "dateModified": changed, "inLanguage": "id"},
    ]  # fmt: skip
    extra = f"""<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{changed}">
<meta name="author" content="{EDITORIAL_ACCOUNT}">"""
    head = _yoast_head(url, f"{release.title} - {SITE_NAME}", description, graph, extra)
    category = slugify(release.category)
    related_items = "".join(
        f'<li><a href="{permalink(r)}">{esc(r.title)}</a></li>' for r in related
    )
    main = f"""<article id="post-{release.number}" class="post-{release.number} post type-post status-publish format-standard has-post-thumbnail hentry category-{category}">
<header class="entry-header">
<div class="entry-category"><a href="{BASE}/category/{category}/" rel="category tag">{esc(release.category)}</a></div>
<h1 class="entry-title">{esc(release.title)}</h1>
<div class="entry-meta"><span class="posted-on"><a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{published}">{_local_date(release)}</time><time class="updated" datetime="{changed}">{_local_date(release)}</time></a></span> <span class="byline">oleh <span class="author vcard"><a class="url fn n" href="{BASE}/author/redaksi/">{EDITORIAL_ACCOUNT}</a></span></span></div>
</header>
<div class="entry-content">
{_content(release, read_also)}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="{BASE}/category/{category}/" rel="category tag">{esc(release.category)}</a></span></footer>
</article>
<div class="related-posts"><h3>Berita Terkait</h3><ul>{related_items}</ul></div>"""
    body_class = (
        f"post-template-default single single-post postid-{release.number} single-format-standard"
    )
    return html(_chrome(f"{release.title} - {SITE_NAME}", head, main, body_class))


def static_page(slug: str, title: str, number: int, changed: datetime) -> Page:
    url = f"{BASE}/{slug}/"
    text = PAGE_TEXT[slug]
    graph = [{"@type": "WebPage", "@id": url, "url": url, "name": f"{title} - {SITE_NAME}",
              "dateModified": _iso_utc(changed), "inLanguage": "id"}]  # fmt: skip
    extra = f'<meta property="og:type" content="article">\n' \
            f'<meta property="article:modified_time" content="{_iso_utc(changed)}">'  # fmt: skip
    head = _yoast_head(url, f"{title} - {SITE_NAME}", text[0], graph, extra)
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in text)
    main = f"""<article id="post-{number}" class="post-{number} page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1></header>
<div class="entry-content">
{paragraphs}
</div>
</article>"""
    body_class = f"page-template-default page page-id-{number}"
    return html(_chrome(f"{title} - {SITE_NAME}", head, main, body_class))


def _sitemap(tag: str, body: str) -> Page:
    namespaces = (
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
        'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
        'http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" '
        if tag == "urlset"
        else ""
    )
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" '
        f'href="//infosumut.id/main-sitemap.xsl"?>\n<{tag} {namespaces}'
        f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</{tag}>\n'
        f"<!-- XML Sitemap generated by Yoast SEO -->"
    )
    return xml(text, "text/xml; charset=UTF-8")


def _url(loc: str, lastmod: datetime | None, image: str | None = None) -> str:
    entry = f"\t<url>\n\t\t<loc>{esc(loc)}</loc>\n"
    if lastmod:
        entry += f"\t\t<lastmod>{_iso_utc(lastmod)}</lastmod>\n"
    if image:
        entry += (
            f"\t\t<image:image>\n\t\t\t<image:loc>{esc(image)}</image:loc>\n\t\t</image:image>\n"
        )
    return entry + "\t</url>\n"


def lastmod(entries: list[tuple[str, datetime, str | None]]) -> datetime:
    """A child sitemap's date in the index: its newest entry, the home URL aside."""
    return max(changed for loc, changed, _ in entries if loc != f"{BASE}/")


def sitemaps(releases: list[SyntheticRelease]) -> dict[str, Page]:
    """Yoast: the index, the home URL then posts oldest first in files of ENTRIES_PER_SITEMAP,
    then pages, categories and authors; a file's lastmod is its newest entry's."""
    by_modified = sorted(releases, key=modified)
    newest = modified(by_modified[-1])
    posts = [(f"{BASE}/", newest, None)] + [
        (permalink(r), modified(r), f"{BASE}/wp-content/uploads/{r.published_local:%Y/%m}/"
         f"IMG-{r.number}.jpg")
        for r in by_modified
    ]  # fmt: skip
    files = {
        ("post-sitemap.xml" if n == 1 else f"post-sitemap{n}.xml"): chunk
        for n, chunk in enumerate(chunks(posts, ENTRIES_PER_SITEMAP), start=1)
    }
    files["page-sitemap.xml"] = [(f"{BASE}/{slug}/", changed, None)
                                 for slug, _, _, changed in STATIC_PAGES]  # fmt: skip
    categories = sorted({r.category for r in releases})
    files["category-sitemap.xml"] = [
        (f"{BASE}/category/{slugify(c)}/",
         max(modified(r) for r in releases if r.category == c), None)
        for c in categories
    ]  # fmt: skip
    files["author-sitemap.xml"] = [(f"{BASE}/author/redaksi/", newest, None)]
    index = "".join(
        f"\t<sitemap>\n\t\t<loc>{BASE}/{name}</loc>\n"
        f"\t\t<lastmod>{_iso_utc(lastmod(entries))}</lastmod>\n\t</sitemap>\n"
        for name, entries in files.items()
    )
    pages = {f"{BASE}/sitemap_index.xml": _sitemap("sitemapindex", index)}
    for name, entries in files.items():
        pages[f"{BASE}/{name}"] = _sitemap("urlset", "".join(_url(*e) for e in entries))
    return pages


ROBOTS = f"""User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php

Sitemap: {BASE}/sitemap_index.xml
"""


def build(releases: list[SyntheticRelease]) -> Site:
    rng = random.Random("siaran-replica:infosumut:layout")
    pages: dict[str, Page] = {
        f"{BASE}/robots.txt": Page(ROBOTS.encode(), "text/plain; charset=UTF-8")
    }
    for i, release in enumerate(releases):
        read_also = releases[i - 1] if i and rng.random() < 0.4 else None
        related = [releases[j] for j in (i - 2, i - 3, i - 4) if j >= 0]
        pages[permalink(release)] = article(release, read_also, related)
    for slug, title, number, changed in STATIC_PAGES:
        pages[f"{BASE}/{slug}/"] = static_page(slug, title, number, changed)
    pages.update(sitemaps(releases))
    return Site("infosumut", "LiteSpeed", pages, [(permalink(r), r) for r in releases])
