"""Replica of berita.gorontaloprov.go.id: WordPress laid out with the Elementor page builder.

Documented: WordPress with the core sitemap ``wp-sitemap.xml`` -> ``wp-sitemap-posts-post-N.xml``;
pages built with Elementor, whose deep ``elementor-*`` wrappers make unstable selectors, so
extraction prefers JSON-LD, OpenGraph and /wp-json. Zone WITA.

Assumptions (not documented): date permalinks ``/YYYY/MM/DD/<slug>/`` (the registry's);
Elementor Pro theme builder templates (header, single post, footer) in the classic DOM
(section > container > column > widget-wrap > widget > widget-container) on the Hello Elementor
theme, with an inner section for post info and share buttons, a "Berita Terbaru" posts widget in
a sidebar column, post navigation and a "Berita Terkait" posts widget with excerpts; some posts
were themselves edited with Elementor, so their paragraphs sit in further sections and
text-editor widgets inside ``elementor-widget-theme-post-content``; Yoast SEO head (``@graph``
with an ``Article`` first, dates in UTC, ``og:title`` with the site name, ``article:modified_time``
after edits); the WordPress account shown as author is the office's, the writers are in the
trailing ``MC Gorontalo/<initials>`` byline (inline or in its own right-aligned paragraph, and
repeated in image captions); post sitemaps carry ``lastmod`` (the modification time) and list
posts by ID ascending, split every 40 posts here (core splits every 2000) so that the index has
two of them; the index also lists pages, ``elementor_library`` templates, categories and users;
the REST API ``/wp-json/wp/v2/posts`` serves the same posts; robots.txt is WordPress's default.
Core sitemaps, REST pages, robots.txt and the post classes come from the WordPress family
(``wordpress.py``); the Elementor DOM and the Yoast head are this module's.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import datetime, timedelta

from siaran.spiders.release import slugify
from tests.replica.site import SYNTHETIC_NOTICE, Page, Site, esc, html, json_page
from tests.replica.sites import wordpress as wp
from tests.replica.synthetic import Profile, SyntheticRelease

BASE = "https://berita.gorontaloprov.go.id"
SITE_NAME = "Berita Provinsi Gorontalo"
OFFICE = "Dinas Komunikasi, Informatika dan Statistik Provinsi Gorontalo"
AUTHOR = "Humas Diskominfotik"
PROFILE = Profile(
    key="gorontaloprov",
    province_code="75",
    unit="MC Gorontalo",
    dateline="upper",
    writers=["Rin", "Nta", "Zul", "AH", "Mrs", "Fik"],
    event_year=True,
    first_number=30500,
)
SITEMAP_SIZE = 40
TEMPLATES = {"header": 112, "single-post": 245, "footer": 118}
STATIC_PAGES = [("profil", "Profil"), ("visi-misi", "Visi dan Misi"), ("kontak", "Kontak")]
CATEGORY_IDS = {
    "Bencana": 7,
    "Ekonomi": 4,
    "Kesehatan": 3,
    "Pembangunan": 6,
    "Pemerintahan": 2,
    "Pendidikan": 5,
}


def permalink(release: SyntheticRelease) -> str:
    return f"{BASE}/{release.published_local:%Y/%m/%d}/{release.slug}/"


def element_id(*parts: object) -> str:
    """Elementor's 7-hex element ids: fixed per template, new for every element of a post."""
    return hashlib.md5(":".join(map(str, parts)).encode()).hexdigest()[:7]


def _image(release: SyntheticRelease) -> str:
    return wp.upload(BASE, release.published_local, f"IMG-{release.number}.jpg")


# --- Elementor's DOM ------------------------------------------------------------------------


def widget(eid: str, kind: str, inner: str, skin: str = "default", classes: str = "") -> str:
    classes = f" {classes}" if classes else ""
    return (
        f'<div class="elementor-element elementor-element-{eid}{classes} elementor-widget '
        f'elementor-widget-{kind}" data-id="{eid}" data-element_type="widget" '
        f'data-widget_type="{kind}.{skin}">\n<div class="elementor-widget-container">\n{inner}\n'
        "</div>\n</div>"
    )


def column(eid: str, size: int, widgets: list[str], inner: bool = False) -> str:
    level = "inner" if inner else "top"
    return (
        f'<div class="elementor-column elementor-col-{size} elementor-{level}-column '
        f'elementor-element elementor-element-{eid}" data-id="{eid}" data-element_type="column">\n'
        '<div class="elementor-widget-wrap elementor-element-populated">\n'
        + "\n".join(widgets)
        + "\n</div>\n</div>"
    )


def section(eid: str, columns: list[str], inner: bool = False) -> str:
    level = "inner" if inner else "top"
    return (
        f'<section class="elementor-section elementor-{level}-section elementor-element '
        f"elementor-element-{eid} elementor-section-boxed elementor-section-height-default "
        f'elementor-section-height-default" data-id="{eid}" data-element_type="section">\n'
        '<div class="elementor-container elementor-column-gap-default">\n'
        + "\n".join(columns)
        + "\n</div>\n</section>"
    )


def document(
    kind: str,
    doc_id: int,
    sections: list[str],
    classes: str = "",
    post_type: str = "elementor_library",
) -> str:
    classes = f" {classes}" if classes else ""
    return (
        f'<div data-elementor-type="{kind}" data-elementor-id="{doc_id}" '
        f'class="elementor elementor-{doc_id}{classes}" data-elementor-post-type="{post_type}">\n'
        + "\n".join(sections)
        + "\n</div>"
    )


# --- the post ------------------------------------------------------------------------------


def _paragraphs(release: SyntheticRelease) -> list[str]:
    paragraphs = [f"<p>{esc(p)}</p>" for p in release.paragraphs]
    if release.byline_inline:
        paragraphs[-1] = f"<p>{esc(release.paragraphs[-1])} {esc(release.byline)}</p>"
    else:
        paragraphs.append(f'<p style="text-align: right;"><em>{esc(release.byline)}</em></p>')
    return paragraphs


def _caption(release: SyntheticRelease) -> str:
    return f"Suasana kegiatan di {esc(release.dateline_place)}. {esc(release.byline)}"


def content(release: SyntheticRelease, built_with_elementor: bool) -> str:
    """What ``the_content`` renders: block-editor paragraphs, or the post's own Elementor
    document when it was edited with Elementor."""
    paragraphs = _paragraphs(release)
    figure = (
        f'<figure class="wp-block-image size-large"><img decoding="async" width="1024" '
        f'height="683" src="{_image(release)}" alt="" class="wp-image-{release.number + 1}"/>'
        f'<figcaption class="wp-element-caption">{_caption(release)}</figcaption></figure>'
    )
    if not built_with_elementor:
        return "\n".join([paragraphs[0], figure, *paragraphs[1:]])
    n = release.number
    image = widget(
        element_id(n, "image"),
        "image",
        f'<figure class="wp-caption"><img src="{_image(release)}" alt="">'
        f'<figcaption class="widget-image-caption wp-caption-text">{_caption(release)}'
        "</figcaption></figure>",
    )
    first = widget(element_id(n, "text-1"), "text-editor", paragraphs[0])
    rest = widget(element_id(n, "text-2"), "text-editor", "\n".join(paragraphs[1:]))
    body = section(
        element_id(n, "section"), [column(element_id(n, "column"), 100, [first, image, rest])]
    )
    return document("wp-post", n, [body], post_type="post")


def _post_info(release: SyntheticRelease) -> str:
    moment = release.published_local
    t = "single-post"

    def item(name: str, prop: str, icon: str, kind: str, text: str, link: str = "") -> str:
        inner = (
            f'<span class="elementor-icon-list-icon"><i aria-hidden="true" class="{icon}"></i>'
            f'</span><span class="elementor-icon-list-text elementor-post-info__item '
            f'elementor-post-info__item--type-{kind}">{text}</span>'
        )
        inner = f'<a href="{link}">{inner}</a>' if link else inner
        return (
            f'<li class="elementor-icon-list-item elementor-repeater-item-'
            f'{element_id(t, name)} elementor-inline-item" itemprop="{prop}">{inner}</li>'
        )

    terms = (
        f'<span class="elementor-post-info__terms-list"><a href="{BASE}/category/'
        f'{slugify(release.category)}/" class="elementor-post-info__terms-list-item">'
        f"{esc(release.category)}</a></span>"
    )
    items = [
        item("author", "author", "fas fa-user-circle", "author", AUTHOR, f"{BASE}/author/humas/"),
        item(
            "date",
            "datePublished",
            "fas fa-calendar",
            "date",
            f"<time>{wp.day(moment)}</time>",
            f"{BASE}/{moment:%Y/%m/%d}/",
        ),
        item("time", "dateModified", "far fa-clock", "time", f"<time>{moment:%H:%M}</time>"),
        item("terms", "about", "fas fa-tags", "terms", terms),
    ]
    return (
        '<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info">'
        + "".join(items)
        + "</ul>"
    )


def _share(url: str) -> str:
    buttons = "".join(
        f'<div class="elementor-grid-item"><div class="elementor-share-btn '
        f'elementor-share-btn_{network}" role="button" tabindex="0" aria-label="Bagikan di '
        f'{network}"><span class="elementor-share-btn__icon"><i class="fab fa-{network}" '
        f'aria-hidden="true"></i></span><div class="elementor-share-btn__text">'
        f'<span class="elementor-share-btn__title">{label}</span></div></div></div>'
        for network, label in (
            ("facebook", "Facebook"),
            ("whatsapp", "WhatsApp"),
            ("twitter", "Twitter"),
            ("telegram", "Telegram"),
        )
    )
    return f'<div class="elementor-grid" data-url="{url}">{buttons}</div>'


def _navigation(previous: SyntheticRelease | None, following: SyntheticRelease | None) -> str:
    def link(release: SyntheticRelease | None, side: str, label: str, arrow: str) -> str:
        inner = (
            f'<a href="{permalink(release)}" rel="{side}"><span class="post-navigation__arrow-'
            f'wrapper post-navigation__arrow-{side}"><i class="fa fa-angle-{arrow}" aria-hidden='
            f'"true"></i><span class="elementor-screen-only">{label}</span></span><span class='
            f'"elementor-post-navigation__link__{side}"><span class="post-navigation__{side}--'
            f'label">{label}</span><span class="post-navigation__{side}--title">'
            f"{esc(release.title)}</span></span></a>"
            if release
            else ""
        )
        return (
            f'<div class="elementor-post-navigation__{side} elementor-post-navigation__link">'
            f"{inner}</div>"
        )

    return (
        '<div class="elementor-post-navigation">'
        + link(previous, "prev", "Sebelumnya", "left")
        + '<div class="elementor-post-navigation__separator-wrapper"><div class="elementor-post-'
        'navigation__separator"></div></div>'
        + link(following, "next", "Selanjutnya", "right")
        + "</div>"
    )


def _posts(releases: list[SyntheticRelease], excerpts: bool) -> str:
    """Elementor Pro's posts widget, classic skin."""
    articles = []
    for r in releases:
        excerpt = (
            f'<div class="elementor-post__excerpt"><p>'
            f"{esc(' '.join(r.paragraphs[0].split()[:20]))}&hellip;</p></div>"
            if excerpts
            else ""
        )
        articles.append(
            f'<article class="elementor-post elementor-grid-item {wp.post_class(r)}" '
            'role="listitem">\n'
            f'<a class="elementor-post__thumbnail__link" href="{permalink(r)}" tabindex="-1">'
            f'<div class="elementor-post__thumbnail"><img loading="lazy" width="300" height="200" '
            f'src="{_image(r)}" class="attachment-medium size-medium wp-image-{r.number + 1}" '
            f'alt=""></div></a>\n<div class="elementor-post__text">\n'
            f'<h3 class="elementor-post__title"><a href="{permalink(r)}">{esc(r.title)}</a></h3>\n'
            f'<div class="elementor-post__meta-data"><span class="elementor-post-date">'
            f"{wp.day(r.published_local)}</span></div>\n{excerpt}\n"
            f'<a class="elementor-post__read-more" href="{permalink(r)}" aria-label="Read more '
            f'about {esc(r.title)}" tabindex="-1">Baca Selengkapnya &raquo;</a>\n</div>\n</article>'
        )
    return (
        '<div class="elementor-posts-container elementor-posts elementor-posts--skin-classic '
        'elementor-grid" role="list">\n' + "\n".join(articles) + "\n</div>"
    )


def single_post(
    release: SyntheticRelease,
    built_with_elementor: bool,
    previous: SyntheticRelease | None,
    following: SyntheticRelease | None,
    related: list[SyntheticRelease],
    latest: list[SyntheticRelease],
) -> str:
    """The theme builder's single-post template around one post."""
    t = "single-post"
    url = permalink(release)
    breadcrumbs = (
        f'<p id="breadcrumbs"><span><span><a href="{BASE}/">Beranda</a></span> &raquo; '
        f'<span><a href="{BASE}/category/{slugify(release.category)}/">{esc(release.category)}'
        f'</a></span> &raquo; <span class="breadcrumb_last" aria-current="page">'
        f"{esc(release.title)}</span></span></p>"
    )
    meta_row = section(
        element_id(t, "meta-section"),
        [
            column(
                element_id(t, "meta-column"),
                66,
                [widget(element_id(t, "post-info"), "post-info", _post_info(release))],
                inner=True,
            ),
            column(
                element_id(t, "share-column"),
                33,
                [
                    widget(
                        element_id(t, "share"),
                        "share-buttons",
                        _share(url),
                        classes="elementor-share-buttons--view-icon elementor-share-buttons--skin-"
                        "flat elementor-share-buttons--shape-circle elementor-grid-0",
                    )
                ],
                inner=True,
            ),
        ],
        inner=True,
    )
    main = column(
        element_id(t, "main-column"),
        66,
        [
            widget(element_id(t, "breadcrumbs"), "breadcrumbs", breadcrumbs),
            widget(
                element_id(t, "title"),
                "theme-post-title",
                f'<h1 class="elementor-heading-title elementor-size-default">{esc(release.title)}</h1>',
                classes="elementor-page-title elementor-widget-heading",
            ),
            meta_row,
            widget(
                element_id(t, "featured-image"),
                "theme-post-featured-image",
                f'<img width="1280" height="853" src="{_image(release)}" class="attachment-full '
                f'size-full wp-post-image" alt="">',
                classes="elementor-widget-image",
            ),
            widget(
                element_id(t, "content"),
                "theme-post-content",
                content(release, built_with_elementor),
            ),
            widget(
                element_id(t, "navigation"), "post-navigation", _navigation(previous, following)
            ),
        ],
    )
    sidebar = column(
        element_id(t, "sidebar-column"),
        33,
        [
            widget(
                element_id(t, "latest-heading"),
                "heading",
                '<h2 class="elementor-heading-title elementor-size-default">Berita Terbaru</h2>',
            ),
            widget(
                element_id(t, "latest"),
                "posts",
                _posts(latest, excerpts=False),
                "classic",
                "elementor-grid-1 elementor-posts--thumbnail-left",
            ),
        ],
    )
    related_section = section(
        element_id(t, "related-section"),
        [
            column(
                element_id(t, "related-column"),
                100,
                [
                    widget(
                        element_id(t, "related-heading"),
                        "heading",
                        '<h2 class="elementor-heading-title elementor-size-default">Berita Terkait</h2>',
                    ),
                    widget(
                        element_id(t, "related"),
                        "posts",
                        _posts(related, excerpts=True),
                        "classic",
                        "elementor-grid-3 elementor-grid-tablet-2 elementor-grid-mobile-1 "
                        "elementor-posts--thumbnail-top",
                    ),
                ],
            )
        ],
    )
    post_classes = f"elementor-location-single {wp.post_class(release)}"
    return document(
        t,
        TEMPLATES[t],
        [section(element_id(t, "main-section"), [main, sidebar]), related_section],
        post_classes,
    )


def header() -> str:
    t = "header"
    menu = "".join(
        f'<li class="menu-item menu-item-type-{kind} menu-item-{i}"><a href="{link}" '
        f'class="elementor-item">{label}</a></li>'
        for i, (kind, link, label) in enumerate(
            [
                ("custom", f"{BASE}/", "Beranda"),
                ("taxonomy", f"{BASE}/category/pemerintahan/", "Pemerintahan"),
                ("taxonomy", f"{BASE}/category/ekonomi/", "Ekonomi"),
                ("taxonomy", f"{BASE}/category/kesehatan/", "Kesehatan"),
                ("post_type", f"{BASE}/profil/", "Profil"),
                ("post_type", f"{BASE}/kontak/", "Kontak"),
            ],
            start=21,
        )
    )
    logo = widget(
        element_id(t, "logo"),
        "theme-site-logo",
        f'<a href="{BASE}/"><img width="240" height="64" src="{BASE}/wp-content/uploads/'
        f'2023/01/logo-pemprov-gorontalo.png" alt="{SITE_NAME}"></a>',
        classes="elementor-widget-image",
    )
    nav = widget(
        element_id(t, "nav"),
        "nav-menu",
        '<nav class="elementor-nav-menu--main elementor-nav-menu__container '
        'elementor-nav-menu--layout-horizontal e--pointer-underline e--animation-fade">'
        f'<ul id="menu-1-{element_id(t, "nav")}" class="elementor-nav-menu">{menu}</ul></nav>',
        classes="elementor-nav-menu__align-end elementor-nav-menu--toggle "
        "elementor-nav-menu--burger",
    )
    row = section(
        element_id(t, "section"),
        [
            column(element_id(t, "logo-column"), 25, [logo]),
            column(element_id(t, "nav-column"), 75, [nav]),
        ],
    )
    return document(t, TEMPLATES[t], [row], "elementor-location-header")


def footer() -> str:
    t = "footer"
    text = widget(
        element_id(t, "text"),
        "text-editor",
        f"<p>&copy; 2024 {OFFICE}. Jl. Sapta Marga, Kota Gorontalo.</p>",
    )
    social = widget(
        element_id(t, "social"),
        "social-icons",
        '<div class="elementor-social-icons-wrapper elementor-grid">'
        '<span class="elementor-grid-item"><a class="elementor-icon elementor-social-'
        'icon elementor-social-icon-facebook" href="https://www.facebook.com/" '
        'target="_blank"><span class="elementor-screen-only">Facebook</span>'
        '<i class="fab fa-facebook"></i></a></span></div>',
    )
    row = section(
        element_id(t, "section"),
        [
            column(element_id(t, "text-column"), 50, [text]),
            column(element_id(t, "social-column"), 50, [social]),
        ],
    )
    return document(t, TEMPLATES[t], [row], "elementor-location-footer")


# --- pages -------------------------------------------------------------------------------


def _head(title: str, extra: str) -> str:
    return f"""<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- {SYNTHETIC_NOTICE} -->
<!-- This site is optimized with the Yoast SEO plugin v23.8 - https://yoast.com/wordpress/plugins/seo/ -->
<title>{esc(title)}</title>
<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1" />
{extra}
<!-- / Yoast SEO plugin. -->
<link rel='stylesheet' id='hello-elementor-css' href='{BASE}/wp-content/themes/hello-elementor/style.min.css?ver=3.1.1' media='all' />
<link rel='stylesheet' id='elementor-frontend-css' href='{BASE}/wp-content/plugins/elementor/assets/css/frontend.min.css?ver=3.24.7' media='all' />
<link rel='stylesheet' id='elementor-post-245-css' href='{BASE}/wp-content/uploads/elementor/css/post-245.css?ver=1729150231' media='all' />
<link rel="https://api.w.org/" href="{BASE}/wp-json/" />
<meta name="generator" content="WordPress 6.6.2" />
<meta name="generator" content="Elementor 3.24.7; features: additional_custom_breakpoints; settings: css_print_method-external, google_font-enabled, font_display-swap">"""


def _page(title: str, head: str, body_class: str, main: str) -> Page:
    return html(f"""<!doctype html>
<html lang="id">
<head>
{_head(title, head)}
</head>
<body class="{body_class} wp-custom-logo elementor-default elementor-kit-5">
<a class="skip-link screen-reader-text" href="#content">Lewati ke konten</a>
{header()}
{main}
{footer()}
<script src="{BASE}/wp-content/plugins/elementor-pro/assets/js/frontend.min.js?ver=3.24.3" id="elementor-pro-frontend-js"></script>
</body>
</html>
""")


def schema_graph(release: SyntheticRelease, modified: datetime) -> str:
    url = permalink(release)
    person = f"{BASE}/#/schema/person/{hashlib.md5(AUTHOR.encode()).hexdigest()}"
    published, updated = wp.iso_utc(release.published_local), wp.iso_utc(modified)
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "@id": f"{url}#article",
                "isPartOf": {"@id": url},
                "author": {"name": AUTHOR, "@id": person},
                "headline": release.title,
                "datePublished": published,
                "dateModified": updated,
                "mainEntityOfPage": {"@id": url},
                "wordCount": len(release.body.split()),
                "publisher": {"@id": f"{BASE}/#organization"},
                "image": {"@id": f"{url}#primaryimage"},
                "thumbnailUrl": _image(release),
                "articleSection": [release.category],
                "inLanguage": "id",
            },
            {
                "@type": "WebPage",
                "@id": url,
                "url": url,
                "name": f"{release.title} - {SITE_NAME}",
                "isPartOf": {"@id": f"{BASE}/#website"},
                "primaryImageOfPage": {"@id": f"{url}#primaryimage"},
                "image": {"@id": f"{url}#primaryimage"},
                "thumbnailUrl": _image(release),
                "datePublished": published,
                "dateModified": updated,
                "breadcrumb": {"@id": f"{url}#breadcrumb"},
                "inLanguage": "id",
                "potentialAction": [{"@type": "ReadAction", "target": [url]}],
            },
            {
                "@type": "ImageObject",
                "inLanguage": "id",
                "@id": f"{url}#primaryimage",
                "url": _image(release),
                "contentUrl": _image(release),
                "width": 1280,
                "height": 853,
            },
            {
                "@type": "BreadcrumbList",
                "@id": f"{url}#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Beranda", "item": f"{BASE}/"},
                    {
                        "@type": "ListItem",
                        "position": 2,
                        "name": release.category,
                        "item": f"{BASE}/category/{slugify(release.category)}/",
                    },
                    {"@type": "ListItem", "position": 3, "name": release.title},
                ],
            },
            {
                "@type": "WebSite",
                "@id": f"{BASE}/#website",
                "url": f"{BASE}/",
                "name": SITE_NAME,
                "publisher": {"@id": f"{BASE}/#organization"},
                "inLanguage": "id",
            },
            {
                "@type": "Organization",
                "@id": f"{BASE}/#organization",
                "name": OFFICE,
                "url": f"{BASE}/",
            },
            {"@type": "Person", "@id": person, "name": AUTHOR, "url": f"{BASE}/author/humas/"},
        ],
    }
    return json.dumps(graph, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def article(
    release: SyntheticRelease,
    modified: datetime,
    built_with_elementor: bool,
    previous: SyntheticRelease | None,
    following: SyntheticRelease | None,
    related: list[SyntheticRelease],
    latest: list[SyntheticRelease],
) -> Page:
    url = permalink(release)
    title = f"{release.title} - {SITE_NAME}"
    description = esc(" ".join(release.paragraphs[0].split()[:25]))
    head = f"""<link rel="canonical" href="{url}" />
<meta property="og:locale" content="id_ID" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(title)}" />
<meta property="og:description" content="{description}" />
<meta property="og:url" content="{url}" />
<meta property="og:site_name" content="{SITE_NAME}" />
<meta property="article:published_time" content="{wp.iso_utc(release.published_local)}" />
<meta property="article:modified_time" content="{wp.iso_utc(modified)}" />
<meta property="og:image" content="{_image(release)}" />
<meta property="og:image:width" content="1280" />
<meta property="og:image:height" content="853" />
<meta property="og:image:type" content="image/jpeg" />
<meta name="author" content="{AUTHOR}" />
<meta name="twitter:card" content="summary_large_image" />
<meta name="twitter:label1" content="Ditulis oleh" />
<meta name="twitter:data1" content="{AUTHOR}" />
<meta name="twitter:label2" content="Estimasi waktu membaca" />
<meta name="twitter:data2" content="2 menit" />
<script type="application/ld+json" class="yoast-schema-graph">{schema_graph(release, modified)}</script>
<link rel="alternate" title="JSON" type="application/json" href="{BASE}/wp-json/wp/v2/posts/{release.number}" />
<link rel="shortlink" href="{BASE}/?p={release.number}" />"""
    body_class = f"{wp.single_class(release)} elementor-page-{TEMPLATES['single-post']}"
    main = single_post(release, built_with_elementor, previous, following, related, latest)
    return _page(title, head, body_class, main)


def static_page(slug: str, title: str, number: int) -> Page:
    t = f"page-{slug}"
    text = widget(element_id(t, "text"), "text-editor", f"<p>{esc(title)} {esc(OFFICE)}.</p>")
    main = document(
        "wp-page",
        number,
        [
            section(
                element_id(t, "section"),
                [
                    column(
                        element_id(t, "column"),
                        100,
                        [
                            widget(
                                element_id(t, "title"),
                                "heading",
                                f'<h1 class="elementor-heading-title elementor-size-default">{esc(title)}</h1>',
                            ),
                            text,
                        ],
                    )
                ],
            )
        ],
        post_type="page",
    )
    head = f'<link rel="canonical" href="{BASE}/{slug}/" />'
    return _page(
        f"{title} - {SITE_NAME}", head, f"page-template-default page page-id-{number}", main
    )


def home(latest: list[SyntheticRelease]) -> Page:
    t = "home"
    main = document(
        "wp-page",
        2,
        [
            section(
                element_id(t, "section"),
                [
                    column(
                        element_id(t, "column"),
                        100,
                        [
                            widget(
                                element_id(t, "heading"),
                                "heading",
                                '<h2 class="elementor-heading-title elementor-size-default">Berita Terbaru</h2>',
                            ),
                            widget(
                                element_id(t, "posts"),
                                "posts",
                                _posts(latest, excerpts=True),
                                "classic",
                                "elementor-grid-2 elementor-posts--thumbnail-top",
                            ),
                        ],
                    )
                ],
            )
        ],
        post_type="page",
    )
    head = f'<link rel="canonical" href="{BASE}/" />'
    return _page(SITE_NAME, head, "home page-template-default page page-id-2", main)


def rest_post(release: SyntheticRelease, modified: datetime, built_with_elementor: bool) -> dict:
    return wp.rest_post(
        release,
        BASE,
        permalink(release),
        content(release, built_with_elementor),
        modified,
        author=3,
        featured_media=release.number + 1,
        categories=[CATEGORY_IDS[release.category]],
    )


def sitemaps(releases: list[SyntheticRelease], modified: dict[int, datetime]) -> dict[str, Page]:
    """Core sitemaps: posts by ID ascending with their modification time, SITEMAP_SIZE a file,
    then pages, Elementor's templates, categories and users."""
    by_id = sorted(releases, key=lambda r: r.number)
    posts = wp.post_entries(by_id, permalink, lambda r: modified[r.number])
    others: dict[str, list[wp.SitemapEntry]] = {
        "posts-page-1": [(f"{BASE}/", None)]
        + [(f"{BASE}/{slug}/", None) for slug, _ in STATIC_PAGES],
        "posts-elementor_library-1": [
            (f"{BASE}/?elementor_library={name}", None) for name in TEMPLATES
        ],
        "taxonomies-category-1": [(wp.category_url(BASE, c), None) for c in sorted(CATEGORY_IDS)],
        "users-1": [(f"{BASE}/author/humas/", None)],
    }
    return wp.core_sitemaps(BASE, posts, SITEMAP_SIZE, others)


def build(releases: list[SyntheticRelease]) -> Site:
    rng = random.Random("siaran-replica:gorontaloprov:layout")
    newest_first = releases[::-1]
    latest = newest_first[:5]
    modified, elementor = {}, {}
    for release in releases:
        edit = timedelta(minutes=rng.choice([0, 0, 0, 4, 35, 190, 2880]))
        modified[release.number] = release.published_local + edit
        elementor[release.number] = rng.random() < 0.3
    pages: dict[str, Page] = wp.robots(BASE, f"{BASE}/wp-sitemap.xml", charset="utf-8")
    for i, (previous, release, following) in enumerate(wp.neighbours(releases)):
        related = [r for r in releases[:i] if r.category == release.category][-3:][::-1]
        pages[permalink(release)] = article(
            release,
            modified[release.number],
            elementor[release.number],
            previous,
            following,
            related,
            latest,
        )
    pages[f"{BASE}/"] = home(newest_first[:10])
    for number, (slug, title) in enumerate(STATIC_PAGES, start=10):
        pages[f"{BASE}/{slug}/"] = static_page(slug, title, number)
    pages.update(sitemaps(releases, modified))
    posts = [rest_post(r, modified[r.number], elementor[r.number]) for r in newest_first]
    for post in posts:
        pages[f"{BASE}/wp-json/wp/v2/posts/{post['id']}"] = json_page(
            json.dumps(post, ensure_ascii=False)
        )
    pages.update(wp.rest_api(BASE, posts, 10, bare=True))
    pages.update(wp.rest_api(BASE, posts, 100))
    return Site("gorontaloprov", "LiteSpeed", pages, [(permalink(r), r) for r in releases])
