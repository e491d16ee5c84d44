"""The siaran command: arguments in, a stage's main called, clear one-line errors out."""

import json
import subprocess

import pytest
from typer.testing import CliRunner

from siaran.spiders.archive.reader import iter_responses, warc_files
from siaran.spiders.cli import app
from tests.replica import build
from tests.support import ROOT, SIARAN


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replica")
    return folder, build.main(["mc_kalsel"], folder)


def test_extract_page_reads_a_saved_page_from_stdin(replica):
    folder, truth = replica
    release = truth.row(0, named=True)
    stored = next(
        r for path in warc_files(folder) for r in iter_responses(path) if r.url == release["url"]
    )
    result = CliRunner().invoke(
        app,
        ["extract-page", "--source", "mc_kalsel", "--url", release["url"], "-"],
        input=stored.body,
    )
    assert result.exit_code == 0, result.output
    fields = json.loads(result.output)
    assert fields["title"] == release["title"]
    assert fields["body"] == release["body"]
    assert fields["published_at"] == release["published_at"].isoformat()
    assert fields["fetched_at"] is None
    assert fields["doc_id"] and fields["source"] == "mc_kalsel"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["crawl", "mc_kalsel", "papua", "--out", "x"], "give one KEY"),
        (["crawl", "kalsel"], "unknown source 'kalsel'; registered: acehprov"),
        (["crawl", "mc_kalsel", "--mode", "ftp"], "unknown crawl mode 'ftp'"),
        (["crawl", "mc_kalsel", "--host-map", "example.org"], "DOMAIN=http://HOST:PORT"),
        (["crawl", "mc_kalsel", "--archive", "/nonexistent"], "holds no .warc"),
    ],
)
def test_bad_arguments_get_one_clear_line(arguments, message, tmp_path):
    done = subprocess.run(
        [*SIARAN, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr
