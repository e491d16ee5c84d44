"""The analysis notebooks: stored paired and without outputs, and run top to bottom (nbmake) on
the sample corpus from another working directory, their paths given by the environment; and
where ``measures.paths()`` finds the pipeline's outputs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

from siaran.analysis.workspace import paths, project_root
from tests.support import ROOT

NAMES = ["01_overview", "02_attention", "03_geography", "04_voices", "05_quality"]
NOTEBOOKS = [ROOT / "notebooks" / f"{name}.ipynb" for name in NAMES]
VARIABLES = ("SIARAN_CORPUS", "SIARAN_ENRICHED", "SIARAN_STATS")


def test_the_notebooks_folder_holds_the_five_pairs():
    found = sorted(p.name for p in (ROOT / "notebooks").glob("*.*") if p.suffix != ".toml")
    assert found == sorted(f"{name}.{ext}" for name in NAMES for ext in ("ipynb", "py"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_paired_with_its_script(notebook):
    script = notebook.with_suffix(".py")
    assert script.is_file(), f"{notebook.name} has no paired py:percent script"
    cells = [(c.cell_type, c.source) for c in jupytext.read(notebook).cells]
    assert cells == [(c.cell_type, c.source) for c in jupytext.read(script).cells]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert code, f"{notebook.name} has no code"
    dirty = [i for i, cell in enumerate(code) if cell["outputs"] or cell["execution_count"]]
    assert not dirty, f"{notebook.name}: code cells {dirty} keep outputs; clear them"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_sample_from_another_folder(sample, notebook, tmp_path):
    # A copy in a folder with no params.yaml above it: only the environment says where the
    # data is (the corpus as its folder, as a user may give it).
    shutil.copy(notebook, tmp_path)
    env = {
        **os.environ,
        "SIARAN_CORPUS": str(sample.corpus),
        "SIARAN_ENRICHED": str(sample.enriched),
        "SIARAN_STATS": str(sample.stats),
    }
    assert project_root(tmp_path) is None
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbmake", "-p", "no:cacheprovider", notebook.name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with params.yaml's notebooks section and its three outputs, and no
    SIARAN_* variable set."""
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    (tmp_path / "params.yaml").write_text(
        "sources: all\nnotebooks:\n  corpus: data/corpus/releases.parquet\n"
        "  enriched: data/enriched\n  stats: data/stats\n"
    )
    for folder in ("corpus", "enriched", "stats"):
        (tmp_path / "data" / folder).mkdir(parents=True)
    (tmp_path / "data" / "corpus" / "releases.parquet").touch()
    return tmp_path


def test_paths_come_from_params_yaml_found_from_any_subfolder(project, monkeypatch):
    deep = project / "notebooks" / "drafts"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    found = paths()
    assert found.corpus == project.resolve() / "data" / "corpus" / "releases.parquet"
    assert found.enriched == project.resolve() / "data" / "enriched"
    assert found.stats == project.resolve() / "data" / "stats"


def test_the_environment_overrides_params_yaml(project, monkeypatch, tmp_path_factory):
    other = tmp_path_factory.mktemp("other")
    (other / "releases.parquet").touch()
    monkeypatch.setenv("SIARAN_CORPUS", str(other))  # a folder: its releases.parquet
    monkeypatch.setenv("SIARAN_STATS", str(other))
    found = paths(project)
    assert (found.corpus, found.stats) == (other / "releases.parquet", other)
    assert found.enriched == project.resolve() / "data" / "enriched"


def test_a_missing_path_names_what_to_set(project, monkeypatch, tmp_path_factory):
    shutil.rmtree(project / "data" / "stats")
    with pytest.raises(
        FileNotFoundError, match=r"data/stats: no such folder; set notebooks\.stats"
    ):
        paths(project)
    monkeypatch.setenv("SIARAN_ENRICHED", str(project / "nowhere"))
    with pytest.raises(FileNotFoundError, match="nowhere: no such folder; set SIARAN_ENRICHED"):
        paths(project)
    (project / "params.yaml").write_text("sources: all\n")
    with pytest.raises(FileNotFoundError, match=r"no 'notebooks\.corpus' path; add it or set"):
        paths(project)
    alone = tmp_path_factory.mktemp("alone")
    with pytest.raises(FileNotFoundError, match="no params.yaml in .* set SIARAN_CORPUS"):
        paths(alone)


def test_a_missing_table_says_how_to_make_it(project):
    with pytest.raises(FileNotFoundError, match=r"volume\.parquet: no such table; run `siaran"):
        paths(project).table("volume")
