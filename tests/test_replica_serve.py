"""Each fault of ``python -m tests.replica serve``, checked over real HTTP on 127.0.0.1."""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree
from protego import Protego

from siaran.spiders.archive.reader import iter_responses, warc_files
from tests.replica.serve import Faults, ReplicaServer, transformed

KEY = "mc_kalsel"
SITEMAP, FEED, API_PAGE = "/wp-sitemap-posts-post-1.xml", "/feed/", "/wp-json/wp/v2/posts?page=2"


@dataclass
class Site:
    folder: Path
    host: str
    bodies: dict[str, bytes]  # by request target
    release: str  # a release page with text outside ASCII (curly quotes, dashes)


@pytest.fixture(scope="module")
def site(source_run) -> Site:
    folder = source_run(KEY).replica / KEY
    stored = [response for path in warc_files(folder) for response in iter_responses(path)]
    parts = [urlsplit(response.url) for response in stored]
    bodies = {
        part.path + (f"?{part.query}" if part.query else ""): response.body
        for part, response in zip(parts, stored, strict=True)
    }
    release = next(
        target
        for target, body in sorted(bodies.items())
        if target.startswith("/2024/") and "“".encode() in body
    )
    return Site(folder, parts[0].hostname, bodies, release)


@contextmanager
def serving(site: Site, faults: Faults) -> Iterator[ReplicaServer]:
    server = ReplicaServer(site.folder, faults).start()
    try:
        yield server
    finally:
        server.stop()


def fetch(
    server: ReplicaServer, site: Site, target: str, timeout: float = 5.0
) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        connection.request("GET", target, headers={"Host": site.host})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_slow_answers_outlast_a_client_timeout(site, capsys):
    with serving(site, Faults(slow=(site.release,), slow_seconds=0.5)) as server:
        start = time.monotonic()
        response, body = fetch(server, site, site.release)
        assert time.monotonic() - start >= 0.5
        assert response.status == 200 and body == site.bodies[site.release]
        assert server.log[-1].fault == "slow"
        with pytest.raises(TimeoutError):
            fetch(server, site, site.release, timeout=0.2)
        time.sleep(0.6)  # the server answers the client that has gone away
        start = time.monotonic()
        assert fetch(server, site, SITEMAP)[0].status == 200
        assert time.monotonic() - start < 0.5  # other targets are not slowed
    assert "Traceback" not in capsys.readouterr().err


def test_truncated_answers_promise_more_than_they_send(site):
    with serving(site, Faults(truncate_share=1.0)) as server:
        with pytest.raises(http.client.IncompleteRead) as caught:
            fetch(server, site, site.release)
        full = site.bodies[site.release]
        assert caught.value.partial == full[: len(full) // 2]
        assert len(caught.value.partial) + caught.value.expected == len(full)  # Content-Length
        assert server.log[-1].fault == "truncate"
        assert fetch(server, site, "/robots.txt")[1] == site.bodies["/robots.txt"]


def test_truncated_pages_are_a_fixed_share_apart_from_the_failing_ones(site):
    faults = Faults(truncate_share=0.5)
    urls = [f"{site.host}{target}" for target in site.bodies if target != "/robots.txt"]
    truncated = {url for url in urls if faults.truncates(url)}
    assert 0.3 < len(truncated) / len(urls) < 0.7
    assert truncated != {url for url in urls if Faults(error_share=0.5).fails(url)}
    with serving(site, faults) as server:
        for target in site.bodies:
            if f"{site.host}{target}" in truncated:
                with pytest.raises(http.client.IncompleteRead):
                    fetch(server, site, target)
            else:
                assert fetch(server, site, target)[1] == site.bodies[target]


def test_cp1252_bytes_under_a_utf8_header(site):
    with serving(site, Faults(cp1252_as_utf8=(site.release,))) as server:
        response, body = fetch(server, site, site.release)
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert body.decode("cp1252") == site.bodies[site.release].decode("utf-8")
    assert b'<meta charset="UTF-8">' in body
    assert server.log[-1].fault == "cp1252_as_utf8"


def test_utf8_bytes_under_a_cp1252_header_and_meta(site):
    with serving(site, Faults(utf8_as_cp1252=(site.release,))) as server:
        response, body = fetch(server, site, site.release)
    assert response.getheader("Content-Type") == "text/html; charset=windows-1252"
    meta = b'<meta charset="windows-1252">'
    assert meta in body
    assert body.replace(meta, b'<meta charset="UTF-8">') == site.bodies[site.release]
    assert server.log[-1].fault == "utf8_as_cp1252"


def test_utf8_as_cp1252_rewrites_the_http_equiv_meta():
    page = b'<head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head>'
    headers, body = transformed("utf8_as_cp1252", [], page, Faults())
    assert body == page.replace(b"UTF-8", b"windows-1252")
    assert headers == [("Content-Type", "text/html; charset=windows-1252")]


def test_redirect_loop_bounces_between_two_targets(site):
    with serving(site, Faults(redirect_loop=(site.release, API_PAGE))) as server:
        for target, looped in [
            (site.release, f"{site.release}?loop=1"),
            (API_PAGE, f"{API_PAGE}&loop=1"),
        ]:
            for asked, location in [(target, looped), (looped, target)]:
                response, body = fetch(server, site, asked)
                assert (response.status, response.getheader("Location")) == (302, location)
                assert body and int(response.getheader("Content-Length")) == len(body)
        assert {served.fault for served in server.log} == {"redirect_loop"}


def test_oversize_pages_are_padded_before_the_body_end(site):
    assert Faults().oversize_bytes == 32 * 2**20
    with serving(site, Faults(oversize=(site.release,), oversize_bytes=2**20)) as server:
        response, body = fetch(server, site, site.release)
    assert int(response.getheader("Content-Length")) == len(body) >= 2**20
    original = site.bodies[site.release]
    end = original.rfind(b"</body>")
    assert body.startswith(original[:end]) and body.endswith(original[end:])
    assert server.log[-1].fault == "oversize"


def test_malformed_xml_is_cut_in_half(site):
    etree.fromstring(site.bodies[SITEMAP])
    with serving(site, Faults(malformed=(SITEMAP,))) as server:
        body = fetch(server, site, SITEMAP)[1]
    assert body == site.bodies[SITEMAP][: len(site.bodies[SITEMAP]) // 2]
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(body)
    assert server.log[-1].fault == "malformed"


@pytest.mark.parametrize(
    ("target", "entry"), [(SITEMAP, "{*}url/{*}loc"), (FEED, "channel/item/link")]
)
def test_entity_bomb_declares_laughs_that_a_safe_parser_leaves_unexpanded(site, target, entry):
    with serving(site, Faults(entity_bomb=(target,))) as server:
        body = fetch(server, site, target)[1]
    assert server.log[-1].fault == "entity_bomb"
    safe = {"resolve_entities": False, "no_network": True}
    start = time.monotonic()
    # libxml2 refuses the reference outright (its entity amplification limit) ...
    with pytest.raises(etree.XMLSyntaxError, match="amplification"):
        etree.fromstring(body, etree.XMLParser(**safe))
    # ... and a recovering parser, as Scrapy's sitemap reader is, drops it unexpanded.
    root = etree.fromstring(body, etree.XMLParser(recover=True, **safe))
    assert time.monotonic() - start < 1
    assert len(etree.tostring(root)) < 2 * len(body)
    dtd = root.getroottree().docinfo.internalDTD
    laughs = {"lol", *(f"lol{n}" for n in range(1, 10))}
    assert {entity.name for entity in dtd.iterentities()} == laughs
    bomb = root.findall("{*}url/{*}loc")[-1]
    assert bomb.text is None and len(bomb) == 0
    original = [node.text for node in etree.fromstring(site.bodies[target]).findall(entry)]
    assert original and [node.text for node in root.findall(entry)][: len(original)] == original
    # The laughs are real: from lol2 instead of lol9, a resolving parser makes 100 "lol"s.
    mild = etree.fromstring(body.replace(b"&lol9;</loc>", b"&lol2;</loc>"))
    assert mild.findall("{*}url/{*}loc")[-1].text == "lol" * 100


def test_crawl_delay_joins_the_robots_group(site):
    with serving(site, Faults(crawl_delay=0.5, disallow=("/private/",))) as server:
        text = fetch(server, site, "/robots.txt")[1].decode()
        assert "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.5\n" in text
        robots = Protego.parse(text)
        assert robots.crawl_delay("siaran") == 0.5
        assert not robots.can_fetch(f"https://{site.host}/private/a", "siaran")
        # A robots.txt without a group for every agent gets one.
        added = server.robots(b"User-agent: Googlebot\nDisallow: /\n").decode()
        assert Protego.parse(added).crawl_delay("siaran") == 0.5
        assert Protego.parse(added).crawl_delay("Googlebot") is None


def test_faults_apply_in_order(site):
    faults = Faults(error_share=1.0, oversize=(site.release,), redirect_loop=(SITEMAP,))
    with serving(site, faults) as server:
        assert fetch(server, site, "/robots.txt")[0].status == 200
        assert fetch(server, site, site.release)[0].status == 500
        assert fetch(server, site, SITEMAP)[0].status == 500
    assert [served.fault for served in server.log] == ["", "500", "500"]


def test_parse_reads_every_fault_and_rejects_unknown_names_and_bad_values():
    spec = (
        "500=0.1,429=5,retry_after=2,503=/berita,disallow=/a;/b,slow=/s;/t?x=1,"
        "slow_seconds=0.5,truncate=0.2,cp1252_as_utf8=/c,utf8_as_cp1252=/d;/e,"
        "redirect_loop=/f?p=2,oversize=/g,oversize_bytes=1000,malformed=/m.xml,"
        "entity_bomb=/feed/,crawl_delay=1.5"
    )
    assert Faults.parse(spec) == Faults(
        error_share=0.1,
        throttle_every=5,
        retry_after=2,
        unavailable_once="/berita",
        disallow=("/a", "/b"),
        slow=("/s", "/t?x=1"),
        slow_seconds=0.5,
        truncate_share=0.2,
        cp1252_as_utf8=("/c",),
        utf8_as_cp1252=("/d", "/e"),
        redirect_loop=("/f?p=2",),
        oversize=("/g",),
        oversize_bytes=1000,
        malformed=("/m.xml",),
        entity_bomb=("/feed/",),
        crawl_delay=1.5,
    )
    assert Faults.parse("") == Faults()
    with pytest.raises(ValueError, match=r"unknown fault 'nope'.*known: 500, 429, 503, truncate"):
        Faults.parse("slow=/a,nope=1")
    for bad, kind in [
        ("500=abc", "float"),
        ("oversize_bytes=1.5", "int"),
        ("crawl_delay=soon", "float"),
    ]:
        with pytest.raises(ValueError, match=f"needs {kind}, not"):
            Faults.parse(bad)
