"""Replica of the Kalimantan Barat article API ``awdiv2.kalbarprov.go.id``.

Documented (public Flutter clients of the API): ``GET /api/all_kalbar_article`` answers
``{"data": [{title, author, date, content, thumbnail}]}`` and the clients read
``jsonBody['data']``; a ``?search=`` parameter exists (not needed for the crawl, not served).
The whole archive is in that one response, so it is the only discovery document.

Assumptions (undocumented): ``date`` is local time written ``2024-07-22 10:15:00`` (no zone);
``content`` is HTML paragraphs (``<p style="text-align: justify;">``, a leading ``<img>`` on some
records, ``&nbsp;`` between words) ending with an ``MC Kalbar/<initials>`` byline, inline or
as its own paragraph; ``author`` is the uploading account, not the writer; ``thumbnail`` is a
``/storage/`` URL; records are newest first; robots.txt is Laravel's default (allow all).
"""

from __future__ import annotations

import json

from siaran.spiders.release import slugify
from tests.replica.site import Page, Site, esc, json_page
from tests.replica.synthetic import Profile, SyntheticRelease

BASE = "https://awdiv2.kalbarprov.go.id"
API = f"{BASE}/api/all_kalbar_article"
PROFILE = Profile(
    key="kalbarprov",
    province_code="61",
    unit="MC Kalbar",
    writers=["Rfa", "Dnu", "Ard", "Sri", "Yus", "Lia"],
    dateline="upper",
    event_year=False,
    first_number=8800,
)
ACCOUNTS = ["adminkominfo", "humasprov", "adpim"]
ROBOTS = "User-agent: *\nDisallow:\n"


def date_label(release: SyntheticRelease) -> str:
    return f"{release.published_local:%Y-%m-%d %H:%M:%S}"


def record_url(release: SyntheticRelease) -> str:
    """What extraction names a record: the API URL with a fragment from title and date."""
    return f"{API}#{slugify(release.title)}-{slugify(date_label(release))}"


def content(release: SyntheticRelease) -> str:
    paragraphs = [esc(p) for p in release.paragraphs]
    if release.byline_inline:
        paragraphs[-1] = f"{paragraphs[-1]} {esc(release.byline)}"
    else:
        paragraphs.append(esc(release.byline))
    # The CMS editor leaves non-breaking spaces in some records.
    if release.number % 3 == 0:
        paragraphs[1] = paragraphs[1].replace(", ", ",&nbsp;", 1)
    html = "".join(f'<p style="text-align: justify;">{p}</p>' for p in paragraphs)
    if release.number % 2 == 0:
        image = f"{BASE}/storage/article/content/{release.number}-1.jpg"
        html = f'<p><img src="{image}" alt="" width="100%"></p>' + html
    return html


def record(release: SyntheticRelease) -> dict:
    return {
        "title": release.title,
        "author": ACCOUNTS[release.number % len(ACCOUNTS)],
        "date": date_label(release),
        "content": content(release),
        "thumbnail": f"{BASE}/storage/article/thumbnail/{release.number}.jpg",
    }


def build(releases: list[SyntheticRelease]) -> Site:
    newest_first = releases[::-1]
    located = [(record_url(r), r) for r in releases]
    if len({url for url, _ in located}) != len(located):
        raise ValueError("two kalbarprov records share a title and a date: their names collide")
    payload = json.dumps({"data": [record(r) for r in newest_first]}, ensure_ascii=False)
    pages = {
        API: json_page(
            payload, [("Cache-Control", "no-cache, private"), ("Access-Control-Allow-Origin", "*")]
        ),
        f"{BASE}/robots.txt": Page(ROBOTS.encode(), "text/plain; charset=UTF-8"),
    }
    return Site("kalbarprov", "nginx", pages, located)
