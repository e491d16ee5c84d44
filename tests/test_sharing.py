"""Sharing the corpus with real DVC commands on temporary folders: `dvc push` and a new clone's
`dvc pull` give the same bytes; another project `dvc import`s it and `dvc update` follows a new
version; `dvc get` fetches it without a DVC project."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from tests.support import copy_project, dvc, run

pytestmark = pytest.mark.slow
CORPUS = "data/corpus/releases.parquet"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def commit(repo: Path, message: str) -> None:
    run(repo, "git", "add", "-A")
    run(
        repo,
        "git",
        "-c",
        "user.name=siaran",
        "-c",
        "user.email=test@siaran.invalid",
        "commit",
        "-q",
        "-m",
        message,
    )


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> tuple[Path, Path]:
    """A project (git + DVC) that built a corpus of one source and pushed it to a remote."""
    root = tmp_path_factory.mktemp("sharing")
    project = copy_project(root / "siaran", ["mc_kalsel"])
    run(project, "git", "init", "-q", "-b", "main")
    storage = root / "storage"
    # A remote others reach from anywhere on this machine: an absolute path, committed.
    dvc(project, "remote", "add", "-d", "-f", "local", str(storage))
    dvc(project, "repro")
    commit(project, "corpus of mc_kalsel")
    dvc(project, "push")
    return project, storage


def test_a_clone_pulls_the_same_corpus(shared, tmp_path):
    project, storage = shared
    assert any(storage.rglob("*")), "dvc push wrote nothing to the remote"
    clone = tmp_path / "clone"
    run(tmp_path, "git", "clone", "-q", str(project), str(clone))
    dvc(clone, "pull", CORPUS)
    assert digest(clone / CORPUS) == digest(project / CORPUS)


def test_dvc_get_needs_no_dvc_project(shared, tmp_path):
    project, _ = shared
    dvc(tmp_path, "get", str(project), CORPUS, "-o", "releases.parquet")
    assert digest(tmp_path / "releases.parquet") == digest(project / CORPUS)


def test_another_project_imports_the_corpus_and_updates_it(shared, tmp_path):
    project, _ = shared
    other = tmp_path / "study"
    other.mkdir()
    run(other, "git", "init", "-q", "-b", "main")
    dvc(other, "init", "-q")
    dvc(other, "import", str(project), CORPUS, "-o", "releases.parquet")
    assert digest(other / "releases.parquet") == digest(project / CORPUS)
    first = digest(project / CORPUS)

    # A new corpus version upstream: another source, built, committed and pushed.
    params = yaml.safe_load((project / "params.yaml").read_text())
    params["sources"] = ["mc_kalsel", "papua"]
    (project / "params.yaml").write_text(yaml.safe_dump(params))
    dvc(project, "repro")
    commit(project, "corpus of mc_kalsel and papua")
    dvc(project, "push")
    assert digest(project / CORPUS) != first

    dvc(other, "update", "releases.parquet.dvc")
    assert digest(other / "releases.parquet") == digest(project / CORPUS)
