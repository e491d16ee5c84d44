"""An archived history of three replica sources, as web archives hold it: captures of their
older sites from 2018 and 2019, for ``siaran backfill`` to recover (served by
``tests/replica/archives.py``).

- ``mediacenter_riau``, an older URL scheme: ``/read/<id>/<slug>.html`` articles (documented in
  the sources dossier for the older site, as is its ``.post`` body), in an older theme whose
  headline and date line the current page object's selectors miss;
- ``mc_kalsel``, a domain move: the same WordPress theme under ``kalselprov.go.id/berita/``
  (an assumption, from the feed the dossier says is claimed there);
- ``sumbarprov``, an older layout (a different CMS theme) under the current URL scheme, which
  the per-field fallbacks must read.

Besides the releases, each source's history holds what archives hold too: the home page,
captures of a release page repeated with the same payload (collapsed by digest) or with a
changed one (the view counter: two captures, the newest wins), a soft 404 (a 200 answer with a
"page not found" page) and a redirect page under release URLs, a 301 answer, and a release
captured before the window. Common Crawl holds a subset of the captures (``in_commoncrawl``),
Wayback all of them. Everything is invented and deterministic.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache

import polars as pl

from siaran.spiders.registry.gazetteer import province_timezone
from tests.replica.site import SYNTHETIC_NOTICE, esc, long_date
from tests.replica.sites import mc_kalsel, mediacenter_riau, sumbarprov
from tests.replica.synthetic import Profile, Signals, SyntheticRelease, make_release, unique_slugs

# The backfill window the tests use; one release per source is captured before it.
WINDOW = (date(2018, 1, 1), date(2019, 12, 31))
PER_SOURCE = 8
SOURCES = ("mediacenter_riau", "mc_kalsel", "sumbarprov")
KALSEL_OLD = "https://kalselprov.go.id/berita"


@dataclass
class Capture:
    url: str
    timestamp: datetime  # UTC, to the second as the archives keep it
    body: bytes
    status: int = 200
    mime: str = "text/html"
    headers: list[tuple[str, str]] = field(default_factory=list)
    in_commoncrawl: bool = True

    @property
    def stamp(self) -> str:
        return self.timestamp.strftime("%Y%m%d%H%M%S")

    @property
    def digest(self) -> str:
        """Base-32 SHA-1 of the payload, as both archives write it."""
        return base64.b32encode(hashlib.sha1(self.body).digest()).decode()

    def http_headers(self) -> list[tuple[str, str]]:
        kind = f"{self.mime}; charset=UTF-8" if self.mime.startswith("text/") else self.mime
        return [("Content-Type", kind), *self.headers]


@dataclass
class History:
    captures: list[Capture]
    # (source, url, release, capture times) of every archived release
    releases: list[tuple[str, str, SyntheticRelease, list[datetime]]]


def archived_releases(profile: Profile, count: int) -> list[SyntheticRelease]:
    """``count`` releases of 2017 to 2019 in the profile's house style, oldest first."""
    rng = random.Random(f"siaran-replica:history:{profile.key}")
    start, span = date(2017, 9, 1), (date(2019, 10, 31) - date(2017, 9, 1)).days
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))
    days[1:] = [max(day, WINDOW[0] + timedelta(days=20)) for day in days[1:]]
    days[0] = date(2017, 10, 2)  # captured before the window
    number, releases = profile.first_number // 2, []
    for day in days:
        number += rng.randint(3, 9)
        releases.append(make_release(profile, rng, Signals(), number, day))
    unique_slugs(releases)
    return releases


def _old_chrome(title: str, site: str, main: str, head: str = "") -> bytes:
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<!-- {SYNTHETIC_NOTICE} -->
<title>{esc(title)}</title>
{head}
</head>
<body>
<div id="wrapper"><div id="header"><a href="/"><img src="/images/banner.jpg" alt="{esc(site)}"></a></div>
<div id="menu"><a href="/">Home</a> | <a href="/indexberita">Index Berita</a></div>
<div id="content">{main}</div>
<div id="footer">&copy; {esc(site)}</div></div>
</body>
</html>
""".encode()


def riau_url(release: SyntheticRelease) -> str:
    """The older site answered over plain HTTP, as the archives captured it."""
    host = mediacenter_riau.BASE.removeprefix("https://")
    return f"http://{host}/read/{release.number}/{release.slug}.html"


def riau_page(release: SyntheticRelease, views: int) -> bytes:
    """The older Media Center Riau: headline in ``.titletengah``, the same ``.post`` body."""
    paragraphs = [esc(p) for p in release.paragraphs]
    if release.byline_inline:
        paragraphs[-1] = f"{paragraphs[-1]} {esc(release.byline)}"
    else:
        paragraphs.append(f"({esc(release.byline)})")
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    main = f"""<div class="titletengah"><h2>{esc(release.title)}</h2></div>
<div class="tanggal">{long_date(release.published_local, zone_label="WIB")} | Dibaca {views} kali</div>
<div class="post">
{body}
</div>"""
    return _old_chrome(f"{release.title} - Media Center Riau", "Media Center Riau", main)


def kalsel_url(release: SyntheticRelease) -> str:
    return mc_kalsel.permalink(release).replace(mc_kalsel.BASE, KALSEL_OLD)


def kalsel_page(release: SyntheticRelease, views: int) -> bytes:
    """The WordPress site before it moved: the current theme under the province's domain."""
    page = mc_kalsel.article(release, None).body.decode()
    page = page.replace(mc_kalsel.BASE, KALSEL_OLD)
    return page.replace("</footer>", f"<!-- {views} -->\n</footer>").encode()


def sumbar_url(release: SyntheticRelease) -> str:
    return sumbarprov.article_url(release)


def sumbar_page(release: SyntheticRelease, views: int) -> bytes:
    """The site before its Bootstrap 4 theme: no card, no badges; a dated meta line."""
    body = "\n".join(f"<p>{esc(p)}</p>" for p in release.paragraphs)
    moment = release.published_local
    main = f"""<div class="berita-detail">
<h1 class="judul">{esc(release.title)}</h1>
<div class="meta-berita">Diposting oleh {esc(sumbarprov.author(release))} pada
<span class="tgl">{long_date(moment, zone_label="WIB")}</span> &middot; {views} kali dibaca</div>
<div class="isi-berita">
<img src="/assets/berita/{release.number}.jpg" alt="">
{body}
</div>
<div class="kategori">Kategori: <a href="/home/kategori/{release.category.lower()}">{esc(release.category)}</a></div>
</div>"""
    return _old_chrome(f"{release.title} | Pemerintah Provinsi Sumatera Barat", "Sumbarprov", main)


SITES = {
    "mediacenter_riau": (mediacenter_riau.PROFILE, riau_url, riau_page, mediacenter_riau.BASE),
    "mc_kalsel": (mc_kalsel.PROFILE, kalsel_url, kalsel_page, KALSEL_OLD),
    "sumbarprov": (sumbarprov.PROFILE, sumbar_url, sumbar_page, sumbarprov.BASE),
}


def not_found_page(site: str) -> bytes:
    main = "<h1>Halaman tidak ditemukan</h1><p>Maaf, halaman yang Anda cari tidak ditemukan.</p>"
    return _old_chrome("404 Not Found", site, main)


def redirect_page(target: str) -> bytes:
    return f"""<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0; url={target}">
<title>Redirecting...</title></head><body><p>Redirecting to <a href="{target}">{target}</a></p>
</body></html>""".encode()


def captured(release: SyntheticRelease, hours: int) -> datetime:
    return (release.published_local + timedelta(hours=hours)).astimezone(UTC)


def source_history(key: str) -> History:
    profile, url_of, page_of, base = SITES[key]
    releases = archived_releases(profile, PER_SOURCE)
    captures, planted = [], []
    for n, release in enumerate(releases):
        url, first = url_of(release), captured(release, 5 + n)
        times = [first]
        captures.append(Capture(url, first, page_of(release, 100 + n), in_commoncrawl=n % 3 != 1))
        if n % 4 == 2:  # captured again, the same payload: collapsed by digest
            captures.append(Capture(url, first + timedelta(days=3), page_of(release, 100 + n)))
        if n % 4 == 3:  # captured again with the view counter changed: two captures
            times.append(first + timedelta(days=40))
            captures.append(Capture(url, times[-1], page_of(release, 500 + n)))
        planted.append((key, url, release, times))
    last = releases[-1]
    home = f"{base}/"
    stamp = datetime(2018, 6, 1, 3, 0, tzinfo=UTC)
    captures += [
        Capture(home, stamp, _old_chrome(key, key, "<p>Beranda</p>")),
        # Under a release URL, but no release: a soft 404, a redirect page, a 301.
        Capture(url_of(_renamed(last, "halaman-yang-dihapus")), stamp, not_found_page(key)),
        Capture(url_of(_renamed(last, "pindah-alamat")), stamp, redirect_page(home)),
        Capture(
            url_of(_renamed(last, "dialihkan")),
            stamp,
            b"",
            status=301,
            headers=[("Location", home)],
        ),
    ]
    return History(captures, planted)


def _renamed(release: SyntheticRelease, slug: str) -> SyntheticRelease:
    return replace(release, slug=slug, number=release.number + 1)


@cache
def history() -> History:
    parts = [source_history(key) for key in SOURCES]
    captures = sorted(
        (c for part in parts for c in part.captures), key=lambda c: (c.url, c.timestamp)
    )
    return History(captures, [r for part in parts for r in part.releases])


def ground_truth() -> pl.DataFrame:
    """Every archived release: its fields as the replica's ground truth has them, the times
    it was captured, and whether Common Crawl holds it."""
    held = {c.url for c in history().captures if c.in_commoncrawl and c.status == 200}
    rows = [
        {
            "source": key,
            "url": url,
            "timezone": province_timezone(release.province_code),
            "title": release.title,
            "published_at": release.published_local,
            "body": release.body,
            "captured_at": times,
            "in_commoncrawl": url in held,
        }
        for key, url, release, times in history().releases
    ]
    schema = {
        "source": pl.String,
        "url": pl.String,
        "timezone": pl.String,
        "title": pl.String,
        "published_at": pl.Datetime("us", "UTC"),
        "body": pl.String,
        "captured_at": pl.List(pl.Datetime("us", "UTC")),
        "in_commoncrawl": pl.Boolean,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")
