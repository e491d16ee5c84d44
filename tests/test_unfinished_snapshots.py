"""A snapshot whose crawl did not finish is extracted only when asked, and quality.json says
how each snapshot's crawl ended."""

from __future__ import annotations

import json

import pytest

from siaran.spiders import extract
from tests.archives import SNAPSHOT, crawl_folder
from tests.replica import build

KEY = "papua"


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replica")
    build.main([KEY], folder)
    return folder


@pytest.mark.parametrize(
    ("finish_reason", "said"), [("shutdown", "shutdown"), (None, "no crawl report")]
)
def test_an_unfinished_snapshot_is_refused_unless_asked_for(replica, tmp_path, finish_reason, said):
    snapshot = crawl_folder(replica, KEY, tmp_path / "raw", finish_reason)
    out = tmp_path / "out"
    with pytest.raises(extract.UnfinishedCrawl) as refused:
        extract.main(tmp_path / "raw", out, [KEY])
    assert str(refused.value) == (
        f"crawl did not finish: {snapshot} ({said}); resume it by running the same siaran "
        "crawl again, or extract it as it is with --include-unfinished"
    )
    assert not out.exists()
    report = extract.main(tmp_path / "raw", out, [KEY], include_unfinished=True)
    mode = "replay" if finish_reason else None
    assert report[KEY]["snapshots"] == [
        {"snapshot": SNAPSHOT, "finish_reason": finish_reason, "mode": mode}
    ]
    assert (
        json.loads((out / "quality.json").read_text())[KEY]["snapshots"] == report[KEY]["snapshots"]
    )
    assert report[KEY]["releases"] == 72


def test_quality_lists_every_snapshot_with_how_its_crawl_ended(replica, tmp_path):
    crawl_folder(replica, KEY, tmp_path / "raw")
    report = extract.main(tmp_path / "raw", tmp_path / "out", [KEY])
    assert report[KEY]["snapshots"] == [
        {"snapshot": SNAPSHOT, "finish_reason": "finished", "mode": "replay"}
    ]
