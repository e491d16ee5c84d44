"""DVC fits collection, on a copy of the project: a page-object change re-extracts without a
crawl, a crawl-code change re-crawls, `make reextract` touches no crawl, and `make update` adds
a snapshot each time while every earlier one is kept."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import pytest
import yaml

from siaran.spiders.archive.snapshot import snapshots
from tests.replica.serve import ReplicaServer
from tests.support import copy_project, dvc, run

pytestmark = pytest.mark.slow
KEY = "mc_kalsel"


def make(project: Path, target: str) -> str:
    return run(project, "make", target, f"VENV={sys.prefix}")


def stages_run(output: str) -> set[str]:
    return set(re.findall(r"Running stage '([^']+)'", output))


def set_params(project: Path, **crawl: object) -> None:
    path = project / "params.yaml"
    params = yaml.safe_load(path.read_text())
    params["crawl"].update(crawl)
    path.write_text(yaml.safe_dump(params))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project on one source, its pipeline run once."""
    copy = copy_project(tmp_path_factory.mktemp("project") / "siaran", [KEY])
    dvc(copy, "config", "core.no_scm", "true")
    dvc(copy, "repro")
    return copy


def touched(path: Path):
    """Run the body with a comment appended to ``path``, then restore it."""

    class Touch:
        def __enter__(self):
            self.original = path.read_text()
            path.write_text(self.original + "# touched\n")

        def __exit__(self, *exc):
            path.write_text(self.original)

    return Touch()


def test_a_page_object_change_re_extracts_and_crawls_nothing(project):
    assert stages_run(dvc(project, "repro", "--dry")) == set()
    with touched(project / "spiders" / "pages" / "wordpress.py"):
        planned = stages_run(dvc(project, "repro", "--dry"))
    assert "extract" in planned and planned <= {
        "extract",
        "accuracy",
        "corpus",
        "enrich",
        "stats",
        "report",
    }
    with touched(project / "spiders" / "parse" / "byline.py"):
        assert "crawl" not in stages_run(dvc(project, "repro", "--dry"))


def test_a_crawl_code_change_re_crawls(project):
    with touched(project / "spiders" / "crawl" / "middlewares.py"):
        planned = stages_run(dvc(project, "repro", "--dry"))
    assert "crawl" in planned and "replica" not in planned


def test_reextract_runs_extract_and_what_follows_but_no_crawl(project):
    before = tree_digest(project / "data" / "raw")
    assert stages_run(make(project, "reextract")) == {
        "extract",
        "corpus",
        "enrich",
        "stats",
        "report",
    }
    assert tree_digest(project / "data" / "raw") == before


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_update_from_live_sites_keeps_every_snapshot(project):
    raw = project / "data" / "raw" / KEY
    server = ReplicaServer(project / "data" / "replica" / KEY).start()
    try:
        mirror = {"diskominfomc.kalselprov.go.id": f"http://127.0.0.1:{server.port}"}
        set_params(project, mode="live", host_map=mirror, download_delay=0, autothrottle=False)
        (replayed,) = snapshots(raw)
        kept = tree_digest(replayed)
        downstream = {"crawl", "extract", "corpus", "enrich", "stats", "report"}
        assert downstream <= stages_run(make(project, "update"))
        _, live = snapshots(raw)
        first_live = tree_digest(live)
        assert "crawl" in stages_run(make(project, "update"))
    finally:
        server.stop()
    assert snapshots(raw)[:2] == [replayed, live] and len(snapshots(raw)) == 3
    assert tree_digest(replayed) == kept and tree_digest(live) == first_live
    # Each update fetched what is new and no release page an earlier snapshot holds.
    for snapshot in snapshots(raw)[1:]:
        report = json.loads((snapshot / "crawl_report.json").read_text())
        assert report["mode"] == "live" and report["finish_reason"] == "finished"
        assert report["release_pages_archived"] == 0 and report["known_releases_skipped"] > 60
    quality = json.loads((project / "data" / "extracted" / "quality.json").read_text())
    assert quality[KEY]["valid_share"] == 1.0 and quality[KEY]["releases"] == 73


def test_metrics_plots_and_report_after_a_repro(project):
    shown = json.loads(dvc(project, "metrics", "show", "--json"))
    coverage = shown[""]["data"]["metrics/coverage.json"]["data"]
    assert coverage["releases"]["documents"] > 0 and "attention" in coverage
    table = dvc(project, "metrics", "show", "metrics/coverage.json")
    assert "releases.documents" in table and "sources.count" in table
    plots = json.loads(dvc(project, "plots", "show", "--json"))["data"]
    assert {"volume", "attention"} <= set(plots)
    for name in ("volume", "attention"):
        (rendered,) = plots[name]
        assert rendered["type"] == "vega" and rendered["content"]["data"]["values"], name
    dvc(project, "plots", "show", "-o", "plots")
    shown_page = (project / "plots" / "index.html").read_text()
    # Offline: the libraries are in the page, nothing is loaded from elsewhere.
    assert "Releases per month" in shown_page and "vegaEmbed" in shown_page
    assert "<script src" not in shown_page and "cdn.jsdelivr" not in shown_page
    page = (project / "reports" / "coverage.html").read_text()
    assert '<section id="voices">' in page and "<script src" not in page
