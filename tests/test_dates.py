from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from siaran.spiders.parse.dates import event_date, parse_iso, parse_page_date

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("Kamis, 06 Februari 2025 14:50 WIB", WITA, datetime(2025, 2, 6, 7, 50)),
        ("10 Mei 2025 14:42:04 WIB", WIB, datetime(2025, 5, 10, 7, 42, 4)),
        ("Minggu, 13 Februari 2022 | 04:29 WIB", WIB, datetime(2022, 2, 12, 21, 29)),
        ("Senin, 4 Nopember 2024 pukul 10.00 Wita", WIB, datetime(2024, 11, 4, 2, 0)),
        ("12 Pebruari 2024 09:15 wit", WIB, datetime(2024, 2, 12, 0, 15)),
        # No zone: the publishing province's local time, never UTC and never assumed WIB.
        ("22 Juli 2024 16:05", WITA, datetime(2024, 7, 22, 8, 5)),
        ("05 Agustus 2019", WIT, datetime(2019, 8, 4, 15, 0)),
        ("08-10-2026", WIB, datetime(2026, 10, 7, 17, 0)),
    ],
)
def test_page_dates(text, zone, expected):
    assert parse_page_date(text, zone) == expected.replace(tzinfo=UTC)


def test_text_without_a_date():
    assert parse_page_date("Reporter : Nurito", WIB) is None
    assert parse_page_date("31 Februari 2024", WIB) is None


def test_iso_metadata():
    assert parse_iso("2024-07-22T16:05:00+08:00", WIB) == datetime(2024, 7, 22, 8, 5, tzinfo=UTC)
    assert parse_iso("2024-07-22T16:05:00", WITA) == datetime(2024, 7, 22, 8, 5, tzinfo=UTC)
    assert parse_iso("not a date", WIB) is None


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("di Banjarbaru, Senin (22/7/2024).", date(2024, 7, 23), date(2024, 7, 22)),
        ("kata Iwan, Selasa (8/10/19).", date(2019, 10, 9), date(2019, 10, 8)),
        ("ujar Welfizon, Kamis (6/2).", date(2025, 2, 6), date(2025, 2, 6)),
        # Reported on 2 January about the last day of the year before.
        ("kata dia, Selasa (31/12).", date(2025, 1, 2), date(2024, 12, 31)),
        ("tanpa tanggal kegiatan", date(2025, 1, 2), None),
    ],
)
def test_event_dates_stay_apart_from_publication(body, published, expected):
    assert event_date(body, published) == expected
