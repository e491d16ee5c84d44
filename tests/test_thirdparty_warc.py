"""Replay crawls from WARC files other tools wrote: GNU Wget's (a committed file made by wget
itself, see tests/fixtures/wget/make.sh) and one shaped like Browsertrix-Crawler's output."""

from __future__ import annotations

import gzip
import json
from io import BytesIO
from pathlib import Path

import brotli
import polars as pl
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from siaran.spiders.archive.reader import StoredResponse, iter_responses, warc_files
from siaran.spiders.extract import extract_source
from siaran.spiders.registry.source import get_source
from tests.support import ROOT, run_crawl, warcio_check

KEY = "mc_kalsel"
NOVEMBER = ("--since", "2024-11-01", "--until", "2024-11-30")


def november(truth: pl.DataFrame) -> pl.DataFrame:
    local = pl.col("published_at").dt.convert_time_zone("Asia/Makassar")
    return truth.filter(local.dt.month() == 11).sort("url")


def assert_replayed(run, archive: Path, out: Path) -> pl.DataFrame:
    """A replay crawl of November from ``archive``; its extraction equals the ground truth."""
    done = run_crawl(KEY, archive, out, *NOVEMBER)
    assert done.returncode == 0, done.stderr[-3000:]
    assert warcio_check(warc_files(out)).returncode == 0
    releases = extract_source(get_source(KEY), out).releases.sort("url")
    expected = november(run.truth)
    assert releases["url"].to_list() == expected["url"].to_list()
    for field in ("title", "published_at", "body", "writers"):
        assert releases[field].to_list() == expected[field].to_list(), field
    return releases


def test_replay_of_a_wget_warc(source_run, tmp_path):
    archive = ROOT / "tests" / "fixtures" / "wget"
    (wget_file,) = warc_files(archive)
    # wget's own WARC/1.0: http:// URLs (fetched through a proxy), wget's log records.
    assert all(r.url.startswith("http://") for r in iter_responses(wget_file))
    releases = assert_replayed(source_run(KEY), archive, tmp_path / "out")
    assert releases["url"].str.starts_with("https://").all()  # the spider's URLs


def browsertrix_style(run, folder: Path) -> Path:
    """WARC/1.1 as Browsertrix-Crawler writes it: payloads stored with their content coding,
    page ids and JSON metadata on records, urn:pageinfo resources, and a revisit record for a
    payload met before (gzip rather than brotli: warcio cannot check brotli payloads)."""
    wanted = set(november(run.truth)["url"])
    stored = [
        r
        for path in warc_files(run.replica / KEY)
        for r in iter_responses(path)
        if r.url in wanted or r.url.endswith(("/robots.txt", ".xml"))
    ]
    revisited = stored[-1].url  # its payload was first captured under another URL
    folder.mkdir()
    path = folder / "rec-20241215020000-crawler-0.warc.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="WARC/1.1")
        info = {
            "software": "Browsertrix-Crawler 1.2.0 (with warcio.js 2.2.1)",
            "format": "WARC File Format 1.1",
        }
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        for number, page in enumerate(stored):
            headers = [(k, v) for k, v in page.headers if k.lower() != "content-length"]
            extra = {
                "WARC-Page-ID": f"page-{number}",
                "WARC-JSON-Metadata": json.dumps({"ipType": "public"}),
            }
            body = page.body
            if page.mime == "text/html":
                body = gzip.compress(page.body, mtime=0)
                headers.append(("Content-Encoding", "gzip"))
            http = StatusAndHeaders(f"{page.status} OK", headers, protocol="HTTP/1.1")
            url = f"{page.url}?amp=1" if page.url == revisited else page.url
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=http, warc_headers_dict=extra
            )
            writer.write_record(record)
            if page.url == revisited:
                digest = record.rec_headers.get_header("WARC-Payload-Digest")
                writer.write_record(
                    writer.create_revisit_record(
                        page.url,
                        digest,
                        url,
                        record.rec_headers.get_header("WARC-Date"),
                        http_headers=http,
                    )
                )
            pageinfo = json.dumps({"url": page.url, "ts": "2024-12-15T02:00:00Z"}).encode()
            writer.write_record(
                writer.create_warc_record(
                    f"urn:pageinfo:{page.url}",
                    "resource",
                    payload=BytesIO(pageinfo),
                    warc_content_type="application/json",
                )
            )
    return path


def test_replay_of_a_browsertrix_style_warc(source_run, tmp_path):
    run = source_run(KEY)
    path = browsertrix_style(run, tmp_path / "browsertrix")
    assert warcio_check([path]).returncode == 0
    assert_replayed(run, path.parent, tmp_path / "out")


def test_stored_payloads_keep_their_content_coding():
    html = "<p>Pemprov Kalsel – siaran pers</p>".encode()
    for coding, encoded in (
        ("gzip", gzip.compress(html)),
        ("br", brotli.compress(html)),
        ("identity", html),
    ):
        stored = StoredResponse(
            "https://example.go.id/",
            200,
            [("Content-Encoding", coding)],
            encoded,
            None,
            Path("x.warc.gz"),
            0,
        )
        assert stored.body == encoded and stored.content == html
