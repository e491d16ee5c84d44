"""The extract stage's page cache: the same rows as a fresh extraction, only what changed read
again, a damaged cache file never trusted."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from siaran.spiders import extract, pagecache
from siaran.spiders.archive.writer import ArchiveWriter
from siaran.spiders.registry.source import get_source
from tests.replica.build import REQUEST_HEADERS, all_sites

KEYS = ["mc_kalsel", "beritajakarta"]


def outputs(folder: Path) -> dict:
    frames = {key: pl.read_parquet(folder / f"{key}.parquet") for key in KEYS}
    return {"frames": frames, "quality": json.loads((folder / "quality.json").read_text())}


def same(a: dict, b: dict) -> bool:
    return a["quality"] == b["quality"] and all(a["frames"][k].equals(b["frames"][k]) for k in KEYS)


def served(cache: Path) -> dict:
    return json.loads((cache / "last_run.json").read_text())


def raw_folder(source_run, tmp_path: Path) -> Path:
    """A crawl folder per source of ``KEYS``, in one folder of our own."""
    raw = tmp_path / "raw"
    for key in KEYS:
        shutil.copytree(source_run(key).raw, raw / key)
    return raw


def test_cached_rows_are_a_fresh_extractions(source_run, tmp_path):
    raw, cache = raw_folder(source_run, tmp_path), tmp_path / "cache"
    extract.main(raw, tmp_path / "fresh", KEYS)
    extract.main(raw, tmp_path / "first", KEYS, cache_dir=cache)
    pages = {key: served(cache)[key]["extracted"] for key in KEYS}
    assert all(pages.values()) and not any(served(cache)[k]["cached"] for k in KEYS)
    extract.main(raw, tmp_path / "second", KEYS, cache_dir=cache)
    assert served(cache) == {key: {"cached": pages[key], "extracted": 0} for key in KEYS}
    fresh = outputs(tmp_path / "fresh")
    assert same(fresh, outputs(tmp_path / "first")) and same(fresh, outputs(tmp_path / "second"))


def test_a_changed_fingerprint_reads_that_source_again_and_no_other(
    source_run, tmp_path, monkeypatch
):
    raw, cache = raw_folder(source_run, tmp_path), tmp_path / "cache"
    extract.main(raw, tmp_path / "first", KEYS, cache_dir=cache)
    pages = served(cache)["beritajakarta"]["extracted"]
    original = pagecache.page_fingerprint

    def fingerprint(source):  # as if beritajakarta's page object had changed
        return original(source)[::-1] if source.key == "beritajakarta" else original(source)

    monkeypatch.setattr(pagecache, "page_fingerprint", fingerprint)
    extract.main(raw, tmp_path / "second", KEYS, cache_dir=cache)
    assert served(cache)["beritajakarta"] == {"cached": 0, "extracted": pages}
    assert served(cache)["mc_kalsel"]["extracted"] == 0
    assert same(outputs(tmp_path / "first"), outputs(tmp_path / "second"))
    assert len(list((cache / "beritajakarta").glob("*.parquet"))) == 1  # the stale one is gone


def test_the_fingerprint_follows_the_code_a_page_object_runs(tmp_path, monkeypatch):
    code = tmp_path / "spiders"
    spiders = pagecache.ROOT / "spiders"
    shutil.copytree(spiders, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(pagecache, "ROOT", tmp_path)
    wordpress, site = get_source("mc_kalsel"), get_source("beritajakarta")
    before = {s.key: pagecache.page_fingerprint(s) for s in (wordpress, site)}

    def after(path: str) -> dict[str, str]:
        with open(code / path, "a") as module:
            module.write("\n# changed\n")
        return {s.key: pagecache.page_fingerprint(s) for s in (wordpress, site)}

    changed = after("pages/beritajakarta.py")
    assert changed["mc_kalsel"] == before["mc_kalsel"] != before["beritajakarta"]
    assert changed["beritajakarta"] != before["beritajakarta"]
    assert after("crawl/stage.py") == changed  # code the page objects do not run
    shared = after("parse/dates.py")
    assert all(shared[key] != changed[key] for key in shared)


def test_a_damaged_cache_file_is_rebuilt_with_a_warning(source_run, tmp_path, caplog):
    raw, cache = raw_folder(source_run, tmp_path), tmp_path / "cache"
    extract.main(raw, tmp_path / "first", KEYS, cache_dir=cache)
    pages = served(cache)["mc_kalsel"]["extracted"]
    (damaged,) = (cache / "mc_kalsel").glob("*.parquet")
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    extract.main(raw, tmp_path / "second", KEYS, cache_dir=cache)
    assert "damaged" in caplog.text and str(damaged) in caplog.text
    assert served(cache)["mc_kalsel"] == {"cached": 0, "extracted": pages}
    assert same(outputs(tmp_path / "first"), outputs(tmp_path / "second"))
    (rebuilt,) = (cache / "mc_kalsel").glob("*.parquet")
    fingerprint = rebuilt.stem.split("-")[0]
    assert pagecache.SourceCache(rebuilt.parent, fingerprint, extract.CACHE_SCHEMA).load().path
    extract.main(raw, tmp_path / "third", KEYS, cache_dir=cache)
    assert served(cache)["mc_kalsel"] == {"cached": pages, "extracted": 0}


def test_new_pages_of_a_new_snapshot_are_read_and_the_old_ones_served(source_run, tmp_path):
    raw, cache = raw_folder(source_run, tmp_path), tmp_path / "cache"
    extract.main(raw, tmp_path / "first", KEYS, cache_dir=cache)
    old = served(cache)["mc_kalsel"]["extracted"]
    # The site three releases later, its new release pages in a later snapshot.
    site, before = all_sites(3)["mc_kalsel"], {url for url, _ in all_sites()["mc_kalsel"].releases}
    new = [url for url, _ in site.releases if url not in before]
    assert len(new) == 3
    snapshot = raw / "mc_kalsel" / "20241216T020000Z"
    writer = ArchiveWriter(snapshot, "mc_kalsel", {"software": "test"})
    for url in new:
        page = site.pages[url]
        headers = page.headers(site.server)
        fetched = datetime(2024, 12, 16, 2, tzinfo=UTC)
        writer.write(url, 200, "OK", headers, page.body, REQUEST_HEADERS, fetched)
    writer.close()
    report = {"finish_reason": "finished", "mode": "live", "release_pages_archived": len(new)}
    (snapshot / "crawl_report.json").write_text(json.dumps(report))

    extract.main(raw, tmp_path / "second", KEYS, cache_dir=cache)
    assert served(cache)["mc_kalsel"] == {"cached": old, "extracted": 3}
    extract.main(raw, tmp_path / "fresh", KEYS)
    assert same(outputs(tmp_path / "fresh"), outputs(tmp_path / "second"))
    releases = outputs(tmp_path / "second")["frames"]["mc_kalsel"]
    assert set(new) <= set(releases["url"])
