"""Indonesian dates: page dates, ISO metadata and in-text event dates.

A date without a zone is local time of the publishing province; results are UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

# One month a line, with its spellings: full, abbreviated, and the old 'Pebruari'/'Nopember'.
# fmt: off
MONTHS = {
    "januari": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2,
    "maret": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12,
}
# fmt: on
ZONES = {
    "wib": ZoneInfo("Asia/Jakarta"),
    "wita": ZoneInfo("Asia/Makassar"),
    "wit": ZoneInfo("Asia/Jayapura"),
}
WEEKDAYS = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)"
# The time may follow the date after a comma, a bar or a dash ('Jumat, 27 November 2026 -
# 15:45'); '1.208 kali dibaca' after a date is no time.
_TIME = (
    r"(?:\s*[,|\-–—]?\s*(?:pukul\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?!\d)"
    r"(?:[:.](?P<second>\d{2})(?!\d))?)?(?:\s*(?P<zone>wita|wib|wit)\b)?"
)
_NAMED = re.compile(
    rf"(?:{WEEKDAYS},?\s*)?(?P<day>\d{{1,2}})\s+(?P<month>[a-z]+)\.?\s+(?P<year>\d{{4}})" + _TIME,
    re.IGNORECASE,
)
# Not after '(': 'Senin (22/7/2024)' is the event's day, never the page's date.
_NUMERIC = re.compile(
    r"(?<![(\d])(?P<day>\d{1,2})[-/](?P<month>\d{1,2})[-/](?P<year>\d{4}|\d{2})\b" + _TIME,
    re.IGNORECASE,
)
_EVENT = re.compile(
    rf"\b{WEEKDAYS}\s*\((?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})(?:/(?P<year>\d{{4}}|\d{{2}}))?\)",
    re.IGNORECASE,
)


def _full_year(year: str) -> int:
    return int(year) + 2000 if len(year) == 2 else int(year)


def _to_zone(moment: datetime, zone: tzinfo = UTC) -> datetime | None:
    """``moment`` in ``zone``; None when that falls outside the years ``datetime`` holds (a
    page dated year 1 or 9999): an out-of-range date is no date, never an exception."""
    try:
        return moment.astimezone(zone)
    except (OverflowError, ValueError):
        return None


def _to_utc(match: re.Match, month: int, local_zone: ZoneInfo) -> datetime | None:
    zone = ZONES[match["zone"].lower()] if match["zone"] else local_zone
    try:
        local = datetime(
            _full_year(match["year"]),
            month,
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            tzinfo=zone,
        )
    except ValueError:
        return None
    return _to_zone(local)


def find_page_date(text: str, local_zone: ZoneInfo) -> tuple[datetime, bool] | None:
    """First date in a page's date line, e.g. 'Kamis, 06 Februari 2025 14:50 WIB', as UTC, and
    whether the line gave its time of day."""
    for match in _NAMED.finditer(text):
        month = MONTHS.get(match["month"].lower())
        if month:
            moment = _to_utc(match, month, local_zone)
            return (moment, match["hour"] is not None) if moment else None
    match = _NUMERIC.search(text)
    moment = _to_utc(match, int(match["month"]), local_zone) if match else None
    return (moment, match["hour"] is not None) if moment else None


_TIME_OF_DAY = re.compile(
    r"(?<![\d:.])(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?![\d:.])"
    r"(?:\s*(?P<zone>wita|wib|wit)\b)?",
    re.IGNORECASE,
)


def with_time_of_day(day: datetime, texts: list[str], local_zone: ZoneInfo) -> datetime | None:
    """``day`` (a local day's start, as UTC) at the first time of day that one of ``texts``
    shows alone, as page builders print date and time in separate items ('07:11')."""
    for text in texts:
        if find_page_date(text, local_zone):
            continue
        match = _TIME_OF_DAY.search(text)
        if match:
            zone = ZONES[match["zone"].lower()] if match["zone"] else local_zone
            local = _to_zone(day, local_zone)
            if local is None:
                return None
            moment = local.replace(hour=int(match["hour"]), minute=int(match["minute"]))
            return _to_zone(moment.replace(tzinfo=zone))
    return None


def parse_page_date(text: str, local_zone: ZoneInfo) -> datetime | None:
    found = find_page_date(text, local_zone)
    return found[0] if found else None


def find_iso(text: str, local_zone: ZoneInfo) -> tuple[datetime, bool] | None:
    """ISO 8601 metadata as UTC, and whether it gave a time of day ('2024-06-07' does not)."""
    moment = parse_iso(text, local_zone)
    return (moment, "T" in text or " " in text.strip()) if moment else None


def parse_iso(text: str, local_zone: ZoneInfo) -> datetime | None:
    """ISO 8601 metadata such as article:published_time, as UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_zone)
    return _to_zone(moment)


_URL_DATE = re.compile(r"/(?P<year>20\d{2})/(?P<month>\d{2})/(?P<day>\d{2})/")


def from_url(url: str, local_zone: ZoneInfo) -> datetime | None:
    """A '/2024/07/22/' permalink date: the local day's start, as UTC (the time is unknown)."""
    match = _URL_DATE.search(url)
    if match is None:
        return None
    try:
        day = datetime(
            int(match["year"]), int(match["month"]), int(match["day"]), tzinfo=local_zone
        )
    except ValueError:
        return None
    return _to_zone(day)


def local_date(moment: datetime | None, local_zone: ZoneInfo) -> date | None:
    """The local day of a UTC moment; None for none, or one at the edge of the calendar."""
    local = _to_zone(moment, local_zone) if moment else None
    return local.date() if local else None


def event_date(body: str, published: date | None) -> date | None:
    """The in-text event date, 'Senin (22/7/2024)' or 'Kamis (15/2)' (year of publication)."""
    match = _EVENT.search(body)
    if match is None:
        return None
    if match["year"] is None and published is None:
        return None
    year = _full_year(match["year"]) if match["year"] else published.year
    try:
        event = date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    # 'Selasa (31/12)' in a release of 2 January happened the year before.
    if match["year"] is None and event - published > timedelta(days=31):
        return _in_year(event, year - 1)
    return event


def _in_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February, or a year before 1
        return None
