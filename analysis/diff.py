"""What changed between two corpora: releases added, removed and changed field by field, with
counts per source and per field. The check to run after an extractor change or a recrawl:

    siaran corpus diff OLD.parquet NEW.parquet
    siaran corpus diff --rev v1 --rev HEAD           # the DVC-tracked corpus at two revisions
    siaran corpus diff --rev HEAD data/corpus/releases.parquet   # HEAD against the workspace

Releases are matched by ``doc_id``. Columns that only one corpus has (a field added to the
schema) are listed, and the others compared; a column the two hold with different types cannot
be compared and is an error naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
from rich.table import Table

KEY = "doc_id"
# What a file must hold to be diffed as a corpus of releases.
REQUIRED = (KEY, "source")
CORPUS = "data/corpus/releases.parquet"


def first_line(problem: Exception) -> str:
    return str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__


def read_revision(path: str, rev: str, repo: str | None) -> bytes:
    """``path`` as the git revision ``rev`` of the DVC project ``repo`` has it (from the DVC
    cache, or from the remote when the cache lacks it)."""
    # DVC takes a while to import, and only a revision needs it.
    import dvc.api
    from dvc.exceptions import DvcException
    from scmrepo.exceptions import SCMError

    try:
        return dvc.api.read(path, repo=repo, rev=rev, mode="rb")
    except (DvcException, SCMError, OSError) as problem:
        raise ValueError(
            f"{path}@{rev}: cannot read it from DVC ({first_line(problem)}); the revision must "
            "hold the path, and its data must be in the DVC cache or on the remote"
        ) from None


def load(data: Path | bytes, label: str) -> pl.DataFrame:
    """A corpus from a file or from bytes; ``label`` names it in every error."""
    if isinstance(data, Path) and not data.is_file():
        raise ValueError(f"{label}: no such file")
    try:
        frame = pl.read_parquet(data)
    except (OSError, pl.exceptions.PolarsError) as problem:
        raise ValueError(f"{label}: not a readable Parquet file ({first_line(problem)})") from None
    missing = [name for name in REQUIRED if name not in frame.columns]
    if missing:
        raise ValueError(
            f"{label} lacks the column(s) {', '.join(missing)}, so it is no corpus of releases"
        )
    repeated = frame.filter(pl.col(KEY).is_duplicated()).get_column(KEY)
    if not repeated.is_empty():
        raise ValueError(f"{label}: {KEY} {repeated.item(0)!r} is on more than one row")
    return frame


def comparable(old: pl.DataFrame, new: pl.DataFrame, old_label: str, new_label: str) -> list[str]:
    """The columns both corpora hold with one type. Enums compare as text, since a newer
    schema may have added categories."""
    shared = [name for name in old.columns if name in new.columns]
    clashes = [
        f"{name} is {old.schema[name]} in {old_label}, {new.schema[name]} in {new_label}"
        for name in shared
        if old.schema[name] != new.schema[name]
        and not (isinstance(old.schema[name], pl.Enum) and isinstance(new.schema[name], pl.Enum))
    ]
    if clashes:
        raise ValueError(f"the corpora disagree on column types: {'; '.join(clashes)}")
    return shared


def as_text_enums(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col(pl.Enum).cast(pl.String))


def diff(old: pl.DataFrame, new: pl.DataFrame, old_label: str, new_label: str) -> dict[str, Any]:
    """Releases added, removed and changed (by field) from ``old`` to ``new``."""
    shared = comparable(old, new, old_label, new_label)
    fields = [name for name in shared if name != KEY]
    old, new = as_text_enums(old), as_text_enums(new)
    added = new.join(old.select(KEY), on=KEY, how="anti")
    removed = old.join(new.select(KEY), on=KEY, how="anti")
    # Old values and the release's new source under prefixes no field name starts with.
    both = new.select(KEY, pl.col("source").alias("new:source"), *fields).join(
        old.select(KEY, pl.col(fields).name.prefix("old:")), on=KEY, how="inner"
    )
    flags = both.select(
        KEY,
        "new:source",
        *[(~pl.col(name).eq_missing(pl.col(f"old:{name}"))).alias(name) for name in fields],
    )
    changed = flags.filter(pl.any_horizontal(False, *fields))
    fields_by_source = {
        row.pop("new:source"): {name: count for name, count in row.items() if count}
        for row in changed.group_by("new:source").agg(pl.col(fields).sum()).iter_rows(named=True)
    }
    counts = {
        "added": dict(added.group_by("source").len().iter_rows()),
        "removed": dict(removed.group_by("source").len().iter_rows()),
        "changed": dict(changed.group_by("new:source").len().iter_rows()),
    }
    by_field = {
        name: sum(found.get(name, 0) for found in fields_by_source.values()) for name in fields
    }
    return {
        "old": old_label,
        "new": new_label,
        "releases": {"old": old.height, "new": new.height},
        "added": added.height,
        "removed": removed.height,
        "changed": changed.height,
        "unchanged": both.height - changed.height,
        "columns": {
            "only_in_old": [name for name in old.columns if name not in shared],
            "only_in_new": [name for name in new.columns if name not in shared],
        },
        "by_field": {name: count for name, count in by_field.items() if count},
        "by_source": {
            source: {
                **{what: found.get(source, 0) for what, found in counts.items()},
                "fields": fields_by_source.get(source, {}),
            }
            for source in sorted({s for found in counts.values() for s in found}, key=str)
        },
        "doc_ids": {
            "added": sorted(added.get_column(KEY).to_list()),
            "removed": sorted(removed.get_column(KEY).to_list()),
            "changed": {
                row[KEY]: [name for name in fields if row[name]]
                for row in changed.sort(KEY).iter_rows(named=True)
            },
        },
    }


def tables(result: dict[str, Any]) -> list[Table]:
    """The diff for a terminal: per source, and per field."""
    totals = (
        f"{result['old']} ({result['releases']['old']} releases) -> {result['new']} "
        f"({result['releases']['new']}): {result['added']} added, {result['removed']} removed, "
        f"{result['changed']} changed, {result['unchanged']} unchanged"
    )
    per_source = Table("source", "added", "removed", "changed", "fields changed", title=totals)
    for source, found in result["by_source"].items():
        fields = ", ".join(f"{name} {count}" for name, count in found["fields"].items())
        per_source.add_row(
            source, str(found["added"]), str(found["removed"]), str(found["changed"]), fields
        )
    columns = result["columns"]
    schema = "; ".join(
        f"columns only in {result[side]}: {', '.join(columns[f'only_in_{side}'])}"
        for side in ("old", "new")
        if columns[f"only_in_{side}"]
    )
    per_field = Table("field", "releases changed", title=schema or None)
    for name, count in result["by_field"].items():
        per_field.add_row(name, str(count))
    return [per_source, per_field]


def main(
    paths: Sequence[Path] = (),
    revs: Sequence[str] = (),
    path: str = CORPUS,
    repo: str | None = None,
) -> dict[str, Any]:
    """Diff two corpora: the corpus ``path`` at the git revisions ``revs`` of the DVC project
    ``repo`` (the current one by default), then the files ``paths``, oldest first."""
    if len(revs) + len(paths) != 2:
        raise ValueError(
            "give two corpora to compare: OLD NEW paths, --rev A --rev B, or --rev A NEW"
        )
    inputs = [(read_revision(path, rev, repo), f"{path}@{rev}") for rev in revs]
    inputs += [(p, str(p)) for p in paths]
    (old, old_label), (new, new_label) = ((load(data, label), label) for data, label in inputs)
    return diff(old, new, old_label, new_label)
