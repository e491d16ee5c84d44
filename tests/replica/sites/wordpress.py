"""The WordPress family: what every replicated WordPress site serves the same way.

Not a site (there is no ``PROFILE``): small pieces the WordPress site modules (``mc_kalsel``,
``baliprov``, ``jatengprov``, ``infosumut``, ``gorontaloprov``) build their pages from. WordPress
core: the REST API (``/wp-json/wp/v2/posts`` pages with ``X-WP-Total``/``X-WP-TotalPages``), the
RSS feed (``/feed/``), core sitemaps (``wp-sitemap.xml`` indexing ``wp-sitemap-<name>.xml``, with
core's XSL stylesheets), the default robots.txt, paged archives (``/page/N/``) and the classes
core and ``_s``-style themes print (``hentry category-<slug>``, ``entry-title``, ``entry-date``,
``rel="category tag"``, ``author vcard``); Yoast SEO's sitemaps (``sitemap_index.xml`` indexing
``post-sitemap.xml``, ``post-sitemap2.xml``, ...).

``base`` is always the install's home URL, without the trailing slash
(``https://baliprov.go.id/web`` for an install in a sub-folder); what else differs between sites
(site name, permalink function, page sizes, the child sitemaps, headers) is a parameter. Theme
markup, plugins and each site's quirks stay in the site's own module.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

from siaran.spiders.release import slugify
from tests.replica.site import SYNTHETIC_NOTICE, Page, chunks, esc, html, json_page, xml
from tests.replica.synthetic import MONTHS, SyntheticRelease

Permalink = Callable[[SyntheticRelease], str]
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'

# --- dates ---------------------------------------------------------------------------------


def iso(moment: datetime) -> str:
    """``2024-07-22T16:05:00+08:00``: the moment in its own zone, to the second."""
    return moment.isoformat(timespec="seconds")


def iso_utc(moment: datetime) -> str:
    return iso(moment.astimezone(UTC))


def naive(moment: datetime) -> str:
    """REST dates: the moment's wall-clock time without an offset (``date`` is local time)."""
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")


def naive_gmt(moment: datetime) -> str:
    """REST ``*_gmt`` dates: UTC without an offset."""
    return naive(moment.astimezone(UTC))


def day(moment: datetime) -> str:
    """``22 Juli 2024``: the date format WordPress prints with ``id_ID`` and ``j F Y``."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


# --- URLs ----------------------------------------------------------------------------------


def upload(base: str, moment: datetime, name: str) -> str:
    """A media file in ``wp-content/uploads/YYYY/MM/``."""
    return f"{base}/wp-content/uploads/{moment:%Y/%m}/{name}"


def category_url(base: str, category: str) -> str:
    return f"{base}/category/{slugify(category)}/"


def archive_url(base: str, page: int) -> str:
    """Page ``page`` of the posts archive: the home URL, then ``/page/N/``."""
    return f"{base}/" if page == 1 else f"{base}/page/{page}/"


# --- the document and core's markup ----------------------------------------------------------


def document(title: str, head: str, body_class: str, body: str, lang: str = "id") -> Page:
    """A theme's page: the head WordPress opens (charset, viewport, ``title`` as markup, then
    ``head``: what core and the plugins print) and ``body`` inside ``div#page``."""
    return html(f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- {SYNTHETIC_NOTICE} -->
<title>{title}</title>
{head}
</head>
<body class="{body_class}">
<div id="page" class="site">
{body}
</div>
</body>
</html>
""")


def rest_link(base: str) -> str:
    return f'<link rel="https://api.w.org/" href="{base}/wp-json/">'


def feed_link(base: str, site_name: str) -> str:
    return (
        f'<link rel="alternate" type="application/rss+xml" title="{site_name} &raquo; Feed" '
        f'href="{base}/feed/">'
    )


def generator(version: str) -> str:
    return f'<meta name="generator" content="WordPress {version}">'


def canonical(url: str, base: str, number: int) -> str:
    """Core's ``rel_canonical`` and ``wp_shortlink_wp_head``."""
    return f'<link rel="canonical" href="{url}">\n<link rel="shortlink" href="{base}/?p={number}">'


def open_graph(
    url: str, title: str, site_name: str, published: datetime, image: str | None = None
) -> str:
    """The OpenGraph tags of an article, ``article:published_time`` in local time."""
    lines = [
        '<meta property="og:locale" content="id_ID">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{esc(title)}">',
        f'<meta property="og:url" content="{url}">',
        f'<meta property="og:site_name" content="{site_name}">',
        *([f'<meta property="og:image" content="{image}">'] if image else []),
        f'<meta property="article:published_time" content="{iso(published)}">',
    ]
    return "\n".join(lines)


def menu(items: list[tuple[str, str]], current: str | None = None) -> str:
    """The primary menu: (URL, label) items, ``current`` marked as the current item."""
    entries = "\n".join(
        f'<li class="menu-item{" current-menu-item" if url == current else ""}">'
        f'<a href="{url}">{label}</a></li>'
        for url, label in items
    )
    return (
        '<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">\n'
        f"{entries}\n</ul></nav>"
    )


def post_class(release: SyntheticRelease) -> str:
    """``post_class()`` of a standard post with a featured image in one category."""
    return (
        f"post-{release.number} post type-post status-publish format-standard "
        f"has-post-thumbnail hentry category-{slugify(release.category)}"
    )


def single_class(release: SyntheticRelease) -> str:
    """``body_class()`` on a single post."""
    return (
        f"post-template-default single single-post postid-{release.number} single-format-standard"
    )


def category_link(base: str, category: str) -> str:
    return f'<a href="{category_url(base, category)}" rel="category tag">{esc(category)}</a>'


def author_vcard(base: str, login: str, name: str) -> str:
    return f'<span class="author vcard"><a class="url fn n" href="{base}/author/{login}/">{name}</a></span>'


def posted_on(
    url: str, published: str, text: str, updated: str | None = None, label: str = ""
) -> str:
    """The ``posted-on`` link: ``published`` and ``updated`` are the ``datetime`` values."""
    times = f'<time class="entry-date published" datetime="{published}">{text}</time>'
    if updated:
        times += f'<time class="updated" datetime="{updated}">{text}</time>'
    return f'<span class="posted-on">{label}<a href="{url}" rel="bookmark">{times}</a></span>'


def entry(
    base: str,
    release: SyntheticRelease,
    meta: str,
    content: str,
    categories_label: str,
    kicker: str = "",
    thumbnail: str = "",
) -> str:
    """A single post's ``<article>``: header (``kicker`` above the title), ``thumbnail``,
    ``.entry-content`` and the footer's category links after ``categories_label``."""
    return f"""<article id="post-{release.number}" class="{post_class(release)}">
<header class="entry-header">
{kicker}<h1 class="entry-title">{esc(release.title)}</h1>
<div class="entry-meta">{meta}</div>
</header>
{thumbnail}<div class="entry-content">
{content}
</div>
<footer class="entry-footer"><span class="cat-links">{categories_label} {category_link(base, release.category)}</span></footer>
</article>"""


def block_image(src: str, caption: str, attributes: str = "") -> str:
    """A block-editor image with its caption (``caption`` is markup)."""
    return (
        f'<figure class="wp-block-image size-large"><img src="{src}" alt=""{attributes}>'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def sharedaddy(title: str, buttons: str = "") -> str:
    """Jetpack's share block."""
    return (
        f'<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">{title}</h3>'
        f"{buttons}</div>"
    )


def nav_link(side: str, release: SyntheticRelease, permalink: Permalink) -> str:
    """One side of ``the_post_navigation()``: ``side`` is ``previous`` or ``next``."""
    rel = "prev" if side == "previous" else "next"
    return (
        f'<div class="nav-{side}"><a href="{permalink(release)}" rel="{rel}">'
        f"{esc(release.title)}</a></div>"
    )


def page_numbers(base: str, page: int, pages: int, next_label: str, prev_label: str) -> str:
    """The archive's pagination: the ``next`` link (to older posts) first, then ``prev``."""
    links = []
    if page < pages:
        url = archive_url(base, page + 1)
        links.append(f'<a class="next page-numbers" href="{url}">{next_label}</a>')
    if page > 1:
        url = archive_url(base, page - 1)
        links.append(f'<a class="prev page-numbers" href="{url}">{prev_label}</a>')
    return f'<nav class="navigation pagination"><div class="nav-links">{"".join(links)}</div></nav>'


def neighbours(
    releases: list[SyntheticRelease],
) -> list[tuple[SyntheticRelease | None, SyntheticRelease, SyntheticRelease | None]]:
    """(previous, post, next) for every post, oldest first: what post navigation links."""
    if not releases:
        return []
    return list(zip([None, *releases[:-1]], releases, [*releases[1:], None], strict=True))


def archive(
    base: str,
    newest_first: list[SyntheticRelease],
    per_page: int,
    render: Callable[[list[SyntheticRelease], int, int], Page],
) -> dict[str, Page]:
    """The paged posts archive: ``render(posts, page, pages)`` at the home URL and ``/page/N/``."""
    batches = chunks(newest_first, per_page)
    return {
        archive_url(base, number): render(batch, number, len(batches))
        for number, batch in enumerate(batches, start=1)
    }


# --- REST API ------------------------------------------------------------------------------


def rest_post(
    release: SyntheticRelease,
    base: str,
    link: str,
    content: str,
    modified: datetime | None = None,
    **fields: object,
) -> dict:
    """A post as ``/wp-json/wp/v2/posts`` serves it: core's fields in WordPress's order
    (``modified`` defaults to the publication), then the site's ``fields`` (excerpt, author,
    categories, ``_links``, ...)."""
    published = release.published_local
    modified = modified or published
    return {
        "id": release.number,
        "date": naive(published),
        "date_gmt": naive_gmt(published),
        "guid": {"rendered": f"{base}/?p={release.number}"},
        "modified": naive(modified),
        "modified_gmt": naive_gmt(modified),
        "slug": release.slug,
        "status": "publish",
        "type": "post",
        "link": link,
        "title": {"rendered": esc(release.title)},
        "content": {"rendered": content, "protected": False},
        **fields,
    }


def rest_header(base: str) -> tuple[str, str]:
    """The ``Link`` header WordPress sends to announce its REST API."""
    return ("Link", f'<{base}/wp-json/>; rel="https://api.w.org/"')


def rest_api(
    base: str,
    posts: list[dict],
    per_page: int,
    *,
    query: str = "per_page={per_page}&page={page}",
    bare: bool = False,
    headers: tuple[tuple[str, str], ...] = (),
    next_link: bool = False,
) -> dict[str, Page]:
    """``/wp-json/wp/v2/posts`` pages of ``per_page`` posts, each at ``?{query}`` with
    ``X-WP-Total`` and ``X-WP-TotalPages``, then ``headers`` and (with ``next_link``) a
    ``rel="next"`` link to the following page; with ``bare`` the first page is also at the
    endpoint itself (WordPress's default page size needs no parameter)."""
    endpoint = f"{base}/wp-json/wp/v2/posts"
    batches = chunks(posts, per_page)
    pages: dict[str, Page] = {}
    for number, batch in enumerate(batches, start=1):
        sent = [("X-WP-Total", str(len(posts))), ("X-WP-TotalPages", str(len(batches))), *headers]
        if next_link and number < len(batches):
            following = query.format(per_page=per_page, page=number + 1)
            sent.append(("Link", f'<{endpoint}?{following}>; rel="next"'))
        page = json_page(json.dumps(batch, ensure_ascii=False), sent)
        pages[f"{endpoint}?{query.format(per_page=per_page, page=number)}"] = page
        if bare and number == 1:
            pages[endpoint] = page
    return pages


# --- feed, sitemaps, robots.txt ----------------------------------------------------------------


def feed(
    base: str,
    site_name: str,
    newest_first: list[SyntheticRelease],
    permalink: Permalink,
    items: int = 10,
    creator: str | None = None,
) -> dict[str, Page]:
    """``/feed/``: RSS 2.0 with the newest ``items`` posts and their excerpts; ``creator`` is
    the author account ``dc:creator`` names, where the site shows one."""
    author = f"<dc:creator><![CDATA[{creator}]]></dc:creator>" if creator else ""
    entries = "\n".join(
        f"<item><title>{esc(r.title)}</title><link>{permalink(r)}</link>{author}"
        f"<pubDate>{format_datetime(r.published_local.astimezone(UTC))}</pubDate>"
        f"<category><![CDATA[{r.category}]]></category>"
        f'<guid isPermaLink="false">{base}/?p={r.number}</guid>'
        f"<description><![CDATA[{esc(r.paragraphs[0][:150])} [&#8230;]]]></description></item>"
        for r in newest_first[:items]
    )
    text = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
xmlns:content="http://purl.org/rss/1.0/modules/content/"
xmlns:dc="http://purl.org/dc/elements/1.1/"
xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{site_name}</title>
<atom:link href="{base}/feed/" rel="self" type="application/rss+xml" />
<link>{base}</link>
<description>{SYNTHETIC_NOTICE}</description>
<language>id</language>
{entries}
</channel>
</rss>
"""
    return {f"{base}/feed/": xml(text, "application/rss+xml; charset=UTF-8")}


SitemapEntry = tuple[str, datetime | None]  # (URL, lastmod)


def post_entries(
    releases: list[SyntheticRelease],
    permalink: Permalink,
    lastmod: Callable[[SyntheticRelease], datetime] | None = None,
) -> list[SitemapEntry]:
    """Sitemap entries of posts, in the given order; ``lastmod`` defaults to publication."""
    return [(permalink(r), lastmod(r) if lastmod else r.published_local) for r in releases]


def _core_sitemap(base: str, stylesheet: str, body: str) -> Page:
    return xml(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" '
        f'href="{base}/{stylesheet}.xsl" ?>\n{body}\n'
    )


def core_sitemaps(
    base: str,
    posts: list[SitemapEntry],
    per_file: int = 2000,
    others: dict[str, list[SitemapEntry]] | None = None,
) -> dict[str, Page]:
    """Core's sitemaps: ``wp-sitemap.xml`` (stylesheet ``wp-sitemap-index.xsl``) indexing
    ``wp-sitemap-posts-post-N.xml`` of ``per_file`` posts each, then ``others`` by name
    (``taxonomies-category-1``, ``users-1``, ...), all with ``wp-sitemap.xsl``."""
    children = {
        f"posts-post-{number}": batch
        for number, batch in enumerate(chunks(posts, per_file), start=1)
    }
    children.update(others or {})
    pages: dict[str, Page] = {}
    for name, entries in children.items():
        urls = "".join(
            f"<url><loc>{esc(loc)}</loc>"
            + (f"<lastmod>{iso_utc(lastmod)}</lastmod>" if lastmod else "")
            + "</url>"
            for loc, lastmod in entries
        )
        body = f"<urlset {SITEMAP_NS}>{urls}</urlset>"
        pages[f"{base}/wp-sitemap-{name}.xml"] = _core_sitemap(base, "wp-sitemap", body)
    index = "".join(
        f"<sitemap><loc>{base}/wp-sitemap-{name}.xml</loc></sitemap>" for name in children
    )
    body = f"<sitemapindex {SITEMAP_NS}>{index}</sitemapindex>"
    pages[f"{base}/wp-sitemap.xml"] = _core_sitemap(base, "wp-sitemap-index", body)
    return pages


YoastEntry = tuple[str, datetime, str | None]  # (URL, lastmod, image URL)


def yoast_post_files(entries: list[YoastEntry], per_file: int) -> dict[str, list[YoastEntry]]:
    """Yoast's post sitemaps: ``post-sitemap.xml``, ``post-sitemap2.xml``, ..."""
    return {
        ("post-sitemap.xml" if n == 1 else f"post-sitemap{n}.xml"): batch
        for n, batch in enumerate(chunks(entries, per_file), start=1)
    }


def _yoast_document(base: str, tag: str, body: str) -> Page:
    namespaces = (
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
        'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
        'http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" '
        if tag == "urlset"
        else ""
    )
    host = f"//{urlsplit(base).netloc}"  # Yoast links its stylesheet scheme-relative
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" '
        f'href="{host}/main-sitemap.xsl"?>\n<{tag} {namespaces}{SITEMAP_NS}>\n{body}</{tag}>\n'
        f"<!-- XML Sitemap generated by Yoast SEO -->"
    )
    return xml(text, "text/xml; charset=UTF-8")


def _yoast_url(loc: str, lastmod: datetime | None, image: str | None = None) -> str:
    entry = f"\t<url>\n\t\t<loc>{esc(loc)}</loc>\n"
    if lastmod:
        entry += f"\t\t<lastmod>{iso_utc(lastmod)}</lastmod>\n"
    if image:
        entry += (
            f"\t\t<image:image>\n\t\t\t<image:loc>{esc(image)}</image:loc>\n\t\t</image:image>\n"
        )
    return entry + "\t</url>\n"


def yoast_sitemaps(base: str, files: dict[str, list[YoastEntry]]) -> dict[str, Page]:
    """Yoast SEO: ``sitemap_index.xml`` listing ``files`` in order, a file's ``lastmod`` its
    newest entry's (the home URL aside), and every file with its entries."""
    home = f"{base}/"

    def lastmod(entries: list[YoastEntry]) -> datetime:
        return max(changed for loc, changed, _ in entries if loc != home)

    index = "".join(
        f"\t<sitemap>\n\t\t<loc>{base}/{name}</loc>\n"
        f"\t\t<lastmod>{iso_utc(lastmod(entries))}</lastmod>\n\t</sitemap>\n"
        for name, entries in files.items()
    )
    pages = {f"{base}/sitemap_index.xml": _yoast_document(base, "sitemapindex", index)}
    for name, entries in files.items():
        urls = "".join(_yoast_url(*entry) for entry in entries)
        pages[f"{base}/{name}"] = _yoast_document(base, "urlset", urls)
    return pages


def robots(base: str, sitemap: str, charset: str = "UTF-8") -> dict[str, Page]:
    """WordPress's virtual robots.txt, at the domain root wherever WordPress is installed."""
    parts = urlsplit(base)
    text = (
        f"User-agent: *\nDisallow: {parts.path}/wp-admin/\n"
        f"Allow: {parts.path}/wp-admin/admin-ajax.php\n\nSitemap: {sitemap}\n"
    )
    page = Page(text.encode(), f"text/plain; charset={charset}")
    return {f"{parts.scheme}://{parts.netloc}/robots.txt": page}
