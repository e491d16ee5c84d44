"""Notebooks are stored paired and run top to bottom (nbmake) on the replica corpus."""

import os
import subprocess
import sys

import jupytext
import pytest

from tests.support import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_paired_with_its_script(notebook):
    script = notebook.with_suffix(".py")
    assert script.is_file(), f"{notebook.name} has no paired py:percent script"
    cells = [(c.cell_type, c.source) for c in jupytext.read(notebook).cells]
    assert cells == [(c.cell_type, c.source) for c in jupytext.read(script).cells]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_sample(sample, notebook):
    env = {**os.environ, "SIARAN_CORPUS": str(sample.corpus / "releases.parquet")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbmake", "-p", "no:cacheprovider", str(notebook)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:]
