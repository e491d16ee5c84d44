"""Stage replica: every source's replica site as WARC keyed by real URLs, its ground truth and
the signals it plants (``signals.json``)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import polars as pl

from siaran.spiders import __version__
from siaran.spiders.archive.writer import ArchiveWriter
from siaran.spiders.registry.gazetteer import province_timezone, regencies
from siaran.spiders.registry.source import Source, get_source, load_sources
from siaran.spiders.release import RELEASE_SCHEMA
from tests.replica.site import CAPTURED_AT, SYNTHETIC_NOTICE, Site
from tests.replica.sites import build_site, profile
from tests.replica.synthetic import (
    CAPITALS,
    ELECTION_DAY,
    Signals,
    SyntheticRelease,
    later_releases,
    make_infopublik,
    make_releases,
    speakers,
)

TRUTH_FIELDS = (
    "source",
    "url",
    "canonical_url",
    "province_code",
    "timezone",
    "title",
    "published_at",
    "event_date",
    "body",
    "byline",
    "byline_unit",
    "writers",
    "editors",
    "dateline_place",
    "categories",
)
QUOTE = pl.Struct(
    {"speaker": pl.String(), "role": pl.String(), "verb": pl.String(), "kind": pl.String()}
)
TRUTH_SCHEMA = pl.Schema(
    {
        **{name: RELEASE_SCHEMA[name] for name in TRUTH_FIELDS},
        "topic": pl.String(),
        "places": pl.List(pl.String()),
        "quotes": pl.List(QUOTE),
        "repost_of": pl.String(),
    }
)
REQUEST_HEADERS = [("User-Agent", f"siaran-replica/{__version__}"), ("Accept", "*/*")]


def captured_at(grow: int) -> datetime:
    """When a replica's pages were captured: a grown site a minute later per release it added,
    so a replay of it writes a new snapshot beside the earlier replay's, as a later crawl of
    the live site would."""
    return CAPTURED_AT + timedelta(minutes=grow)


def write_site(site: Site, directory: Path, captured: datetime = CAPTURED_AT) -> None:
    info = {
        "software": f"siaran-replica/{__version__}",
        "format": "WARC File Format 1.1",
        "description": SYNTHETIC_NOTICE,
        "siaran-source": site.key,
    }
    writer = ArchiveWriter(directory, site.key, info)
    for url in sorted(site.pages):
        page = site.pages[url]
        writer.write(
            url=url,
            status=page.status,
            reason="OK" if page.status == 200 else "",
            headers=page.headers(site.server),
            body=page.body,
            request_headers=REQUEST_HEADERS,
            fetched_at=captured,
        )
    writer.close()


def panel(
    sources: list[Source], signals: Signals, grow: int = 0
) -> dict[str, list[SyntheticRelease]]:
    """Every source's releases (``grow`` more after the panel for each provincial source);
    aggregators repost from the provincial panel."""
    releases = {s.key: make_releases(profile(s), signals) for s in sources if not s.aggregator}
    # Aggregators repost from the panel, so a grown panel leaves them as they were.
    reposted = {key: list(panel) for key, panel in releases.items()}
    for key, earlier in list(releases.items()):
        earlier.extend(later_releases(profile(get_source(key)), earlier, grow, signals))
    for source in sources:
        if source.aggregator:
            releases[source.key] = make_infopublik(profile(source), reposted, signals)
    return releases


def ground_truth(sites: list[Site], every_site: list[Site]) -> pl.DataFrame:
    url_of = {id(r): url for site in every_site for url, r in site.releases}
    rows = [
        {
            "source": site.key,
            "url": url,
            "canonical_url": site.canonical.get(url, url),
            "province_code": r.province_code,
            "timezone": province_timezone(r.province_code) if r.province_code else "Asia/Jakarta",
            "title": r.title,
            "published_at": r.published_local,
            "event_date": r.event_date,
            "body": r.body,
            "byline": r.byline,
            "byline_unit": r.byline_unit,
            "writers": r.writers,
            "editors": [r.editor] if r.editor else [],
            "dateline_place": r.dateline_place,
            "categories": [r.category],
            "topic": r.topic,
            "places": r.places,
            "quotes": [vars(q) for q in r.quotes],
            "repost_of": url_of.get(id(r.repost_of)) if r.repost_of else None,
        }
        for site in sites
        for url, r in site.releases
    ]
    return pl.DataFrame(rows, schema=TRUTH_SCHEMA, orient="row").sort("source", "url")


def planted(truth: pl.DataFrame, sources: list[Source], signals: Signals) -> dict:
    """The signals as they came out in this replica, measured on the ground truth."""
    text = pl.concat_str("title", "body", separator=" ").str.to_lowercase()
    month = pl.col("published_at").dt.convert_time_zone("Asia/Jakarta").dt.strftime("%Y-%m")
    share = (
        truth.group_by(month.alias("month"))
        .agg(text.str.contains("pilkada").mean().round(4).alias("share"))
        .sort("month")
    )
    mentioned = dict(
        truth.explode("places").group_by("source").agg(pl.col("places").unique()).iter_rows()
    )
    provincial = [s for s in sources if not s.aggregator]
    return {
        "notice": SYNTHETIC_NOTICE,
        "silent": {
            "source": signals.silent_source,
            "weeks": [w.isoformat() for w in signals.silent_weeks],
        },
        "pilkada_share_by_month": dict(share.iter_rows()),
        "election_day": ELECTION_DAY.isoformat(),
        "capitals": {s.key: CAPITALS[s.province_code] for s in provincial},
        "never_mentioned": {
            s.key: sorted(set(regencies(s.province_code).values()) - set(mentioned.get(s.key, [])))
            for s in provincial
        },
        "speakers": {s.key: [vars(p) for p in speakers(s.province_code)] for s in provincial},
        "reposts": truth.filter(pl.col("repost_of").is_not_null())
        .select(repost="url", original="repost_of")
        .to_dicts(),
    }


@cache
def all_sites(grow: int = 0) -> dict[str, Site]:
    """Every registered source's site, built once: a source's replica is the same whichever
    sources are written with it, and reposts can name their originals' URLs."""
    signals = Signals()
    sources = list(load_sources().values())
    releases = panel(sources, signals, grow)
    return {source.key: build_site(source, releases[source.key]) for source in sources}


def main(keys: list[str], out_dir: Path, grow: int = 0) -> pl.DataFrame:
    """Write ``<out>/<key>/*.warc.gz`` per source, ``groundtruth.parquet`` and ``signals.json``;
    ``grow``: the sites once each provincial source has published that many more releases."""
    sources = [get_source(key) for key in keys]
    sites = all_sites(grow)
    for key in keys:
        write_site(sites[key], out_dir / key, captured_at(grow))
    truth = ground_truth([sites[key] for key in keys], list(sites.values()))
    truth.write_parquet(out_dir / "groundtruth.parquet")
    signals_path = out_dir / "signals.json"
    signals_path.write_text(
        json.dumps(planted(truth, sources, Signals()), indent=2, ensure_ascii=False, sort_keys=True)
        + "\n"
    )
    return truth
