"""Extraction accuracy on the golden set: pages sampled from every source's replica site plus
hand-written tricky pages (``tests/golden/expected.yaml``), field by field."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from spiders.extract import release_rows
from spiders.replica.build import all_sites
from spiders.replica.synthetic import SyntheticRelease
from spiders.source import get_source
from spiders.warc import StoredResponse

# The fields the golden set is scored on; body_start is the body's first 200 characters.
FIELDS = ("title", "published_at", "byline_unit", "dateline_place", "body_start", "body",
          "byline", "writers", "editors", "province_code", "event_date", "date_source")  # fmt: skip
BODY_START = 200


@dataclass
class Case:
    name: str
    source: str
    url: str
    body: bytes
    content_type: str
    expected: dict[str, dict[str, Any]]  # release URL -> expected fields
    others: dict[str, bytes] = field(default_factory=dict)  # further pages a list API reads

    def stored(self, url: str, body: bytes) -> StoredResponse:
        return StoredResponse(url, 200, [("Content-Type", self.content_type)], body, None,
                              Path(self.name), 0)  # fmt: skip

    def extracted(self) -> dict[str, dict[str, Any]]:
        def lookup(url: str) -> StoredResponse | None:
            return self.stored(url, self.others[url]) if url in self.others else None

        rows = release_rows(get_source(self.source), self.stored(self.url, self.body), lookup)
        return {row["url"]: row for row in rows}


def comparable(name: str, row: dict[str, Any]) -> Any:
    if name == "body_start":
        return (row.get("body") or "")[:BODY_START]
    value = row.get(name)
    return value.isoformat() if hasattr(value, "isoformat") else value


def expected_fields(release: SyntheticRelease) -> dict[str, Any]:
    return {
        "title": release.title,
        "published_at": release.published_utc.isoformat(),
        "byline_unit": release.byline_unit,
        "dateline_place": release.dateline_place,
        "body_start": release.body[:BODY_START],
        "writers": release.writers,
        "editors": [release.editor] if release.editor else [],
        "province_code": release.province_code,
        "event_date": release.event_date.isoformat() if release.event_date else None,
    }


def replica_cases(per_source: int = 4) -> list[Case]:
    """``per_source`` releases of every source, evenly spread over its replica."""
    cases = []
    for key, site in all_sites().items():
        source = get_source(key)
        step = max(1, len(site.releases) // per_source)
        sample = site.releases[::step][:per_source]
        if source.page == "json_api":  # one list response holds the sampled releases
            start = source.start_urls[0]
            others = {url: page.body for url, page in site.pages.items()}
            expected = {url: expected_fields(r) for url, r in sample}
            cases.append(Case(f"replica:{key}", key, start, site.pages[start].body,
                              site.pages[start].content_type, expected, others))  # fmt: skip
            continue
        for url, release in sample:
            page = site.pages[url]
            cases.append(Case(f"replica:{key}:{release.number}", key, url, page.body,
                              page.content_type,
                              {url: expected_fields(release)}))  # fmt: skip
    return cases


def handwritten_cases(directory: Path) -> list[Case]:
    entries = yaml.safe_load((directory / "expected.yaml").read_text(encoding="utf-8")) or []
    cases = []
    for entry in entries:
        path = directory / entry["file"]
        content_type = "application/json" if path.suffix == ".json" else "text/html; charset=utf-8"
        expected = {k: v.isoformat() if isinstance(v, datetime) else v
                    for k, v in entry["expected"].items()}  # fmt: skip
        # A list API's response holds several releases: release_url names the one scored.
        release = entry.get("release_url", entry["url"])
        cases.append(Case(entry["file"], entry["source"], entry["url"], path.read_bytes(),
                          content_type, {release: expected}))  # fmt: skip
    return cases


@dataclass
class Score:
    correct: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


def evaluate(cases: list[Case]) -> dict[str, Score]:
    scores = {name: Score() for name in FIELDS}
    for case in cases:
        rows = case.extracted()
        for url, expected in case.expected.items():
            row = rows.get(url, {})
            for name in FIELDS:
                if name not in expected:
                    continue
                score = scores[name]
                score.total += 1
                if comparable(name, row) == expected[name]:
                    score.correct += 1
                else:
                    score.misses.append(f"{case.name} {url}: {comparable(name, row)!r}")
    return scores


def main(golden_dir: Path, per_source: int = 4) -> tuple[int, dict[str, Score]]:
    """Score every field on the golden set; returns the number of pages and the scores."""
    cases = replica_cases(per_source) + handwritten_cases(golden_dir)
    return len(cases), evaluate(cases)
