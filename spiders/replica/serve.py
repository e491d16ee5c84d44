"""``siaran replica serve``: the replica over HTTP on 127.0.0.1, with injectable faults.

A crawl reaches it through ``--host-map DOMAIN=http://127.0.0.1:PORT``: requests keep the real
``Host`` header, by which the server finds the page, and the WARC records keep the real URLs.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from spiders.warc import iter_responses, warc_files

HOP_BY_HOP = {"content-length", "transfer-encoding", "connection", "content-encoding"}


@dataclass(frozen=True)
class Faults:
    """``500=0.1,429=5,retry_after=2,503=/berita,disallow=/read/1;/read/2``"""

    error_share: float = 0.0  # this share of URLs (the same ones every time) answers 500
    throttle_every: int = 0  # every Nth page request answers 429 with Retry-After
    retry_after: int = 1  # seconds, in 429 and 503 answers
    unavailable_once: str = ""  # paths under this prefix answer 503 once, then the page
    disallow: tuple[str, ...] = ()  # added to robots.txt

    @classmethod
    def parse(cls, spec: str) -> Faults:
        values: dict = {}
        names = {"500": "error_share", "429": "throttle_every", "retry_after": "retry_after",
                 "503": "unavailable_once", "disallow": "disallow"}  # fmt: skip
        for item in filter(None, (part.strip() for part in spec.split(","))):
            name, _, value = item.partition("=")
            if name not in names:
                raise ValueError(f"unknown fault {name!r} in {spec!r}; known: {', '.join(names)}")
            field_name = names[name]
            kind = cls.__dataclass_fields__[field_name].type
            values[field_name] = (tuple(value.split(";")) if "tuple" in kind
                                  else float(value) if kind == "float"
                                  else int(value) if kind == "int" else value)  # fmt: skip
        return cls(**values)

    def fails(self, url: str) -> bool:
        digest = hashlib.sha256(url.encode()).digest()
        return int.from_bytes(digest[:4]) / 2**32 < self.error_share


@dataclass
class Served:
    at: float
    host: str
    path: str
    status: int


@dataclass
class ReplicaServer:
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
                self.pages[(parts.hostname, target)] = (stored.status, headers, stored.body)
        self.lock = threading.Lock()
        self.page_requests = 0
        self.unavailable_seen: set[str] = set()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), self.handler())
        self.port = self.httpd.server_address[1]

    def answer(self, host: str, target: str) -> tuple[int, list[tuple[str, str]], bytes]:
        faults = self.faults
        retry = [("Retry-After", str(faults.retry_after))]
        status, headers, body = self.pages.get((host, target), (404, [], b"not in the replica"))
        if target == "/robots.txt":
            extra = "".join(f"Disallow: {path}\n" for path in faults.disallow)
            return (
                status,
                headers,
                body.replace(b"User-agent: *\n", f"User-agent: *\n{extra}".encode()),
            )
        with self.lock:
            self.page_requests += 1
            if faults.throttle_every and self.page_requests % faults.throttle_every == 0:
                return 429, retry, b"too many requests"
            prefix = faults.unavailable_once
            if prefix and target.startswith(prefix) and target not in self.unavailable_seen:
                self.unavailable_seen.add(target)
                return 503, retry, b"service unavailable"
        if faults.fails(f"{host}{target}"):
            return 500, [], b"internal server error"
        return status, headers, body

    def handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                host = self.headers.get("Host", "").split(":")[0]
                status, headers, body = server.answer(host, self.path)
                with server.lock:
                    server.log.append(Served(time.monotonic(), host, self.path, status))
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                """Quiet: the server's own log is ``server.log``."""

        return Handler

    def start(self) -> ReplicaServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
