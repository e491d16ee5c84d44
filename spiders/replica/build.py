"""Stage replica: write each replica site as WARC keyed by real URLs, plus its ground truth."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from spiders import __version__
from spiders.release import RELEASE_SCHEMA
from spiders.replica.site import CAPTURED_AT, SYNTHETIC_NOTICE, Site
from spiders.replica.sites import build_site
from spiders.warc import ArchiveWriter

TRUTH_FIELDS = (
    "source",
    "url",
    "canonical_url",
    "title",
    "published_at",
    "event_date",
    "body",
    "byline",
    "byline_unit",
    "writers",
    "dateline_place",
    "categories",
)
TRUTH_SCHEMA = pl.Schema({name: RELEASE_SCHEMA[name] for name in TRUTH_FIELDS})
REQUEST_HEADERS = [("User-Agent", f"siaran-replica/{__version__}"), ("Accept", "*/*")]


def write_site(site: Site, directory: Path) -> None:
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
            fetched_at=CAPTURED_AT,
        )
    writer.close()


def ground_truth(site: Site) -> pl.DataFrame:
    rows = [{
        "source": site.key, "url": url, "canonical_url": url, "title": release.title,
        "published_at": release.published_local, "event_date": release.event_date,
        "body": release.body, "byline": release.byline,
        "byline_unit": release.byline_unit, "writers": release.writers,
        "dateline_place": release.dateline_place, "categories": [release.category],
    } for url, release in site.releases]  # fmt: skip
    return pl.DataFrame(rows, schema=TRUTH_SCHEMA, orient="row")


def main(sources: list[str], out_dir: Path) -> pl.DataFrame:
    """Write ``<out>/<key>/*.warc.gz`` for each source and ``<out>/groundtruth.parquet``."""
    truths = []
    for key in sources:
        site = build_site(key)
        write_site(site, out_dir / key)
        truths.append(ground_truth(site))
    truth = pl.concat(truths).sort("source", "url")
    truth.write_parquet(out_dir / "groundtruth.parquet")
    return truth
