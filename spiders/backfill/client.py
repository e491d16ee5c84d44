"""A polite HTTP client for the web archives: one request at a time, at least ``interval``
seconds between two requests to a host (counted from the previous answer), Retry-After
honoured on 429 and 503, a few retries on server and network errors, a user agent with a
contact, and the crawl's host map (``DOMAIN=http://HOST:PORT``) for mirrors and tests.

Not Scrapy: an index is read page after page (each page's request needs the previous one's
resumption key) and the services ask for one request at a time, so a scheduler and concurrent
downloads buy nothing; and what is archived is not the archive's answer but the capture it
holds, under its original URL and time, which Scrapy's WARC recorder and ledger (keyed by the
requested URL) do not model."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode, urlsplit

import requests

RETRIED = {429, 500, 502, 503, 504}


class ArchiveUnavailable(RuntimeError):
    """An archive's answer after every retry was an error; ``reason`` is a ledger reason."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number, or an HTTP date)."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


@dataclass
class ArchiveClient:
    user_agent: str
    interval: float = 4.0  # seconds between two requests to one host
    host_map: dict[str, str] = field(default_factory=dict)
    timeout: float = 60.0
    retries: int = 3
    max_retry_after: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    retried: int = 0

    def __post_init__(self) -> None:
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": self.user_agent, "Accept-Encoding": "gzip"})
        self.ready_at: dict[str, float] = {}

    def _wait_turn(self, host: str) -> None:
        delay = self.ready_at.get(host, 0.0) - time.monotonic()
        if delay > 0:
            self.sleep(delay)

    def get(
        self, url: str, params: dict | None = None, headers: dict[str, str] | None = None
    ) -> requests.Response:
        """The answer to GET ``url`` (2xx, or 404 for the caller to read); ArchiveUnavailable
        when it stays an error, or the network fails, after the retries."""
        if params:
            url = f"{url}?{urlencode(params, doseq=True)}"
        parts = urlsplit(url)
        host = parts.hostname or ""
        target, sent = url, dict(headers or {})
        if mirror := self.host_map.get(host):
            target = mirror + parts.path + (f"?{parts.query}" if parts.query else "")
            sent["Host"] = parts.netloc
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            self.requests += 1
            try:
                answer = self.session.get(target, headers=sent, timeout=self.timeout)
            except requests.RequestException as problem:
                failure = ArchiveUnavailable("network", f"{url}: {type(problem).__name__}")
                wait = self.interval * 2**attempt
            else:
                if answer.status_code not in RETRIED:
                    self.ready_at[host] = time.monotonic() + self.interval
                    if answer.status_code >= 400 and answer.status_code != 404:
                        raise ArchiveUnavailable(f"http_{answer.status_code}", url)
                    return answer
                failure = ArchiveUnavailable(f"http_{answer.status_code}", url)
                asked = retry_after(answer.headers.get("Retry-After"))
                wait = min(asked, self.max_retry_after) if asked else self.interval * 2**attempt
            self.ready_at[host] = time.monotonic() + max(wait, self.interval)
            if attempt < self.retries:
                self.retried += 1
        raise failure
