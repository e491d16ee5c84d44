"""A publication time before 1990 or more than a day after the capture is set aside, with the
page's value kept in quality.json; a page whose date breaks its page object costs only itself."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from siaran.spiders import extract
from siaran.spiders.archive.reader import StoredResponse, iter_responses, warc_files
from siaran.spiders.archive.writer import ArchiveWriter
from siaran.spiders.pages import page_class
from siaran.spiders.registry.source import get_source
from tests.replica import build

KEY = "mc_kalsel"
CAPTURED = datetime(2024, 12, 15, 2, tzinfo=UTC)
SEED = "senkom-mitra-polri"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[StoredResponse]:
    """The replica's release pages, decoded."""
    folder = tmp_path_factory.mktemp("replica")
    build.main([KEY], folder)
    source = get_source(KEY)
    found = [
        r for p in warc_files(folder) for r in iter_responses(p) if source.is_release_url(r.url)
    ]
    return [
        StoredResponse(
            r.url,
            200,
            [("Content-Type", "text/html; charset=utf-8")],
            r.content,
            r.fetched_at,
            r.warc_file,
            r.offset,
        )
        for r in found
    ]


def dated(stored: StoredResponse, stamp: str, line: str) -> StoredResponse:
    """The seed page with its metadata time ``stamp`` and its dates written ``line``."""
    body = stored.body.replace(b"2024-07-22T16:05:00+08:00", stamp.encode())
    body = body.replace(b"22 Juli 2024", line.encode())
    return StoredResponse(stored.url, 200, stored.headers, body, CAPTURED, stored.warc_file, 0)


def seed(pages):
    return next(p for p in pages if SEED in p.url)


@pytest.mark.parametrize(
    ("stamp", "line"),
    [
        ("9999-07-22T16:05:00+08:00", "22 Juli 9999"),
        ("2200-07-22T16:05:00+08:00", "22 Juli 2200"),
        ("1900-07-22T16:05:00+08:00", "22 Juli 1900"),
        ("2024-12-17T10:00:00+08:00", "17 Desember 2024"),  # two days after the capture
    ],
)
def test_an_implausible_publication_time_is_set_aside(pages, stamp, line):
    (row,) = extract.release_rows(get_source(KEY), dated(seed(pages), stamp, line), lambda _: None)
    assert (row["published_at"], row["date_source"]) == (None, "implausible")
    assert row["implausible_date"] == datetime.fromisoformat(stamp).astimezone(UTC).isoformat()
    assert row["title"] and row["body"]


def test_a_plausible_time_stays_and_a_saved_page_is_judged_by_today(pages):
    stored = dated(seed(pages), "2024-12-16T07:00:00+08:00", "16 Desember 2024")
    (row,) = extract.release_rows(get_source(KEY), stored, lambda _: None)
    assert row["published_at"] == datetime(2024, 12, 15, 23, tzinfo=UTC)
    assert row["date_source"] == "metadata" and "implausible_date" not in row
    # Outside a crawl there is no capture time: now is the limit.
    (saved,) = extract.saved_page_rows(KEY, stored.url, stored.body, stored.warc_file)
    assert saved["published_at"] == datetime(2024, 12, 15, 23, tzinfo=UTC)
    later = dated(seed(pages), "2200-07-22T16:05:00+08:00", "22 Juli 2200")
    (saved,) = extract.saved_page_rows(KEY, later.url, later.body, later.warc_file)
    assert (saved["published_at"], saved["date_source"]) == (None, "implausible")
    assert "implausible_date" not in saved  # the schema's columns only


def test_extraction_keeps_implausible_dates_and_survives_a_page_that_raises(
    pages, tmp_path, monkeypatch
):
    snapshot = tmp_path / "raw" / KEY / "20241215T020000Z"
    writer = ArchiveWriter(snapshot, KEY, {"software": "test"})
    far = dated(seed(pages), "9999-07-22T16:05:00+08:00", "22 Juli 9999")
    year_one = dated(seed(pages), "0001-01-01T01:05:00", "1 Januari 0001")
    others = [p for p in pages if SEED not in p.url][:3]
    for number, stored in enumerate([*others, far, year_one, seed(pages)]):
        url = stored.url.replace(SEED, f"{SEED}-{number}")
        writer.write(url, 200, "OK", stored.headers, stored.body, [], CAPTURED)
    writer.close()
    page = page_class(get_source(KEY))

    class Raising(page):  # what a page object did with a page of year 1 (parse_iso overflowed)
        def releases(self, lookup):
            if f"{SEED}-5-" in self.url:
                raise OverflowError("date value out of range")
            return super().releases(lookup)

    monkeypatch.setattr(extract, "page_class", lambda source: Raising)
    extraction = extract.extract_source(get_source(KEY), tmp_path / "raw")
    releases = extraction.releases
    assert releases.height == 5 and extraction.errors == 1
    assert releases["date_source"].cast(str).to_list().count("implausible") == 1
    earliest = releases["published_at"].drop_nulls().min()
    assert earliest >= extract.EARLIEST_PUBLICATION  # year 1 is no date
    quality = extract.quality(extraction)
    assert quality["implausible_dates"] == {
        "count": 1,
        "first": [
            {"url": far.url.replace(SEED, f"{SEED}-3"), "published_at": "9999-07-22T08:05:00+00:00"}
        ],
    }
    (failure,) = extraction.failures
    assert failure["reason"] == "extraction_error"
    assert failure["detail"] == (
        f"{seed(pages).url.replace(SEED, f'{SEED}-5')}: the wordpress page object failed: "
        "OverflowError: date value out of range"
    )
