"""Live mode against a mirror: requests for a mapped domain go to a local server, keeping the
real ``Host`` header, while every layer above the download handler (robots.txt, retries, the
WARC recorder, spiders) sees the real URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response


def parse_host_map(entries: list[str]) -> dict[str, str]:
    """``['infopublik.id=http://127.0.0.1:8080']`` -> ``{'infopublik.id': 'http://127.0.0.1:8080'}``"""
    mapping = {}
    for entry in entries:
        domain, _, base = entry.partition("=")
        if not domain or not base.startswith(("http://", "https://")):
            raise ValueError(f"a host map entry is DOMAIN=http://HOST:PORT, not {entry!r}")
        mapping[domain.strip().lower()] = base.rstrip("/")
    return mapping


class HostMapDownloadHandler(BaseDownloadHandler):
    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.inner = HTTP11DownloadHandler(crawler)
        self.mirrors = crawler.settings.getdict("SIARAN_HOST_MAP")

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        mirror = self.mirrors.get(parts.hostname or "")
        if mirror is None:
            return await self.inner.download_request(request)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = request.headers.copy()
        headers[b"Host"] = parts.netloc.encode()
        mirrored = request.replace(url=mirror + target, headers=headers)
        response = await self.inner.download_request(mirrored)
        # AutoThrottle reads the latency from the request it scheduled.
        request.meta["download_latency"] = mirrored.meta.get("download_latency")
        return response.replace(url=request.url, request=request)

    async def close(self) -> None:
        await self.inner.close()
