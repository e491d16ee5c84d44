"""``siaran backfill``: a source's release pages of a date window from a web archive, into a new
snapshot of its crawl folder (or the interrupted one, resumed), as WARC with the capture's
provenance, the record index, the failure ledger and a report, like a crawl's.

Each capture is written under its original URL (``WARC-Target-URI``) and capture time
(``WARC-Date``), with the archive (``Siaran-Archive``) and the capture's URL there
(``WARC-Source-URI``) in the record's headers, so ``siaran extract`` reads it as it reads a
crawl. A capture the folder already holds (same URL, same time), or that an earlier backfill
set aside as no release (a soft 404, a redirect page), is not fetched again: a backfill killed
half way resumes where it stopped, and a second backfill of the same window fetches nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from parsel import Selector
from w3lib.url import canonicalize_url

from siaran.spiders import __version__
from siaran.spiders.archive.index import archive_index
from siaran.spiders.archive.reader import ARCHIVE_HEADER
from siaran.spiders.archive.snapshot import (
    REPORT,
    crawl_lock,
    finished,
    open_snapshot,
    snapshots,
)
from siaran.spiders.archive.writer import ArchiveWriter
from siaran.spiders.backfill import commoncrawl, wayback
from siaran.spiders.backfill.captures import Capture, url_scopes
from siaran.spiders.backfill.client import ArchiveClient, ArchiveUnavailable
from siaran.spiders.crawl.ledger import FAILURE_SCHEMA
from siaran.spiders.crawl.settings import user_agent
from siaran.spiders.output import write_text
from siaran.spiders.parse.charset import decode_html
from siaran.spiders.registry.source import Source, get_source

ARCHIVES = ("wayback", "commoncrawl")
# Captures under a release URL that hold no release: ledgered, never fetched again.
NOT_RELEASES = ("soft_404", "redirect_page")
# A heading that says so, or that is a bare 404 ("404", "404 - ..."): not a release headline
# that starts with a number ("404 KK Terima Bantuan").
NOT_FOUND = re.compile(
    r"\b(not found|tidak ditemukan|error 404|404 error)\b|^\W*404(\W*$|\s*[-|:\u2013])",
    re.IGNORECASE,
)
NOT_KEPT = {"content-length", "transfer-encoding", "connection", "content-encoding"}
HTML_TYPES = ("text/html", "application/xhtml+xml")


class BackfillFailed(RuntimeError):
    pass


@dataclass
class BackfillOptions:
    archive: str
    since: date
    until: date
    contact: str
    interval: float = 4.0  # seconds between two requests to one archive host
    host_map: dict[str, str] = field(default_factory=dict)
    max_failure_share: float = 0.05

    def __post_init__(self) -> None:
        if self.archive not in ARCHIVES:
            raise ValueError(f"unknown archive {self.archive!r}; expected one of {ARCHIVES}")
        if self.since > self.until:
            raise ValueError(f"the date window is empty: since {self.since} is after {self.until}")


@dataclass
class Backfill:
    source: str
    snapshot: Path | None  # None when there was nothing new to fetch
    resumed: bool
    report: dict


def not_a_release(headers: list[tuple[str, str]], body: bytes) -> str | None:
    """'soft_404' for a 'page not found' page answered with 200, 'redirect_page' for a page
    that only sends the reader on (meta refresh); None for anything else."""
    kind = next((v for k, v in headers if k.lower() == "content-type"), "")
    if not kind.lower().startswith(HTML_TYPES):
        return None
    text, _ = decode_html(kind, body)
    page = Selector(text=text)
    headings = page.css("title::text, h1 *::text, h1::text").getall()
    if any(NOT_FOUND.search(heading.strip()) for heading in headings):
        return "soft_404"
    refresh = page.css('meta[http-equiv="refresh" i]::attr(content), meta[http-equiv="Refresh"]')
    words = len(" ".join(page.css("body *::text").getall()).split())
    return "redirect_page" if refresh and words < 40 else None


def held_captures(out: Path) -> set[tuple[str, datetime]]:
    """(URL, capture time) of every capture the crawl folder holds, and of the captures an
    earlier backfill ledgered as no release."""
    index = archive_index(out)
    held = {(canonicalize_url(u), t) for u, t in index.select("url", "fetched_at").iter_rows()}
    for snapshot in snapshots(out):
        ledger = snapshot / "failures.parquet"
        if ledger.exists():
            settled = pl.read_parquet(ledger).filter(pl.col("reason").is_in(NOT_RELEASES))
            held |= {(canonicalize_url(u), t) for u, t in settled.select("url", "at").iter_rows()}
    return held


def listed_captures(client: ArchiveClient, source: Source, options: BackfillOptions) -> list:
    """The release captures the archive's index lists for the window, once each, by time."""
    found: dict[tuple[str, str], Capture] = {}
    scopes = url_scopes(source)
    if options.archive == "wayback":
        listed = (
            c
            for url, kind in scopes
            for c in wayback.captures(client, url, kind, options.since, options.until)
        )
    else:
        listed = (
            c
            for _, api in commoncrawl.crawls(client, options.since, options.until)
            for url, kind in scopes
            for c in commoncrawl.captures(client, api, url, kind, options.since, options.until)
        )
    for capture in listed:
        if source.is_release_url(capture.url):
            found.setdefault((capture.url, capture.stamp), capture)
    return sorted(found.values(), key=lambda c: (c.timestamp, c.url))


def ledger_row(capture: Capture, reason: str, detail: str) -> dict:
    """The capture time as the row's time: the ledger says which capture it is."""
    return {
        "url": capture.url,
        "reason": reason,
        "detail": detail[:500],
        "at": capture.timestamp,
        "archived": False,
    }


def backfill_source(
    source: Source, out: Path, options: BackfillOptions, client: ArchiveClient
) -> Backfill:
    fetch = wayback.fetch if options.archive == "wayback" else commoncrawl.fetch
    with crawl_lock(out):
        listed = listed_captures(client, source, options)
        held = held_captures(out)
        new = [c for c in listed if (canonicalize_url(c.url), c.timestamp) not in held]
        if not new and all(finished(s) for s in snapshots(out)):
            # Nothing to fetch and nothing to resume: no empty snapshot.
            return Backfill(
                source.key,
                None,
                False,
                {
                    "releases_fetched": 0,
                    "lost": 0,
                    "releases_listed": len(listed),
                    "known_releases_skipped": len(listed),
                },
            )
        snapshot, resumed = open_snapshot(out, datetime.now(UTC), replay=False)
        held = held_captures(out)  # with what the salvaged files of a resumed run hold
        info = {
            "software": f"siaran/{__version__} (backfill)",
            "format": "WARC File Format 1.1",
            "operator": options.contact,
            "http-header-user-agent": client.user_agent,
            "siaran-mode": options.archive,
            "siaran-source": source.key,
        }
        writer = ArchiveWriter(snapshot, source.key, info)
        rows, fetched, skipped = [], 0, 0
        for capture in listed:
            if (canonicalize_url(capture.url), capture.timestamp) in held:
                skipped += 1
                continue
            try:
                status, headers, body = fetch(client, capture)
            except ArchiveUnavailable as problem:
                rows.append(ledger_row(capture, problem.reason, problem.detail))
                continue
            headers = [(k, v) for k, v in headers if k.lower() not in NOT_KEPT]
            if kind := not_a_release(headers, body):
                rows.append(ledger_row(capture, kind, capture.location))
                continue
            writer.write(
                url=capture.url,
                status=status,
                reason="OK" if status == 200 else "",
                headers=headers,
                body=body,
                request_headers=[("User-Agent", client.user_agent)],
                fetched_at=capture.timestamp,
                provenance={"WARC-Source-URI": capture.location, ARCHIVE_HEADER: options.archive},
            )
            fetched += 1
        writer.close()
        ledger = pl.DataFrame(rows, schema=FAILURE_SCHEMA, orient="row")
        ledger.sort("url", "reason", "at").write_parquet(snapshot / "failures.parquet")
        report = backfill_report(source, snapshot, options, client, listed, fetched, skipped)
        write_text(snapshot / REPORT, json.dumps(report, indent=2, sort_keys=True) + "\n")
    return Backfill(source.key, snapshot, resumed, report)


def backfill_report(
    source: Source,
    snapshot: Path,
    options: BackfillOptions,
    client: ArchiveClient,
    listed: list[Capture],
    fetched: int,
    skipped: int,
) -> dict:
    """The crawl report's counts, for a backfill: ``extract`` and the statistics read both."""
    index = pl.read_parquet(snapshot / "index.parquet")
    ledger = pl.read_parquet(snapshot / "failures.parquet")
    archived = index.filter(pl.col("status").is_between(200, 299))
    return {
        "source": source.key,
        "mode": options.archive,
        "snapshot": snapshot.name,
        "finish_reason": "finished",
        "window": [options.since.isoformat(), options.until.isoformat()],
        "requests": client.requests,
        "retries": client.retried,
        "releases_listed": len(listed),
        "releases_fetched": fetched,
        "release_pages_archived": sum(map(source.is_release_url, archived["url"].unique())),
        "known_releases_skipped": skipped,
        "failures_by_reason": dict(ledger.group_by("reason").len().sort("reason").iter_rows()),
        "lost": ledger.filter(~pl.col("reason").is_in(NOT_RELEASES)).height,
    }


def main(jobs: list[tuple[str, Path]], options: BackfillOptions) -> list[Backfill]:
    """Backfill each (source key, crawl folder) from the archive, one after the other (the
    archive is one service: one request at a time); fail at the end, naming every source that
    lost more than ``max_failure_share`` of its listed captures, after all have run."""
    sources = [(get_source(key), out) for key, out in jobs]
    client = ArchiveClient(user_agent(options.contact), options.interval, options.host_map)
    done, failures = [], []
    for source, out in sources:
        result = backfill_source(source, out, options, client)
        done.append(result)
        lost, listed = result.report["lost"], result.report["releases_listed"]
        if listed and lost / listed > options.max_failure_share:
            failures.append(
                f"backfill of {source.key}: {lost} of {listed} captures could not be fetched; "
                f"every one is in {result.snapshot / 'failures.parquet'} with its reason"
            )
    if failures:
        raise BackfillFailed("\n".join(failures))
    return done
