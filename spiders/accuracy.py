"""Extraction accuracy, field by field, on a golden set of two kinds: folders of hand-written
pages with the fields each must give (``expected.yaml``, as in ``tests/golden``), and releases
sampled from an archive with their ground truth (a Parquet file of release fields, such as the
replica's ``groundtruth.parquet`` beside its WARC folders)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from siaran.spiders.archive.index import CrawlFolder
from siaran.spiders.archive.reader import StoredResponse
from siaran.spiders.extract import release_rows
from siaran.spiders.output import atomic_file
from siaran.spiders.pages.base import Lookup
from siaran.spiders.registry.source import get_source

# The fields the golden set is scored on; body_start is the body's first 200 characters.
FIELDS = (
    "title",
    "published_at",
    "byline_unit",
    "dateline_place",
    "body_start",
    "body",
    "byline",
    "writers",
    "editors",
    "province_code",
    "event_date",
    "date_source",
    "categories",
)
# What a ground-truth file must hold to score a release on every field it can.
TRUTH_FIELDS = (
    "title",
    "published_at",
    "byline_unit",
    "dateline_place",
    "body",
    "writers",
    "editors",
    "province_code",
    "event_date",
)
BODY_START = 200
# Misses a JSON report keeps per field: enough to see what goes wrong, not a copy of the set.
MISSES_KEPT = 5


@dataclass
class Case:
    name: str
    source: str
    responses: list[StoredResponse]  # what to extract: a page, or a list API's answer
    expected: dict[str, dict[str, Any]]  # release URL -> expected fields
    lookup: Lookup = lambda url: None  # further responses a list API reads

    def extracted(self) -> dict[str, dict[str, Any]]:
        source = get_source(self.source)
        return {
            row["url"]: row
            for stored in self.responses
            for row in release_rows(source, stored, self.lookup)
        }


def comparable(name: str, row: dict[str, Any]) -> Any:
    if name == "body_start":
        return (row.get("body") or "")[:BODY_START]
    value = row.get(name)
    return value.isoformat() if hasattr(value, "isoformat") else value


def handwritten_cases(directory: Path) -> list[Case]:
    """The pages of a golden folder, each with the fields ``expected.yaml`` gives it."""
    listing = directory / "expected.yaml"
    try:
        entries = yaml.safe_load(listing.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as problem:
        raise ValueError(f"{listing}: {problem}") from None
    cases = []
    for entry in entries:
        path = directory / entry["file"]
        content_type = "application/json" if path.suffix == ".json" else "text/html; charset=utf-8"
        expected = {
            k: v.isoformat() if isinstance(v, datetime) else v for k, v in entry["expected"].items()
        }
        stored = StoredResponse(
            entry["url"], 200, [("Content-Type", content_type)], path.read_bytes(), None, path, 0
        )
        # A list API's response holds several releases: release_url names the one scored.
        release = entry.get("release_url", entry["url"])
        cases.append(Case(entry["file"], entry["source"], [stored], {release: expected}))
    return cases


def truth_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": row["title"],
        "published_at": row["published_at"].isoformat(),
        "byline_unit": row["byline_unit"],
        "dateline_place": row["dateline_place"],
        "body_start": row["body"][:BODY_START],
        "writers": row["writers"],
        "editors": row["editors"],
        "province_code": row["province_code"],
        "event_date": row["event_date"].isoformat() if row["event_date"] else None,
    }


def archive_cases(truth_path: Path, archive_root: Path, per_source: int = 4) -> list[Case]:
    """``per_source`` releases of every source in the ground truth, evenly spread, extracted
    from the source's folder of ``archive_root`` as the extract stage would. A release that is
    not a page of its own (a list API's record) is looked for in the source's start URLs."""
    truth = pl.read_parquet(truth_path)
    missing = {"source", "url", *TRUTH_FIELDS} - set(truth.columns)
    if missing:
        raise ValueError(f"{truth_path} lacks the columns {sorted(missing)}")
    cases = []
    for (key,), releases in truth.sort("source", "url").group_by("source", maintain_order=True):
        archive, source = CrawlFolder(archive_root / key), get_source(key)
        step = max(1, releases.height // per_source)
        for row in releases[::step].head(per_source).iter_rows(named=True):
            urls = [row["url"].split("#")[0], *source.start_urls]
            responses = [
                stored
                for url in dict.fromkeys(urls)
                if source.is_release_url(url) and (stored := archive.get(url))
            ]
            cases.append(
                Case(
                    f"{key}:{row['url']}",
                    key,
                    responses,
                    {row["url"]: truth_fields(row)},
                    archive.get,
                )
            )
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


def main(
    golden_dirs: list[Path],
    truth: Path | None = None,
    archive: Path | None = None,
    per_source: int = 4,
) -> tuple[int, dict[str, Score]]:
    """Score every field on the golden set; returns the number of cases and the scores."""
    cases = [case for directory in golden_dirs for case in handwritten_cases(directory)]
    if truth is not None and archive is not None:
        cases += archive_cases(truth, archive, per_source)
    return len(cases), evaluate(cases)


def write_report(
    path: Path,
    pages: int,
    scores: dict[str, Score],
    golden_dirs: list[Path],
    truth: Path | None = None,
    archive: Path | None = None,
    per_source: int = 4,
) -> None:
    """The scores as JSON (what the dataset card reads): what was scored, and per field the
    pages right, the pages scored, the accuracy and the first misses."""
    sampled = truth is not None and archive is not None
    found = {
        "pages": pages,
        "golden": [str(directory) for directory in golden_dirs],
        "truth": str(truth) if sampled else None,
        "archive": str(archive) if sampled else None,
        "per_source": per_source if sampled else None,
        "fields": {
            name: {
                "correct": score.correct,
                "total": score.total,
                "accuracy": round(score.accuracy, 4),
                "misses": score.misses[:MISSES_KEPT],
            }
            for name, score in scores.items()
        },
    }
    with atomic_file(path) as partial:
        partial.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", "utf-8")
