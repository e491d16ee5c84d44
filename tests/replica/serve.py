"""``python -m tests.replica serve``: the replica over HTTP on 127.0.0.1, with injectable faults.

A crawl reaches it through ``--host-map DOMAIN=http://127.0.0.1:PORT``: requests keep the real
``Host`` header, by which the server finds the page, and the WARC records keep the real URLs.
Other tools can use it as an HTTP proxy (``http_proxy=http://127.0.0.1:PORT``) for ``http://``
URLs of the replica's sites.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

from siaran.spiders.archive.reader import iter_responses, warc_files

HOP_BY_HOP = {"content-length", "transfer-encoding", "connection", "content-encoding"}
# Checked in this order; the first listing a target decides how its body changes.
BODY_FAULTS = ("cp1252_as_utf8", "utf8_as_cp1252", "oversize", "malformed", "entity_bomb")
META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
CHARSET = re.compile(rb"""(charset\s*=\s*["']?)[\w.:-]+""", re.IGNORECASE)


@dataclass(frozen=True)
class Faults:
    """Parsed from a spec of ``name=value`` items, paths in a list separated by ``;``:

    ``500=0.1,429=5,retry_after=2,503=/berita,disallow=/read/1;/read/2,slow=/read/3,
    slow_seconds=30,truncate=0.05,cp1252_as_utf8=/read/4,utf8_as_cp1252=/read/5,
    redirect_loop=/read/6,oversize=/read/7,oversize_bytes=33554432,malformed=/sitemap.xml,
    entity_bomb=/feed/,crawl_delay=2`` (on one line). A path is the request target
    (path and ``?query``), matched exactly.
    """

    error_share: float = 0.0  # this share of URLs (the same ones every time) answers 500
    throttle_every: int = 0  # every Nth page request answers 429 with Retry-After
    retry_after: int = 1  # seconds, in 429 and 503 answers
    unavailable_once: str = ""  # paths under this prefix answer 503 once, then the page
    disallow: tuple[str, ...] = ()  # added to robots.txt
    slow: tuple[str, ...] = ()  # these wait slow_seconds before answering: a download timeout
    slow_seconds: float = 5.0
    truncate_share: float = 0.0  # this share of pages sends half the promised bytes, then closes
    cp1252_as_utf8: tuple[str, ...] = ()  # windows-1252 bytes, the header says UTF-8
    utf8_as_cp1252: tuple[str, ...] = ()  # UTF-8 bytes, header and <meta> say windows-1252
    redirect_loop: tuple[str, ...] = ()  # /p redirects to /p?loop=1, which redirects to /p
    oversize: tuple[str, ...] = ()  # padded to oversize_bytes: over a download size limit
    oversize_bytes: int = 32 * 2**20
    malformed: tuple[str, ...] = ()  # XML cut in half
    entity_bomb: tuple[str, ...] = ()  # XML with a "billion laughs" DTD
    crawl_delay: float = 0.0  # seconds, added to robots.txt (0: none)

    @classmethod
    def parse(cls, spec: str) -> Faults:
        values: dict = {}
        names = {
            "500": "error_share",
            "429": "throttle_every",
            "503": "unavailable_once",
            "truncate": "truncate_share",
        }
        names |= {name: name for name in cls.__dataclass_fields__ if name not in names.values()}
        for item in filter(None, (part.strip() for part in spec.split(","))):
            name, _, value = item.partition("=")
            if name not in names:
                raise ValueError(f"unknown fault {name!r} in {spec!r}; known: {', '.join(names)}")
            field_name = names[name]
            kind = cls.__dataclass_fields__[field_name].type
            try:
                values[field_name] = (
                    tuple(value.split(";"))
                    if "tuple" in kind
                    else float(value)
                    if kind == "float"
                    else int(value)
                    if kind == "int"
                    else value
                )
            except ValueError:
                message = f"fault {name!r} in {spec!r} needs {kind}, not {value!r}"
                raise ValueError(message) from None
        return cls(**values)

    def fails(self, url: str) -> bool:
        return picked(url, self.error_share)

    def truncates(self, url: str) -> bool:
        # Salted, so the truncated pages are not the ones that fail.
        return picked(f"truncate {url}", self.truncate_share)


def picked(key: str, share: float) -> bool:
    """The same keys every time, so a crawl's checks can tell which URLs got the fault."""
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:4]) / 2**32 < share


def with_charset(headers: list[tuple[str, str]], charset: str) -> list[tuple[str, str]]:
    stored = next((v for k, v in headers if k.lower() == "content-type"), "text/html")
    mime = re.sub(r";\s*charset=[^;]*", "", stored, flags=re.IGNORECASE)
    kept = [(k, v) for k, v in headers if k.lower() != "content-type"]
    return [*kept, ("Content-Type", f"{mime}; charset={charset}")]


def padded(body: bytes, size: int) -> bytes:
    """At least ``size`` bytes: filler in a comment before ``</body>``, so the page still parses."""
    comment = b"<!-- " + b"x" * max(0, size - len(body) - 9) + b" -->"
    end = body.lower().rfind(b"</body>")
    return body + comment if end < 0 else body[:end] + comment + body[end:]


def entity_bomb(body: bytes) -> bytes:
    """Billion laughs: ``&lol9;`` expands to 10**9 "lol"s in a parser that resolves entities."""
    names = ["lol", *(f"lol{n}" for n in range(1, 10))]
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY {name} "{f"&{previous};" * 10}">' for previous, name in itertools.pairwise(names)
    )
    root = re.search(rb"<([A-Za-z_][\w.:-]*)", body)[1]
    declaration = re.match(rb"<\?xml\s.*?\?>", body, re.DOTALL)
    start = declaration.end() if declaration else 0
    end = body.rfind(b"</" + root)
    doctype = b"<!DOCTYPE " + root + b" [" + entities.encode() + b"]>"
    return body[:start] + doctype + body[start:end] + b"<url><loc>&lol9;</loc></url>" + body[end:]


def transformed(
    fault: str, headers: list[tuple[str, str]], body: bytes, faults: Faults
) -> tuple[list[tuple[str, str]], bytes]:
    """The stored answer as a body fault of ``BODY_FAULTS`` changes it."""
    if fault == "cp1252_as_utf8":  # the page's own <meta charset> is left as it was
        return with_charset(headers, "utf-8"), body.decode().encode("cp1252", "xmlcharrefreplace")
    if fault == "utf8_as_cp1252":
        metas = META_TAG.sub(lambda tag: CHARSET.sub(rb"\g<1>windows-1252", tag[0]), body)
        return with_charset(headers, "windows-1252"), metas
    if fault == "oversize":
        return headers, padded(body, faults.oversize_bytes)
    if fault == "malformed":
        return headers, body[: len(body) // 2]
    return headers, entity_bomb(body)


@dataclass
class Served:
    at: float
    host: str
    path: str
    status: int
    fault: str = ""  # the fault applied; "slow" only when no later fault applied too


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fault: str = ""


class LocalServer:
    """What the replica's servers share: a threading HTTP server on 127.0.0.1 (``httpd``)
    answering each GET with ``answer(host, target, headers)`` (headers lower-cased) and logging
    it in ``log``; a ``truncate`` fault sends half the promised bytes, then ends the stream."""

    httpd: ThreadingHTTPServer
    log: list[Served]
    lock: threading.Lock

    def answer(self, host: str, target: str, headers: dict[str, str]) -> Answer:
        raise NotImplementedError

    def handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle(self) -> None:
                # The client gave up (its own timeout, a truncated answer): not a server error.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    super().handle()

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                host, target = self.headers.get("Host", "").split(":")[0], self.path
                if target.startswith(
                    "http://"
                ):  # as a proxy (wget, a browser): the URL names the site
                    parts = urlsplit(target)
                    host = parts.hostname or host
                    target = parts.path + (f"?{parts.query}" if parts.query else "")
                # Logged at arrival: the gaps between requests are the client's, not the
                # server's time to answer.
                arrived = time.monotonic()
                answer = server.answer(
                    host, target, {k.lower(): v for k, v in self.headers.items()}
                )
                with server.lock:
                    server.log.append(Served(arrived, host, target, answer.status, answer.fault))
                # As the answer gives them (the replica's carry the site's own Date and Server).
                self.send_response_only(answer.status)
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                if answer.fault == "truncate":
                    # Half the promised bytes, then end of stream: the client sees the loss.
                    self.wfile.write(answer.body[: len(answer.body) // 2])
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_WR)
                else:
                    self.wfile.write(answer.body)

            def log_message(self, *args: object) -> None:
                """Quiet: the server's own log is ``server.log``."""

        return Handler

    def start(self) -> Self:
        # A short poll: stop() waits for the loop to notice, up to one interval.
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class ReplicaServer(LocalServer):
    archive: Path
    faults: Faults = field(default_factory=Faults)
    port: int = 0
    log: list[Served] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pages: dict[tuple[str, str], tuple[int, list[tuple[str, str]], bytes]] = {}
        for path in warc_files(self.archive):
            for stored in iter_responses(path):
                parts = urlsplit(stored.url)
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                headers = [(k, v) for k, v in stored.headers if k.lower() not in HOP_BY_HOP]
                self.pages[(parts.hostname, target)] = (stored.status, headers, stored.content)
        self.lock = threading.Lock()
        self.page_requests = 0
        self.unavailable_seen: set[str] = set()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), self.handler())
        self.port = self.httpd.server_address[1]

    def answer(self, host: str, target: str, headers: dict[str, str] | None = None) -> Answer:
        faults = self.faults
        retry = [("Retry-After", str(faults.retry_after))]
        status, headers, body = self.pages.get((host, target), (404, [], b"not in the replica"))
        if target == "/robots.txt":
            return Answer(status, headers, self.robots(body))
        if target in faults.slow:
            time.sleep(faults.slow_seconds)  # outside the lock: other requests go on meanwhile
        with self.lock:
            self.page_requests += 1
            if faults.throttle_every and self.page_requests % faults.throttle_every == 0:
                return Answer(429, retry, b"too many requests", "429")
            prefix = faults.unavailable_once
            if prefix and target.startswith(prefix) and target not in self.unavailable_seen:
                self.unavailable_seen.add(target)
                return Answer(503, retry, b"service unavailable", "503")
        if faults.fails(f"{host}{target}"):
            return Answer(500, [], b"internal server error", "500")
        for path in faults.redirect_loop:
            looped = f"{path}{'&' if '?' in path else '?'}loop=1"
            if target in (path, looped):
                location = looped if target == path else path
                return Answer(302, [("Location", location)], b"found", "redirect_loop")
        if (host, target) in self.pages:
            for fault in BODY_FAULTS:
                if target in getattr(faults, fault):
                    return Answer(status, *transformed(fault, headers, body, faults), fault)
            if status == 200 and faults.truncates(f"{host}{target}"):
                return Answer(status, headers, body, "truncate")
        return Answer(status, headers, body, "slow" if target in faults.slow else "")

    def robots(self, body: bytes) -> bytes:
        faults = self.faults
        rules = [f"Disallow: {path}\n" for path in faults.disallow]
        if faults.crawl_delay:
            rules.append(f"Crawl-delay: {faults.crawl_delay:g}\n")
        group, extra = b"User-agent: *\n", "".join(rules).encode()
        if group in body:
            return body.replace(group, group + extra)
        return group + extra + b"\n" + body if extra else body
