"""`siaran corpus diff --rev A --rev B` reads the DVC-tracked corpus at two git revisions: here
a git and DVC repository with two committed corpus versions pushed to a local remote, and an
empty cache, so the data comes from the remote as it does in a fresh clone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpora import corpus, release
from tests.support import SIARAN

pytestmark = pytest.mark.slow  # git, DVC and the command, each in a process of its own
ENV = {
    **os.environ,
    "DVC_NO_ANALYTICS": "1",
    "GIT_AUTHOR_NAME": "siaran tests",
    "GIT_AUTHOR_EMAIL": "tests@siaran.invalid",
    "GIT_COMMITTER_NAME": "siaran tests",
    "GIT_COMMITTER_EMAIL": "tests@siaran.invalid",
}


def run(folder: Path, *command: str, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=folder, env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 or not ok, done.stdout[-2000:] + done.stderr[-2000:]
    return done


def dvc(folder: Path, *arguments: str) -> None:
    run(folder, sys.executable, "-m", "dvc", *arguments)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """Two commits of data/corpus (the corpus stage's output folder), pushed, cache emptied."""
    root = tmp_path_factory.mktemp("revisions")
    folder, remote = root / "project", root / "remote"
    (folder / "data" / "corpus").mkdir(parents=True)
    run(folder, "git", "init", "-q")
    dvc(folder, "init", "-q")
    dvc(folder, "remote", "add", "-d", "store", str(remote))
    versions = [
        corpus(release("a", title="Old headline"), release("gone", source="papua")),
        corpus(release("a", title="Fixed headline"), release("new", source="papua")),
    ]
    for number, releases in enumerate(versions):
        releases.write_parquet(folder / "data" / "corpus" / "releases.parquet")
        dvc(folder, "add", "-q", "data/corpus")
        run(folder, "git", "add", "-A")
        run(folder, "git", "commit", "-qm", f"corpus {number}")
        dvc(folder, "push", "-q")
    shutil.rmtree(folder / ".dvc" / "cache")
    return folder


def test_two_revisions_of_the_tracked_corpus(project):
    done = run(project, *SIARAN, "corpus", "diff", "--rev", "HEAD~1", "--rev", "HEAD", "--json")
    result = json.loads(done.stdout)
    assert result["old"] == "data/corpus/releases.parquet@HEAD~1"
    assert result["new"] == "data/corpus/releases.parquet@HEAD"
    assert result["doc_ids"] == {"added": ["new"], "removed": ["gone"], "changed": {"a": ["title"]}}


def test_a_revision_against_the_workspace_from_elsewhere(project, tmp_path):
    workspace = project / "data" / "corpus" / "releases.parquet"
    done = run(
        tmp_path,
        *SIARAN,
        "corpus",
        "diff",
        "--repo",
        str(project),
        "--rev",
        "HEAD~1",
        str(workspace),
        "--json",
    )
    assert json.loads(done.stdout)["by_field"] == {"title": 1}


def test_an_unknown_revision_is_one_line_naming_it(project):
    done = run(project, *SIARAN, "corpus", "diff", "--rev", "v9", "--rev", "HEAD", ok=False)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr
    assert "data/corpus/releases.parquet@v9: cannot read it from DVC" in lines[0]
