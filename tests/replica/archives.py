"""Local stand-ins for the web archives, serving the replica's archived history
(``tests/replica/history.py``) in the two services' documented request and response formats,
by ``Host`` header, so one port serves all three hosts through ``--host-map``:

- ``web.archive.org``: the Wayback CDX server API, ``/cdx/search/cdx?url=...&output=json``
  with ``matchType`` (exact, prefix, host, domain; a trailing ``*`` means prefix), ``filter``
  (``[!]field:regex``), ``collapse`` (``field`` or ``field:N``, adjacent rows), ``from``/``to``
  (timestamps of up to 14 digits), ``limit``, ``showResumeKey``/``resumeKey`` (after the rows
  an empty row, then the key ``urlkey timestamp!``, URL-encoded); a header row of ``urlkey,
  timestamp, original, mimetype, statuscode, digest, length``; and the raw captures at
  ``/web/<timestamp>id_/<original URL>`` (the original headers as ``X-Archive-Orig-*``);
- ``index.commoncrawl.org``: ``/collinfo.json`` and a pywb CDX index per crawl,
  ``/CC-MAIN-YYYY-WW-index?url=...&output=json`` (JSON lines of ``urlkey, timestamp, url, mime,
  status, digest, length, offset, filename``; ``matchType``, ``filter`` with ``=``/``~``/``!``,
  ``from``/``to``, ``page`` and ``showNumPages``; 404 when nothing matches);
- ``data.commoncrawl.org``: the crawls' WARC files (gzip per record), answering HTTP Range
  requests with 206.

Faults: every Nth request to a host answers 429 with Retry-After; the Common Crawl range of
the captures of chosen URLs is cut short. ``log`` records every answer with its time.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import ThreadingHTTPServer
from io import BytesIO
from urllib.parse import parse_qs, quote_plus, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.replica.history import Capture, History, history
from tests.replica.serve import Answer, LocalServer, Served

WAYBACK, CC_INDEX, CC_DATA = "web.archive.org", "index.commoncrawl.org", "data.commoncrawl.org"
WAYBACK_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
CC_PAGE_SIZE = 5  # rows a page of a Common Crawl index query (small, so paging is exercised)
CAPTURE_PATH = re.compile(r"^/web/(\d{14})id_/(.+)$")


@dataclass(frozen=True)
class ArchiveFaults:
    throttle_every: int = 0  # every Nth request to a host answers 429
    retry_after: int = 1  # seconds
    truncate: tuple[str, ...] = ()  # original URLs whose Common Crawl range comes cut short


def surt(url: str) -> str:
    """The sort-friendly URL key both indexes use: 'id,go,riau,mediacenter)/read/1/x.html'."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = (parts.hostname or "").removeprefix("www.")
    key = ",".join(reversed(host.split("."))) + ")" + (parts.path or "/")
    return (key + (f"?{parts.query}" if parts.query else "")).lower()


def pad(stamp: str, upper: bool) -> str:
    return stamp + ("99991231235959"[len(stamp) :] if upper else "00000101000000"[len(stamp) :])


def crawl_of(capture: Capture) -> str:
    """The Common Crawl crawl holding a capture: three a year in the replica."""
    stamp = capture.timestamp
    week = "09" if stamp.month <= 4 else "22" if stamp.month <= 8 else "39"
    return f"CC-MAIN-{stamp.year}-{week}"


@dataclass
class Row:
    capture: Capture
    urlkey: str
    filename: str = ""
    offset: int = 0
    length: int = 0

    def field(self, name: str) -> str:
        c = self.capture
        values = {
            "urlkey": self.urlkey,
            "timestamp": c.stamp,
            "original": c.url,
            "url": c.url,
            "mimetype": c.mime,
            "mime": c.mime,
            "statuscode": str(c.status),
            "status": str(c.status),
            "digest": c.digest,
            "length": str(self.length or len(c.body)),
            "offset": str(self.offset),
            "filename": self.filename,
        }
        return values[name]


def matching(rows: list[Row], query: dict[str, list[str]]) -> list[Row]:
    """Rows of the query's URL scope, time range and filters (both indexes' shared part)."""
    url = query.get("url", [""])[0]
    kind = query.get("matchType", ["exact"])[0]
    if url.endswith("*"):
        url, kind = url.rstrip("*"), "prefix"
    key = surt(url)
    host = key.split(")")[0]
    scope = {
        "exact": lambda k: k == key,
        "prefix": lambda k: k.startswith(key),
        "host": lambda k: k.startswith(f"{host})"),
        "domain": lambda k: k.startswith((f"{host})", f"{host},")),
    }[kind]
    low = pad(query.get("from", [""])[0], upper=False)
    high = pad(query.get("to", [""])[0], upper=True)
    found = [r for r in rows if scope(r.urlkey) and low <= r.capture.stamp <= high]
    for spec in query.get("filter", []):
        invert = spec.startswith("!")
        spec = spec.lstrip("!")
        mode = spec[0] if spec[:1] in "=~" else ""
        name, _, value = spec.lstrip("=~").partition(":")

        def test(text: str, mode: str = mode, value: str = value) -> bool:
            if mode == "=":
                return text == value
            if mode == "~":
                return value in text
            return re.fullmatch(value, text) is not None

        found = [r for r in found if test(r.field(name)) != invert]
    return found


class ArchiveServer(LocalServer):
    def __init__(self, held: History | None = None, faults: ArchiveFaults | None = None):
        self.history = held or history()
        self.faults = faults or ArchiveFaults()
        self.log: list[Served] = []
        self.lock = threading.Lock()
        self.requests: dict[str, int] = {}
        captures = sorted(self.history.captures, key=lambda c: (surt(c.url), c.stamp))
        self.wayback = [Row(c, surt(c.url)) for c in captures]
        self.by_capture = {(c.stamp, c.url): c for c in captures}
        self.files: dict[str, bytes] = {}
        self.crawls: dict[str, list[Row]] = {}
        self._write_crawls([c for c in captures if c.in_commoncrawl])
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.port = self.httpd.server_address[1]

    def _write_crawls(self, captures: list[Capture]) -> None:
        """Each crawl's captures as one WARC file, a gzip member per record."""
        for crawl in sorted({crawl_of(c) for c in captures}):
            name = f"crawl-data/{crawl}/segments/1500000000000.00/warc/{crawl}-00000.warc.gz"
            stream, rows = BytesIO(), []
            writer = WARCWriter(stream, gzip=True)
            for capture in [c for c in captures if crawl_of(c) == crawl]:
                http = StatusAndHeaders(
                    f"{capture.status} {'OK' if capture.status == 200 else 'Moved'}",
                    [*capture.http_headers(), ("Content-Length", str(len(capture.body)))],
                    protocol="HTTP/1.1",
                )
                record = writer.create_warc_record(
                    capture.url,
                    "response",
                    payload=BytesIO(capture.body),
                    http_headers=http,
                    warc_headers_dict={
                        "WARC-Date": capture.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
                    },
                )
                offset = stream.tell()
                writer.write_record(record)
                rows.append(Row(capture, surt(capture.url), name, offset, stream.tell() - offset))
            self.files[name] = stream.getvalue()
            self.crawls[crawl] = rows

    # --- answers: (status, headers, body) ---------------------------------------------------

    def answer(self, host: str, target: str, headers: dict[str, str]) -> Answer:
        parts = urlsplit(target)
        query = parse_qs(parts.query, keep_blank_values=True)
        with self.lock:
            self.requests[host] = self.requests.get(host, 0) + 1
            every = self.faults.throttle_every
            if every and self.requests[host] % every == 0:
                retry = [("Retry-After", str(self.faults.retry_after))]
                return Answer(429, retry, b"Too Many Requests", "429")
        if host == WAYBACK and parts.path == "/cdx/search/cdx":
            return self.cdx(query)
        if host == WAYBACK and (found := CAPTURE_PATH.match(target)):
            return self.capture(*found.groups())
        if host == CC_INDEX and parts.path == "/collinfo.json":
            return self.collinfo()
        if host == CC_INDEX and parts.path.endswith("-index"):
            return self.cc_index(parts.path[1:].removesuffix("-index"), query)
        if host == CC_DATA and parts.path[1:] in self.files:
            return self.range(parts.path[1:], headers.get("range", ""))
        return Answer(404, [], b"not found")

    def cdx(self, query: dict[str, list[str]]) -> Answer:
        rows = matching(self.wayback, query)
        for spec in query.get("collapse", []):
            name, _, size = spec.partition(":")
            kept, last = [], None
            for row in rows:
                value = row.field(name)[: int(size)] if size else row.field(name)
                if value != last:
                    kept.append(row)
                last = value
            rows = kept
        if resume := query.get("resumeKey", [""])[0]:
            after = tuple(resume.rstrip("!").split(" "))
            rows = [r for r in rows if (r.urlkey, r.capture.stamp) > after]
        limit = int(query.get("limit", ["0"])[0] or 0)
        more = bool(limit) and len(rows) > limit
        rows = rows[:limit] if limit else rows
        table = [list(WAYBACK_FIELDS), *([r.field(f) for f in WAYBACK_FIELDS] for r in rows)]
        if more and query.get("showResumeKey", [""])[0] == "true":
            last = rows[-1]
            table += [[], [quote_plus(f"{last.urlkey} {last.capture.stamp}!")]]
        if query.get("output", [""])[0] != "json":
            text = "\n".join(" ".join(row) for row in table[1:]) + "\n"
            return Answer(200, [("Content-Type", "text/plain")], text.encode())
        body = json.dumps(table if rows else []).encode()
        return Answer(200, [("Content-Type", "application/json")], body)

    def capture(self, stamp: str, url: str) -> Answer:
        capture = self.by_capture.get((stamp, url))
        if capture is None:
            return Answer(404, [], b"Wayback Machine has not archived that URL.")
        moment = datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        headers = [
            ("Content-Type", capture.http_headers()[0][1]),
            ("Memento-Datetime", moment.strftime("%a, %d %b %Y %H:%M:%S GMT")),
            *((f"X-Archive-Orig-{k}", v) for k, v in capture.http_headers()),
        ]
        return Answer(capture.status, headers, capture.body)

    def collinfo(self) -> Answer:
        base = f"https://{CC_INDEX}"
        crawls = [
            {
                "id": crawl,
                "name": f"{crawl} Index",
                "timegate": f"{base}/{crawl}/",
                "cdx-api": f"{base}/{crawl}-index",
            }
            for crawl in sorted(self.crawls, reverse=True)  # newest first, as published
        ]
        return Answer(200, [("Content-Type", "application/json")], json.dumps(crawls).encode())

    def cc_index(self, crawl: str, query: dict[str, list[str]]) -> Answer:
        if crawl not in self.crawls:
            return Answer(404, [], b"no such collection")
        rows = matching(self.crawls[crawl], query)
        pages = max(1, -(-len(rows) // CC_PAGE_SIZE))
        kind = [("Content-Type", "text/x-ndjson")]
        if query.get("showNumPages", [""])[0] == "true":
            counted = {"pages": pages, "pageSize": CC_PAGE_SIZE, "blocks": pages}
            return Answer(200, kind, json.dumps(counted).encode())
        page = int(query.get("page", ["0"])[0] or 0)
        rows = rows[page * CC_PAGE_SIZE : (page + 1) * CC_PAGE_SIZE]
        if not rows:
            return Answer(404, kind, json.dumps({"message": "No Captures found"}).encode())
        fields = ("urlkey", "timestamp", "url", "mime", "status", "digest", "length", "offset")
        lines = [
            json.dumps({**{f: r.field(f) for f in fields}, "filename": r.filename}) for r in rows
        ]
        return Answer(200, kind, ("\n".join(lines) + "\n").encode())

    def range(self, name: str, spec: str) -> Answer:
        data = self.files[name]
        found = re.fullmatch(r"bytes=(\d+)-(\d+)", spec.strip())
        if not found:
            return Answer(200, [("Content-Type", "application/octet-stream")], data)
        start, end = int(found[1]), int(found[2])
        part = data[start : end + 1]
        fault = ""
        crawl = self.crawls[name.split("/")[1]]
        if start in {r.offset for r in crawl if r.capture.url in self.faults.truncate}:
            part, fault = part[: len(part) // 2], "short_range"
        headers = [
            ("Content-Type", "application/octet-stream"),
            ("Content-Range", f"bytes {start}-{end}/{len(data)}"),
        ]
        return Answer(206, headers, part, fault)

    def host_map(self) -> list[str]:
        base = f"http://127.0.0.1:{self.port}"
        return [f"{host}={base}" for host in (WAYBACK, CC_INDEX, CC_DATA)]
