"""Replica of diskominfomc.kalselprov.go.id: WordPress with core sitemaps, feed and REST API.

The theme's article markup is not documented, so the pages use WordPress core and common
theme classes (entry-title, entry-content, rel="category tag", article:published_time), from the
WordPress family (``wordpress.py``). Site specifics: date permalinks ``/YYYY/MM/DD/<slug>/``; the
real seed release among the synthetic ones; the trailing byline inline or in its own paragraph,
repeated in the featured image's caption; ten posts a page in the archive, the feed and the REST
API (``?page=N``); core sitemaps listing posts (newest first) and categories.
"""

from __future__ import annotations

from datetime import date, datetime
from importlib.resources import files
from zoneinfo import ZoneInfo

from siaran.spiders.parse.byline import split_trailing_byline
from siaran.spiders.release import slugify
from tests.replica.site import Page, Site, esc
from tests.replica.sites import wordpress as wp
from tests.replica.synthetic import Profile, Quote, SyntheticRelease

BASE = "https://diskominfomc.kalselprov.go.id"
SITE_NAME = "MC Kalsel"
ZONE = ZoneInfo("Asia/Makassar")
PROFILE = Profile(
    key="mc_kalsel",
    province_code="63",
    unit="MC Kalsel",
    writers=["Fuz", "Jml", "AY", "ARH", "Rns", "Mns"],
    dateline="upper",
    first_number=50800,
)
PER_PAGE = 10  # posts a page: the archive, the feed and the REST API
AUTHOR = "mckalsel"  # the WordPress account every post shows
SEED_TITLE = "Pemprov Kalsel Harap Senkom Mitra Polri Tingkatkan Kapasitas Anggota"


def seed_release() -> SyntheticRelease:
    """The real release in spiders/replica/seeds, verbatim; the headline is ours."""
    text = files("tests.replica").joinpath("seeds/mc-kalsel-2024-07-22.txt").read_text("utf-8")
    paragraphs, byline = split_trailing_byline([p for p in text.splitlines() if p.strip()])
    speaker = "Husnul Hatimah"
    return SyntheticRelease(
        source="mc_kalsel",
        province_code="63",
        number=51642,
        slug=slugify(SEED_TITLE),
        title=SEED_TITLE,
        published_local=datetime(2024, 7, 22, 16, 5, tzinfo=ZONE),
        paragraphs=paragraphs,
        topic="keamanan",
        category="Pemerintahan",
        event_date=date(2024, 7, 22),
        dateline_place=None,
        places=["Kota Banjarbaru"],
        quotes=[
            Quote(speaker, "Staf Ahli Bidang Kemasyarakatan dan SDM", "kata", "direct"),
            Quote(speaker, None, "ujarnya", "direct"),
            Quote(speaker, None, "pesan", "direct"),
        ],
        byline_unit=byline.unit,
        writers=byline.writers,
        byline_inline=True,
    )


def permalink(release: SyntheticRelease) -> str:
    return f"{BASE}/{release.published_local:%Y/%m/%d}/{release.slug}/"


def _content(release: SyntheticRelease) -> str:
    paragraphs = list(release.paragraphs)
    if release.byline_inline:
        paragraphs[-1] = f"{paragraphs[-1]} {release.byline}"
    else:
        paragraphs.append(release.byline)
    moment = release.published_local
    caption = f"{esc(release.title)}, {wp.day(moment)}. {esc(release.byline)}"
    figure = wp.block_image(wp.upload(BASE, moment, f"foto-{release.number}.jpg"), caption)
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    return f"{figure}\n{body}\n{wp.sharedaddy('Bagikan:')}"


def _page(title: str, head: str, main: str, body_class: str) -> Page:
    head = f"{head}\n{wp.rest_link(BASE)}\n{wp.feed_link(BASE, SITE_NAME)}\n{wp.generator('6.5.5')}"
    menu = wp.menu(
        [
            (f"{BASE}/", "Beranda"),
            (wp.category_url(BASE, "Pemerintahan"), "Pemerintahan"),
            (wp.category_url(BASE, "Kesehatan"), "Kesehatan"),
        ]
    )
    body = f"""<header id="masthead" class="site-header"><p class="site-title"><a href="{BASE}/" rel="home">{SITE_NAME}</a></p>
{menu}</header>
<div id="content" class="site-content"><main id="main" class="site-main">
{main}
</main></div>
<footer id="colophon" class="site-footer"><div class="site-info">Dinas Komunikasi dan Informatika Provinsi Kalimantan Selatan</div></footer>"""
    return wp.document(esc(title), head, body_class, body, lang="id-ID")


def article(release: SyntheticRelease, previous: SyntheticRelease | None) -> Page:
    url = permalink(release)
    head = (
        f"{wp.canonical(url, BASE, release.number)}\n"
        f"{wp.open_graph(url, release.title, SITE_NAME, release.published_local)}"
    )
    meta = (
        wp.posted_on(
            url,
            wp.iso(release.published_local),
            wp.day(release.published_local),
            label="Diposting pada ",
        )
        + f'<span class="byline"> oleh {wp.author_vcard(BASE, AUTHOR, AUTHOR)}</span>'
    )
    navigation = (
        f'<nav class="navigation post-navigation">{wp.nav_link("previous", previous, permalink)}'
        "</nav>"
        if previous
        else ""
    )
    main = wp.entry(BASE, release, meta, _content(release), "Kategori:") + f"\n{navigation}"
    return _page(f"{release.title} – {SITE_NAME}", head, main, wp.single_class(release))


def listing(newest_first: list[SyntheticRelease], page: int, pages: int) -> Page:
    entries = "\n".join(
        f'<article id="post-{r.number}" class="post type-post"><h2 class="entry-title">'
        f'<a href="{permalink(r)}" rel="bookmark">{esc(r.title)}</a></h2>'
        f'<time class="entry-date published" datetime="{wp.iso(r.published_local)}"></time></article>'
        for r in newest_first
    )
    pagination = wp.page_numbers(BASE, page, pages, "Berikutnya", "Sebelumnya")
    return _page(SITE_NAME, "", f"{entries}\n{pagination}", "home blog")


def build(releases: list[SyntheticRelease]) -> Site:
    releases = sorted([*releases, seed_release()], key=lambda r: r.published_local)
    newest_first = releases[::-1]
    pages: dict[str, Page] = wp.robots(BASE, f"{BASE}/wp-sitemap.xml")
    for previous, release, _ in wp.neighbours(releases):
        pages[permalink(release)] = article(release, previous)
    pages.update(wp.archive(BASE, newest_first, PER_PAGE, listing))
    pages.update(wp.feed(BASE, SITE_NAME, newest_first, permalink, PER_PAGE, creator=AUTHOR))
    categories = sorted({r.category for r in newest_first})
    taxonomies = [(wp.category_url(BASE, c), None) for c in categories]
    pages.update(
        wp.core_sitemaps(
            BASE,
            wp.post_entries(newest_first, permalink),
            others={"taxonomies-category-1": taxonomies},
        )
    )
    posts = [wp.rest_post(r, BASE, permalink(r), _content(r)) for r in newest_first]
    pages.update(wp.rest_api(BASE, posts, PER_PAGE, query="page={page}", bare=True))
    return Site("mc_kalsel", "Apache", pages, [(permalink(r), r) for r in releases])
