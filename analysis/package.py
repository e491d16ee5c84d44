"""The shared corpus as a package, in the corpus folder (``data/corpus``):

- ``releases.parquet``, its schema version in the file's metadata (``siaran.schema_version``);
- exports other tools read as they are, when asked: ``releases.csv`` (lists and structs as JSON
  text) and ``releases.jsonl``;
- ``datapackage.json``, a Frictionless data package whose Table Schema derives from ``FIELDS``;
- ``README.md``, the dataset card (``siaran.analysis.card``);
- ``manifest.json``, written last: the code's fingerprint, the extractor versions, the
  parameters and the crawl snapshots that produced the corpus.

Every file is written under a temporary name and renamed when whole; nothing here stamps the
time of the run, so the same inputs and code give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Collection
from pathlib import Path
from typing import Any

import polars as pl

from siaran.analysis import card
from siaran.spiders import __version__
from siaran.spiders.archive.snapshot import report
from siaran.spiders.code import ROOT as CODE
from siaran.spiders.code import code_closure
from siaran.spiders.output import atomic_file, write_manifest
from siaran.spiders.registry.source import load_sources
from siaran.spiders.release import FIELDS, RELEASE_SCHEMA

REPOSITORY = "https://github.com/siaran-project/siaran"
SCHEMA_KEY = "siaran.schema_version"
RELEASES = "releases.parquet"
DATAPACKAGE = "datapackage.json"
CARD = "README.md"
QUALITY = "quality.json"
# Export format -> file name and media type.
EXPORTS = {
    "csv": ("releases.csv", "text/csv"),
    "jsonl": ("releases.jsonl", "application/jsonl"),
}
# The sections of params.yaml that decide what the corpus holds, recorded in its manifest.
PARAM_SECTIONS = ("sources", "crawl", "extract", "corpus")
# The checkout the code runs from (the folder holding spiders/ and analysis/).
# The replica stage's output: a replay of it is synthetic content.
REPLICA = Path("data/replica")
# Releases collected and sorted at once when the Parquet file is written.
SHARE_ROWS = 250_000
LICENSE = {"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}


def type_name(dtype: pl.DataType) -> str:
    """A spelling of a Polars type that does not change with the Polars version."""
    if isinstance(dtype, pl.List):
        return f"list[{type_name(dtype.inner)}]"
    if isinstance(dtype, pl.Struct):
        return "struct[" + ",".join(f"{f.name}:{type_name(f.dtype)}" for f in dtype.fields) + "]"
    if isinstance(dtype, pl.Enum):
        return "enum[" + ",".join(dtype.categories) + "]"
    if isinstance(dtype, pl.Datetime):
        return f"datetime[{dtype.time_unit},{dtype.time_zone}]"
    return dtype.base_type().__name__.lower()


def schema_version() -> str:
    """12 hex digits of a hash of the field names and types, in order: any change to a column a
    reader sees (added, removed, renamed, retyped, moved) gives a new version; a reworded
    description does not."""
    spelled = json.dumps([[name, type_name(dtype)] for name, (dtype, _) in FIELDS.items()])
    return hashlib.sha256(spelled.encode()).hexdigest()[:12]


SCHEMA_VERSION = schema_version()


def table_type(name: str, dtype: pl.DataType) -> dict[str, Any]:
    """The Table Schema type (and constraints) of a Polars type."""
    if isinstance(dtype, pl.List):
        return {"type": "array"}
    if isinstance(dtype, pl.Struct):
        return {"type": "object"}
    if isinstance(dtype, pl.Enum):
        return {"type": "string", "constraints": {"enum": list(dtype.categories)}}
    if isinstance(dtype, pl.Datetime):
        return {"type": "datetime"}
    if isinstance(dtype, pl.Date):
        return {"type": "date"}
    if dtype.is_unsigned_integer():
        return {"type": "integer", "constraints": {"minimum": 0}}
    if dtype.is_integer():
        return {"type": "integer"}
    if dtype.is_float():
        return {"type": "number"}
    if isinstance(dtype, pl.Boolean):
        return {"type": "boolean"}
    if isinstance(dtype, pl.String):
        return {"type": "string"}
    raise ValueError(
        f"the release field {name} has the type {dtype}, which has no Table Schema type"
    )


def table_schema(json_text: bool = False) -> dict[str, Any]:
    """The Table Schema of the releases, from ``FIELDS``. With ``json_text`` (the CSV), lists
    and structs are JSON text in their cells, and their descriptions say so."""
    fields = []
    for name, (dtype, description) in FIELDS.items():
        typed = table_type(name, dtype)
        if json_text and typed["type"] in ("array", "object"):
            description += f" (in this CSV, a JSON {typed['type']})"
        fields.append({"name": name, **typed, "description": description})
    return {"fields": fields, "primaryKey": ["doc_id"], "missingValues": [""]}


def json_text(name: str) -> pl.Expr:
    """A list or struct column as JSON text. Polars encodes structs only, so the value is
    wrapped in a one-field struct and the wrapping cut off again; null stays null."""
    wrapped = pl.struct(name).struct.json_encode()
    unwrapped = wrapped.str.strip_prefix(f"{{{json.dumps(name)}:").str.strip_suffix("}")
    return pl.when(pl.col(name).is_not_null()).then(unwrapped).alias(name)


def doc_id_shares(releases: pl.LazyFrame) -> list[pl.Expr]:
    """Filters that cut the corpus into shares of about ``SHARE_ROWS`` releases, in doc_id
    order: ranges between every ``SHARE_ROWS``-th doc_id (one share for a small corpus)."""
    ids = releases.select(pl.col("doc_id").drop_nulls().sort()).collect().to_series()
    bounds = [None, *ids.gather_every(SHARE_ROWS, offset=SHARE_ROWS).unique().sort(), None]
    doc_id = pl.col("doc_id")
    shares = []
    for low, high in zip(bounds, bounds[1:], strict=False):
        share = pl.lit(True)
        if low is not None:
            share &= doc_id >= low
        if high is not None:
            # Nulls sort first, so they go in the first share.
            share &= (doc_id < high).fill_null(True)
        shares.append(share)
    return shares


def write_releases(releases: pl.LazyFrame, path: Path) -> None:
    """The corpus Parquet file in doc_id order, its schema version in the file metadata. Each
    share of the corpus is collected and sorted alone, so the bodies are never all held; the
    sorted shares are then streamed, in order, into the one file."""
    parts = path.with_name(f".{path.name}.parts")
    shutil.rmtree(parts, ignore_errors=True)  # left by a run that was killed
    parts.mkdir(parents=True)
    try:
        written = []
        for number, share in enumerate(doc_id_shares(releases)):
            part = parts / f"{number:04d}.parquet"
            releases.filter(share).sort("doc_id").collect().write_parquet(part)
            written.append(part)
        with atomic_file(path) as partial:
            pl.scan_parquet(written).sink_parquet(partial, metadata={SCHEMA_KEY: SCHEMA_VERSION})
    finally:
        shutil.rmtree(parts, ignore_errors=True)


def write_exports(releases: pl.LazyFrame, folder: Path, exports: Collection[str]) -> list[str]:
    """The ``exports`` asked for (``csv``, ``jsonl``) beside the Parquet file, in the order of
    ``EXPORTS``, streamed from ``releases``; an export not asked for is removed, so no stale
    copy outlives the corpus it was made from."""
    unknown = sorted(set(exports) - set(EXPORTS))
    if unknown:
        raise ValueError(
            f"unknown corpus export(s) {', '.join(unknown)}; known: {', '.join(EXPORTS)}"
        )
    written = []
    for export, (name, _) in EXPORTS.items():
        path = folder / name
        if export not in exports:
            path.unlink(missing_ok=True)
            continue
        with atomic_file(path) as partial:
            if export == "csv":
                nested = [
                    n
                    for n, t in releases.collect_schema().items()
                    if isinstance(t, pl.List | pl.Struct)
                ]
                # RFC 3339, as in the JSON Lines export.
                releases.with_columns(map(json_text, nested)).sink_csv(
                    partial, datetime_format="%+"
                )
            else:
                releases.sink_ndjson(partial)
        written.append(export)
    return written


def file_facts(path: Path) -> dict[str, Any]:
    """Size and hash, which ``frictionless validate`` checks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "hash": f"sha256:{digest.hexdigest()}"}


def datapackage(folder: Path, exports: list[str], sources: list[str]) -> dict[str, Any]:
    """The Frictionless descriptor of the package. The CSV export is its tabular resource:
    ``frictionless validate`` reads every row against the Table Schema. It reads Parquet only
    through pyarrow and pandas and JSON Lines only through jsonlines, which siaran does not
    install, so those are file resources: their size and hash are checked, and they carry
    the Table Schema of their columns for the tools that read them."""
    schema = table_schema()
    resources = [
        {
            "name": "releases",
            "type": "file",
            "path": RELEASES,
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            **file_facts(folder / RELEASES),
            "description": "The corpus, one row per release; the schema version is in the "
            f"file metadata under {SCHEMA_KEY}.",
            "schema": schema,
        }
    ]
    for export in exports:
        name, mediatype = EXPORTS[export]
        resource = {
            "name": f"releases-{export}",
            "path": name,
            "format": export,
            "mediatype": mediatype,
            "encoding": "utf-8",
            **file_facts(folder / name),
        }
        if export == "csv":
            resource |= {
                "type": "table",
                "description": "The corpus as CSV; lists and structs are JSON text.",
                "schema": table_schema(json_text=True),
            }
        else:
            resource |= {
                "type": "file",
                "description": "The corpus as JSON Lines, one release per line.",
                "schema": schema,
            }
        resources.append(resource)
    registry = load_sources()
    return {
        "name": "siaran-releases",
        "title": "siaran: Indonesian provincial government press releases",
        "description": "Press releases (siaran pers) of Indonesian provincial governments and "
        "InfoPublik, one row per release; see README.md. Release texts belong to their "
        "publishers; a corpus replayed from siaran's replica is synthetic.",
        "homepage": REPOSITORY,
        SCHEMA_KEY: SCHEMA_VERSION,
        "keywords": ["Indonesia", "press releases", "siaran pers", "government", "corpus"],
        "licenses": [LICENSE],
        "sources": [
            {"title": registry[key].name, "path": registry[key].channel}
            for key in sources
            if key in registry
        ],
        "resources": resources,
    }


def code_fingerprint(code: Path = CODE) -> dict[str, Any]:
    """What identifies the code that built the corpus, reproducibly: a hash of the corpus
    stage's code (``siaran.analysis.corpus`` and every siaran module it imports, and the
    registry, whose aggregators it reads), which is what the stage depends on in dvc.yaml. A
    git commit would not do: ``dvc repro`` runs before the commit that records its
    ``dvc.lock``, so a fresh clone would write another manifest; the commit that last changed
    the corpus stage in ``dvc.lock`` holds exactly this code."""
    found, _ = code_closure(("siaran.analysis.corpus",), code)
    registry = (code / "spiders" / "registry").rglob("*")
    files = sorted(
        {path for path in found if path.suffix == ".py"}
        | {path for path in registry if path.is_file() and path.suffix != ".pyc"}
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(code).as_posix().encode() + b"\0" + path.read_bytes())
    return {
        "fingerprint": digest.hexdigest()[:16],
        "files": len(files),
        "commit": "the git commit that last changed the corpus stage in dvc.lock",
    }


def crawl_snapshots(
    extracted: Path, raw: Path, crawl: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """Per source, the snapshots the extraction read (``quality.json``) with what their crawl
    reports say, and for a replay the archive it replayed (params' ``crawl.archive``)."""
    path = extracted / QUALITY
    try:
        quality = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as problem:
        raise ValueError(
            f"{path}: cannot read the extraction's quality report ({problem})"
        ) from None
    counted = (
        "requests",
        "releases_listed",
        "releases_fetched",
        "release_pages_archived",
        "retries",
        "lost",
        "failures_by_reason",
        "responses_by_status",
    )
    found = {}
    for key, about in sorted(quality.items()):
        rows = []
        for ended in about.get("snapshots", []):
            said = report(raw / key / ended["snapshot"])
            row = {**ended, **{name: said.get(name) for name in counted}}
            if ended.get("mode") == "replay" and crawl.get("archive"):
                row["archive"] = str(Path(crawl["archive"]) / key)
            rows.append(row)
        found[key] = rows
    return found


def synthetic_sources(snapshots: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The sources whose snapshots replay the replica, whose sites and releases are invented."""
    replica = REPLICA.resolve()
    return [
        key
        for key, rows in snapshots.items()
        if any(
            Path(row["archive"]).resolve().is_relative_to(replica)
            for row in rows
            if row.get("archive")
        )
    ]


def read_accuracy(path: Path | None) -> dict[str, Any] | None:
    """The scores ``siaran accuracy --json`` wrote, or None when there is no such file."""
    if path is None or not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as problem:
        raise ValueError(
            f"{path}: not an accuracy report of siaran accuracy --json ({problem})"
        ) from None


def write_json(path: Path, value: Any) -> None:
    with atomic_file(path) as partial:
        partial.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", "utf-8")


def check_schema(releases: pl.LazyFrame) -> None:
    """The package describes ``FIELDS``: releases with other columns would contradict it."""
    found, expected = releases.collect_schema(), RELEASE_SCHEMA
    problems = [f"lacks {name}" for name in expected if name not in found]
    problems += [f"has {name}, which is no release field" for name in found if name not in expected]
    problems += [
        f"{name} is {found[name]}, not {expected[name]}"
        for name in expected
        if name in found and found[name] != expected[name]
    ]
    if not problems and found.names() != expected.names():
        problems = ["its columns are not in the order of FIELDS"]
    if problems:
        raise ValueError(f"the corpus does not have the release schema: {'; '.join(problems)}")


def main(
    releases: pl.LazyFrame | pl.DataFrame,
    folder: Path,
    *,
    extracted: Path,
    raw: Path,
    params: dict[str, Any],
    accuracy: Path | None = None,
    exports: Collection[str] = (),
) -> dict[str, Any]:
    """Write the package of ``releases`` (with the release schema) into ``folder``:
    ``extracted`` is the extract stage's folder (``quality.json``), ``raw`` the crawl folders
    (``crawl_report.json``), ``params`` params.yaml, ``accuracy`` the JSON of
    ``siaran accuracy --json`` (the card says when it is missing), ``exports`` any of ``csv``,
    ``jsonl``. Once the Parquet file is written, everything else reads it, lazily. Returns the
    manifest, written last."""
    releases = releases.lazy()
    # What can fail on bad input fails before a file is written.
    check_schema(releases)
    scores = read_accuracy(accuracy)
    snapshots = crawl_snapshots(extracted, raw, params.get("crawl") or {})
    about = {
        "schema_version": SCHEMA_VERSION,
        "siaran_version": __version__,
        "code": code_fingerprint(),
        # As JSON gives them back: a date YAML read unquoted is written as text.
        "params": json.loads(
            json.dumps(
                {name: params[name] for name in PARAM_SECTIONS if name in params}, default=str
            )
        ),
        "snapshots": snapshots,
        "synthetic_sources": synthetic_sources(snapshots),
        "accuracy": None if accuracy is None else str(accuracy),
    }
    write_releases(releases, folder / RELEASES)
    releases = pl.scan_parquet(folder / RELEASES)
    versions = releases.group_by("extractor_version").len().sort("extractor_version")
    about["extractor_versions"] = dict(versions.collect().iter_rows())
    written = write_exports(releases, folder, exports)
    sources = releases.select(pl.col("source").unique().sort()).collect().to_series().to_list()
    package = datapackage(folder, written, sources)
    write_json(folder / DATAPACKAGE, package)
    text = card.render(releases, about, package, scores)
    with atomic_file(folder / CARD) as partial:
        partial.write_text(text, "utf-8")
    write_manifest(folder, "corpus", [RELEASES], **about)
    return json.loads((folder / "manifest.json").read_text())
