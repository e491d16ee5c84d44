"""Bad input gets one line naming the file or field and the problem: exit 1 for a failed run,
2 for a usage error, the traceback only with --debug. Every case here printed a traceback or
passed silently before."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest
import yaml

from siaran.spiders.extract import write_manifest
from siaran.spiders.release import EXTRACTED_SCHEMA, RELEASE_SCHEMA
from tests.replica import build
from tests.support import ROOT, SIARAN

pytestmark = pytest.mark.slow  # each case starts the command in a process of its own


def siaran(*arguments: str, command: list[str] = SIARAN) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def assert_one_line(done: subprocess.CompletedProcess, code: int, *words: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == code, done.stderr[-2000:]
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture(scope="module")
def crawl_folder(tmp_path_factory) -> Path:
    """A replay crawl of one source: a folder with one snapshot."""
    root = tmp_path_factory.mktemp("crawl")
    build.main(["mc_kalsel"], root / "replica")
    done = siaran(
        "crawl",
        "mc_kalsel",
        "--archive",
        str(root / "replica" / "mc_kalsel"),
        "--out",
        str(root / "raw" / "mc_kalsel"),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return root / "raw"


def damaged_copy(crawl_folder: Path, tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(crawl_folder, raw)
    return raw


@pytest.mark.parametrize("damage", ["zero_bytes", "not_parquet", "no_offset_column"])
def test_a_damaged_record_index_is_named(crawl_folder, tmp_path, damage):
    raw = damaged_copy(crawl_folder, tmp_path)
    (index,) = raw.rglob("index.parquet")
    if damage == "zero_bytes":
        index.write_bytes(b"")
    elif damage == "not_parquet":
        index.write_bytes(b"PAR1 this is not a parquet file PAR1")
    else:
        pl.read_parquet(index).drop("offset").write_parquet(index)
    params = params_for(tmp_path, sources=["mc_kalsel"])
    done = siaran("extract", "--raw", str(raw), "--out", str(tmp_path / "out"), "--params", params)
    # A damaged index is not trusted: the WARC files are read instead, and nothing is lost.
    assert done.returncode == 0, done.stderr[-2000:]
    assert pl.read_parquet(tmp_path / "out" / "mc_kalsel.parquet").height == 73


def params_for(folder: Path, **changes: object) -> str:
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    params.update(changes)
    path = folder / "params.yaml"
    path.write_text(yaml.safe_dump(params))
    return str(path)


def corpus_input(tmp_path: Path, frame: pl.DataFrame) -> Path:
    folder = tmp_path / "extracted"
    folder.mkdir()
    frame.write_parquet(folder / "mc_kalsel.parquet")
    return folder


def test_a_corrupt_source_parquet_is_named(tmp_path):
    folder = tmp_path / "extracted"
    folder.mkdir()
    pl.DataFrame(schema=EXTRACTED_SCHEMA).write_parquet(folder / "mc_kalsel.parquet")
    write_manifest(folder, ["mc_kalsel"])
    (folder / "mc_kalsel.parquet").write_bytes(b"PAR1 garbage")  # damaged after extraction
    done = siaran("corpus", str(folder), "--out", str(tmp_path / "corpus"))
    assert_one_line(done, 1, "mc_kalsel.parquet")


@pytest.mark.parametrize("change", ["missing", "mistyped"])
def test_a_corpus_with_a_missing_or_mistyped_column_is_named(tmp_path, change):
    corpus = tmp_path / "corpus.parquet"
    frame = pl.DataFrame(schema=RELEASE_SCHEMA)
    if change == "missing":
        frame = frame.drop("published_at")
    else:
        frame = frame.with_columns(pl.col("published_at").cast(pl.String))
    frame.write_parquet(corpus)
    done = siaran("stats", "--corpus", str(corpus), "--out", str(tmp_path / "stats"))
    assert_one_line(done, 1, "published_at")


def test_an_unknown_time_zone_takes_the_provinces(tmp_path):
    row = {name: None for name in RELEASE_SCHEMA.names()} | {
        "doc_id": "a",
        "source": "mc_kalsel",
        "province_code": "63",
        "timezone": "Asia/Atlantis",
        "title": "t",
        "dup_cluster": "a",
        "published_at": datetime(2024, 6, 30, 17, 0, tzinfo=UTC),  # 1 July, 01:00 WITA
        "fetched_at": datetime(2024, 12, 15, tzinfo=UTC),
    }
    corpus = tmp_path / "corpus.parquet"
    pl.DataFrame([row], schema=RELEASE_SCHEMA).write_parquet(corpus)
    done = siaran("stats", "--corpus", str(corpus), "--out", str(tmp_path / "stats"))
    assert done.returncode == 0, done.stderr[-2000:]
    volume = pl.read_parquet(tmp_path / "stats" / "volume.parquet")
    assert volume.filter(pl.col("granularity") == "month")["period"].to_list() == [date(2024, 7, 1)]


def test_params_without_a_crawl_section(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("sources: all\n")
    done = siaran("crawl", "mc_kalsel", "--params", str(params))
    assert_one_line(done, 2, str(params), "'crawl'")


def test_crawl_output_that_is_a_file(tmp_path, crawl_folder):
    out = tmp_path / "a-file"
    out.write_text("not a folder")
    replica = crawl_folder.parent / "replica" / "mc_kalsel"
    done = siaran("crawl", "mc_kalsel", "--archive", str(replica), "--out", str(out))
    assert_one_line(done, 1, str(out))


def test_corpus_output_that_is_a_file(tmp_path):
    out = tmp_path / "a-file"
    out.write_text("not a folder")
    done = siaran("corpus", str(tmp_path), "--out", str(out))
    assert_one_line(done, 1)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"just some words", "not an HTML or JSON page"),
    ],
)
def test_extract_page_refuses_what_is_no_page(tmp_path, content, words):
    page = tmp_path / "page.html"
    page.write_bytes(content)
    done = siaran("extract-page", "--source", "mc_kalsel", "--url", "https://x.go.id/a", str(page))
    assert_one_line(done, 1, str(page), words)


def test_extract_page_of_a_folder(tmp_path):
    done = siaran(
        "extract-page", "--source", "mc_kalsel", "--url", "https://x.go.id/a", str(tmp_path)
    )
    assert_one_line(done, 1, str(tmp_path), "folder")


def test_replica_server_on_a_busy_or_invalid_port():
    command = [sys.executable, "-m", "tests.replica"]
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = siaran("serve", "--port", str(port), command=command)
    assert_one_line(done, 1, f"127.0.0.1:{port}", "in use")
    assert_one_line(siaran("serve", "--port", "70000", command=command), 2, "--port")


def test_usage_errors_exit_2_and_debug_shows_the_traceback(tmp_path):
    assert_one_line(siaran("crawl", "mc_kalsel", "papua", "--out", "x"), 2, "one KEY")
    assert_one_line(siaran("no-such-command"), 2, "no-such-command")
    page = tmp_path / "page.html"
    page.write_bytes(b"")
    debug = siaran(
        "extract-page", "--source", "mc_kalsel", "--url", "https://x.go.id/a", str(page), "--debug"
    )
    assert debug.returncode == 1 and "Traceback" in debug.stderr
