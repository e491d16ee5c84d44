"""Where a notebook finds the pipeline's outputs: the corpus file, the enrich stage's folder and
the stats stage's folder, from one place.

Each path comes from its environment variable when set (``SIARAN_CORPUS``: the corpus's
``releases.parquet`` or its folder; ``SIARAN_ENRICHED``; ``SIARAN_STATS``), else from the
``notebooks`` section of the project's ``params.yaml``, relative to the project root: the
first folder holding a ``params.yaml``, from the working directory up. So a notebook runs from
any working directory, on the demo corpus or on any corpus in the schema.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

PARAMS = "params.yaml"
SECTION = "notebooks"
# params key -> environment variable overriding it
VARIABLES = {"corpus": "SIARAN_CORPUS", "enriched": "SIARAN_ENRICHED", "stats": "SIARAN_STATS"}
CORPUS_FILE = "releases.parquet"


@dataclass(frozen=True)
class DataPaths:
    corpus: Path  # the corpus's releases.parquet (its manifest.json beside it)
    enriched: Path  # the enrich stage's folder: mentions, quotes, matches
    stats: Path  # the stats stage's folder: the coverage tables

    def table(self, name: str) -> Path:
        """A coverage table of the stats folder (``volume``, ``attention``, ...)."""
        path = self.stats / f"{name}.parquet"
        if not path.is_file():
            raise FileNotFoundError(
                f"{path}: no such table; run `siaran stats` (or `dvc repro stats`) for this corpus"
            )
        return path


def project_root(start: Path | None = None) -> Path | None:
    """The first folder holding params.yaml, from ``start`` (the working directory) up."""
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if (folder / PARAMS).is_file()), None)


def _defaults(root: Path | None, start: Path | None) -> dict[str, Path]:
    """The params.yaml defaults, resolved against the root; an error when one is needed but
    there is no params.yaml or no such key."""
    if root is None:
        missing = ", ".join(v for v in VARIABLES.values() if not os.environ.get(v))
        raise FileNotFoundError(
            f"no {PARAMS} in {(start or Path.cwd()).resolve()} or any folder above it: "
            f"set {missing}, or run from inside the project"
        )
    path = root / PARAMS
    try:
        section = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(SECTION)
    except (OSError, yaml.YAMLError, AttributeError) as problem:
        raise ValueError(f"{path}: not a readable params file ({problem})") from None
    if not isinstance(section, dict):
        section = {}
    return {key: root / value for key, value in section.items() if isinstance(value, str)}


def paths(start: Path | None = None) -> DataPaths:
    """The corpus, enriched and stats paths (environment first, then params.yaml); a
    FileNotFoundError naming the variable or params key to set when one is missing."""
    chosen: dict[str, tuple[Path, str]] = {}
    for key, variable in VARIABLES.items():
        if os.environ.get(variable):
            chosen[key] = (Path(os.environ[variable]).expanduser(), variable)
    if len(chosen) < len(VARIABLES):
        root = project_root(start)
        defaults = _defaults(root, start)
        for key, variable in VARIABLES.items():
            if key in chosen:
                continue
            if key not in defaults:
                raise FileNotFoundError(
                    f"{root / PARAMS}: no '{SECTION}.{key}' path; add it or set {variable}"
                )
            chosen[key] = (defaults[key], f"{SECTION}.{key} of {root / PARAMS} (or {variable})")
    corpus, origin = chosen["corpus"]
    if corpus.is_dir():
        corpus = corpus / CORPUS_FILE
    if not corpus.is_file():
        raise FileNotFoundError(f"{corpus}: no corpus file; set {origin} (`make repro` makes one)")
    for key in ("enriched", "stats"):
        folder, origin = chosen[key]
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder}: no such folder; set {origin}")
    return DataPaths(corpus, chosen["enriched"][0], chosen["stats"][0])
