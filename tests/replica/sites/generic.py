"""The generic replica site, for sources whose markup is not documented.

It is plain modern markup with the metadata generic extraction relies on (JSON-LD
NewsArticle, OpenGraph, ``<time>``), served under the URL scheme of the registry entry, with the
discovery document its strategy needs (``sitemap.xml`` or an RSS feed). It tests the generic
path, not the real site.
"""

from __future__ import annotations

import json
import re

from siaran.spiders.registry.source import Source
from siaran.spiders.release import slugify
from tests.replica.site import (
    SYNTHETIC_NOTICE,
    Page,
    Site,
    esc,
    html,
    long_date,
    robots,
    sitemap_urlset,
    xml,
)
from tests.replica.synthetic import MONTHS, Profile, SyntheticRelease

# Article paths by source, where the registry documents a scheme other than /berita/<slug>.
PATHS = {
    "ntbprov": "/post/{category}/{slug}",
    "jogjaprov": "/berita/detail/{number}-{slug}",
}


def profile(source: Source) -> Profile:
    return Profile(
        source.key,
        source.province_code,
        dateline="upper",
        first_number=2000 + int(source.province_code) * 10,
    )


def origin(source: Source) -> str:
    return f"https://{source.domains[0]}"


def article_url(source: Source, release: SyntheticRelease) -> str:
    path = PATHS.get(source.key, "/berita/{slug}")
    return origin(source) + path.format(
        category=slugify(release.category), slug=release.slug, number=release.number
    )


def article(source: Source, release: SyntheticRelease, url: str) -> Page:
    published = release.published_local.isoformat(timespec="seconds")
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.title,
        "datePublished": published,
        "inLanguage": "id-ID",
        "articleSection": release.category,
        "publisher": {"@type": "GovernmentOrganization", "name": source.name},
    }
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in release.paragraphs)
    json_ld = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    return html(f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(release.title)} | {esc(source.name)}</title>
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(release.title)}">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{published}">
<meta property="article:section" content="{esc(release.category)}">
<script type="application/ld+json">{json_ld}</script>
</head>
<body>
<header><nav><a href="{origin(source)}/">Beranda</a> <a href="{origin(source)}/berita">Berita</a></nav></header>
<main>
<article>
<h1>{esc(release.title)}</h1>
<time datetime="{published}">{long_date(release.published_local, with_time=False)}</time>
<div class="post-content">
{paragraphs}
</div>
</article>
<aside><h2>Berita Lainnya</h2><ul><li><a href="{origin(source)}/berita">Indeks berita</a></li></ul></aside>
</main>
<footer>{esc(source.name)}</footer>
</body>
</html>
""")


def feed(source: Source, newest_first: list[tuple[str, SyntheticRelease]]) -> Page:
    # Indonesian dates without time or zone, as the province's agency feed writes them.
    items = "\n".join(
        f"<item><title>{esc(r.title)}</title><link>{url}</link>"
        f"<description>{esc(r.paragraphs[0][:160])} ...</description>"
        f"<pubDate>{r.published_local.day:02d} {MONTHS[r.published_local.month - 1]} "
        f"{r.published_local.year}</pubDate></item>"
        for url, r in newest_first
    )
    return xml(
        f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Berita {esc(source.name)}</title>
<link>{origin(source)}/</link>
<description>{SYNTHETIC_NOTICE}</description>
{items}
</channel>
</rss>
""",
        "application/rss+xml; charset=UTF-8",
    )


def build(source: Source, releases: list[SyntheticRelease]) -> Site:
    located = [(article_url(source, r), r) for r in releases]
    newest_first = located[::-1]
    start = source.start_urls[0]
    pages = {url: article(source, r, url) for url, r in located}
    if source.strategy == "feed":
        pages[start] = feed(source, newest_first)
        pages[f"{origin(source)}/robots.txt"] = robots(["/admin/"])
    else:
        entries = [(url, r.published_local) for url, r in newest_first]
        pages[start] = xml(sitemap_urlset(entries))
        pages[f"{origin(source)}/robots.txt"] = robots(["/admin/"], start)
    if not all(re.match(source.release_url, url) for url, _ in located):
        raise ValueError(f"generic replica URLs of {source.key} do not match its release_url")
    return Site(source.key, "Apache", pages, located)
