"""Stage outputs written whole or not at all.

A stage writes its folder or file under a temporary name beside the final one and renames it
when complete, so an interrupted stage (Ctrl-C, a kill) never leaves part of an output where
the next stage reads it. A folder's completion manifest, written last, lists its files with
their row counts; a reader checks the folder against it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

MANIFEST = "manifest.json"
# What a stage's output folder may hold; anything else is not ours to replace.
OUTPUT_SUFFIXES = (".parquet", ".json", ".csv")


class IncompleteOutput(ValueError):
    pass


def _beside(final: Path, label: str) -> Path:
    return final.with_name(f".{final.name}.{label}")


def write_text(path: Path, text: str) -> None:
    """Write a text file under a temporary name, then rename it to ``path``."""
    partial = _beside(path, "partial")
    partial.write_text(text)
    partial.replace(path)


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary path to write ``path`` to; renamed to ``path`` when the block ends well."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = _beside(path, "partial")
    try:
        yield partial
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)


def _check_replaceable(folder: Path) -> None:
    if not folder.exists():
        return
    if not folder.is_dir():
        raise FileExistsError(f"{folder} is a file, not an output folder")
    foreign = [p.name for p in folder.iterdir() if not p.name.endswith(OUTPUT_SUFFIXES)]
    if foreign:
        raise FileExistsError(
            f"{folder} holds files no stage wrote ({', '.join(sorted(foreign)[:3])}); "
            "give an empty or new output folder"
        )


@contextmanager
def atomic_folder(folder: Path) -> Iterator[Path]:
    """A temporary folder beside ``folder`` to write into; when the block ends well it replaces
    ``folder`` (the old one is removed), and when it fails it is removed."""
    _check_replaceable(folder)
    partial, old = _beside(folder, "partial"), _beside(folder, "old")
    for leftover in (partial, old):  # from a run that was killed
        shutil.rmtree(leftover, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        yield partial
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if folder.exists():
        folder.rename(old)
    partial.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def rows(path: Path) -> int:
    return pl.scan_parquet(path).select(pl.len()).collect().item()


def write_manifest(folder: Path, stage: str, files: list[str], **about: object) -> None:
    """Write ``folder``'s completion manifest, last: its Parquet ``files`` with their row
    counts, and whatever else the stage says ``about`` them."""
    listed = {name: rows(folder / name) for name in sorted(files)}
    manifest = {"stage": stage, **about, "files": listed, "finished": True}
    write_text(folder / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def read_manifest(folder: Path, stage: str, command: str) -> dict:
    """``folder``'s manifest, after checking that ``stage`` finished writing it and that every
    file it lists is there with its row count; else ``IncompleteOutput`` saying to run
    ``command``."""

    def incomplete(why: str) -> IncompleteOutput:
        return IncompleteOutput(f"{folder}: {why}; run {command} to write it whole")

    path = folder / MANIFEST
    if not path.is_file():
        raise incomplete(f"no {MANIFEST}, so the {stage} stage did not finish writing it")
    try:
        manifest = json.loads(path.read_text())
    except json.JSONDecodeError:
        raise incomplete(f"{MANIFEST} is not valid JSON") from None
    if manifest.get("stage") != stage or manifest.get("finished") is not True:
        raise incomplete(f"{MANIFEST} does not say the {stage} stage finished")
    for name, expected in manifest.get("files", {}).items():
        if not (folder / name).is_file():
            raise incomplete(f"{name}, listed in {MANIFEST}, is missing")
        try:
            found = rows(folder / name)
        except (OSError, pl.exceptions.PolarsError):
            raise incomplete(f"{name} is not a readable Parquet file") from None
        if found != expected:
            raise incomplete(f"{name} has {found} rows, {MANIFEST} says {expected}")
    return manifest
