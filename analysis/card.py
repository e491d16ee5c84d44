"""The dataset card (``README.md`` of the corpus folder), generated from the data: what the
corpus holds per source and province, how complete each field is, how well extraction scores
on the golden set, how many releases are duplicates, how the pages were collected, what is
synthetic, and how to cite it.

Every value that comes from the data or from a file (titles, paths, parameters, reports) is
escaped, so a title holding ``|`` or markup cannot break a table or inject HTML.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl
import yaml

from siaran.spiders.crawl.settings import DOWNLOAD_DELAY, RETRY_TIMES, user_agent
from siaran.spiders.registry.gazetteer import provinces
from siaran.spiders.registry.source import Source, load_sources

# Markdown and HTML specials; & first, so the entities added after it stay whole.
_HTML = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_MARKDOWN = re.compile(r"([\\`*_\[\]{}#|!~$])")
EXAMPLES = 3


def md(value: Any) -> str:
    """A value as inline Markdown text: one line, no markup, no table-cell break."""
    text = " ".join(str("" if value is None else value).split())
    for special, entity in _HTML:
        text = text.replace(special, entity)
    return _MARKDOWN.sub(r"\\\1", text)


def table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(map(md, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(md, row)) + " |" for row in rows]
    return "\n".join(lines)


def share(part: float, whole: float) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def size_category(rows: int) -> str:
    """The Hugging Face size category of a dataset of ``rows`` rows."""
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")]
    bounds += [(1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")]
    return next((label for bound, label in bounds if rows < bound), "n>10M")


def present(name: str, dtype: pl.DataType) -> pl.Expr:
    """Whether a field holds something: not null, and not empty for text and lists."""
    column = pl.col(name)
    if isinstance(dtype, pl.List):
        held = column.list.len() > 0
    elif isinstance(dtype, pl.String):
        held = column.str.len_chars() > 0
    else:
        held = column.is_not_null()
    return held.fill_null(False).mean().alias(name)


def counts() -> list[pl.Expr]:
    """Releases, sources, first and last publication date (UTC), undated releases and
    releases in duplicate clusters of a group."""
    day = pl.col("published_at").dt.date()
    return [
        pl.len().alias("releases"),
        pl.col("source").n_unique().alias("sources"),
        day.min().alias("first"),
        day.max().alias("last"),
        pl.col("published_at").null_count().alias("undated"),
        pl.col("in_cluster").sum().alias("duplicates"),
    ]


def front_matter(rows: int, license_name: str) -> str:
    """YAML for the Hugging Face Hub, which reads the Parquet file as the default config."""
    header = {
        "pretty_name": "siaran: Indonesian provincial government press releases",
        "language": ["id"],
        "license": license_name.lower(),
        "size_categories": [size_category(rows)],
        "configs": [{"config_name": "default", "data_files": "releases.parquet"}],
    }
    return f"---\n{yaml.safe_dump(header, sort_keys=False, allow_unicode=True)}---\n"


def synthetic_notice(synthetic: list[str], sources: list[str]) -> str:
    if not synthetic:
        return ""
    what = (
        "> **This corpus is synthetic.** Its releases"
        if set(sources) <= set(synthetic)
        else "> **Part of this corpus is synthetic:** the releases of "
        + ", ".join(map(md, synthetic))
    )
    return (
        f"{what} were replayed from siaran's *replica*, a deterministic generator of each "
        "source's website in its real markup and URL scheme, filled with invented Indonesian "
        "press releases, people and numbers. Nothing in them was published by any government, "
        "except the one real release the replica includes verbatim (named in the siaran "
        "README). Use them to try the tools, not to study government communication.\n"
    )


def files_section(package: dict[str, Any]) -> str:
    rows = [
        [r["path"], r["format"], f"{r['bytes']:,}", r["description"]] for r in package["resources"]
    ]
    rows += [
        ["datapackage.json", "json", "", "Frictionless data package: the Table Schema, sources"],
        [
            "manifest.json",
            "json",
            "",
            "code fingerprint, extractor versions, params, crawl snapshots",
        ],
    ]
    return table(["file", "format", "bytes", "what"], rows)


def type_of(field: dict[str, Any]) -> str:
    """A Table Schema field's type, with the values an enum allows."""
    allowed = field.get("constraints", {}).get("enum")
    return f"{field['type']}: {', '.join(allowed)}" if allowed else field["type"]


def fields_section(releases: pl.LazyFrame, package: dict[str, Any]) -> str:
    fields = package["resources"][0]["schema"]["fields"]
    schema = releases.collect_schema()
    shares = releases.select(present(f["name"], schema[f["name"]]) for f in fields).collect(
        engine="streaming"
    )
    rows = [
        [f["name"], type_of(f), f"{shares[f['name']].item():.1%}", f["description"]] for f in fields
    ]
    return table(["field", "type", "present", "meaning"], rows)


def province_of(source: Source | None) -> str:
    if source is None:  # a corpus of a source the registry no longer lists
        return "not in the registry"
    return source.province or "national aggregator"


def sources_section(releases: pl.DataFrame) -> str:
    registry = load_sources()
    names = provinces()
    per = releases.group_by("source").agg(counts()).sort("source")
    rows = [
        [
            row["source"],
            province_of(registry.get(row["source"])),
            row["releases"],
            row["first"],
            row["last"],
            row["undated"],
            row["duplicates"],
        ]
        for row in per.iter_rows(named=True)
    ]
    header = ["source", "province", "releases", "first", "last", "undated", "in dup. clusters"]
    province_rows = [
        [
            row["province_code"] or "",
            names.get(row["province_code"], "unknown code")
            if row["province_code"]
            else "unattributed",
            row["releases"],
            row["sources"],
            row["first"],
            row["last"],
            row["undated"],
        ]
        for row in releases.group_by("province_code")
        .agg(counts())
        .sort("province_code", nulls_last=True)
        .iter_rows(named=True)
    ]
    return (
        "### Per source\n\n"
        + table(header, rows)
        + "\n\n### Per province\n\nA release of an aggregator counts in the province of the "
        "media center that wrote it; one the gazetteer cannot place is unattributed.\n\n"
        + table(
            ["code", "province", "releases", "sources", "first", "last", "undated"], province_rows
        )
    )


def duplicates_section(releases: pl.DataFrame) -> str:
    in_cluster = int(releases.get_column("in_cluster").sum())
    clusters = releases.filter(pl.col("in_cluster")).get_column("dup_cluster").n_unique()
    return (
        f"{in_cluster:,} of {releases.height:,} releases ({share(in_cluster, releases.height)}) "
        f"are in {clusters:,} duplicate clusters of more than one release: releases sharing a "
        "`dup_cluster`, the `doc_id` of the cluster's canonical member. Keep one release per "
        "`dup_cluster` to count each text once."
    )


def accuracy_section(accuracy: dict[str, Any] | None, path: str | None) -> str:
    if accuracy is None:
        why = f"{md(path)} is missing" if path else "no accuracy report was given"
        return (
            f"Extraction accuracy was not measured for this corpus: {why}. Run "
            "`siaran accuracy --json PATH` and build the corpus again with it."
        )
    golden = ", ".join(map(md, accuracy.get("golden", []))) or "none"
    sample = (
        f" and {md(accuracy.get('per_source'))} releases per source sampled from the archive "
        f"{md(accuracy.get('archive'))} with its ground truth {md(accuracy['truth'])}"
        if accuracy.get("truth")
        else ""
    )
    rows = [
        [name, s["correct"], s["total"], f"{s['accuracy']:.4f}"]
        for name, s in accuracy["fields"].items()
    ]
    return (
        f"`siaran accuracy` scored extraction field by field on {md(accuracy['pages'])} golden "
        f"pages: the hand-written pages of {golden}{sample}. A field is scored only on the pages "
        "that say what it must be; `body_start` is the first 200 characters of the body. The "
        "replica's ground truth is synthetic, like its pages.\n\n"
        + table(["field", "correct", "of", "accuracy"], rows)
    )


def collection_section(about: dict[str, Any]) -> str:
    snapshots = about["snapshots"]
    rows = [
        [
            key,
            s["snapshot"],
            s.get("mode"),
            s.get("finish_reason"),
            s.get("requests"),
            s.get("releases_listed"),
            s.get("releases_fetched"),
            s.get("retries"),
            (s.get("failures_by_reason") or {}).get("robots", 0),
            s.get("lost"),
        ]
        for key, found in snapshots.items()
        for s in found
    ]
    modes = {s.get("mode") for found in snapshots.values() for s in found}
    crawl = about["params"].get("crawl") or {}
    delay = float(crawl.get("download_delay", DOWNLOAD_DELAY))
    window = f"from {md(crawl.get('since'))} to {md(crawl.get('until'))}"
    politeness = (
        "Live crawls are polite: `robots.txt` is obeyed and its `Crawl-delay` honoured, one "
        f"request at a time per domain and never two closer than {md(f'{delay:g}')} s, a delay "
        f"AutoThrottle raises for a slow server, at most {RETRY_TIMES} retries that wait for "
        "what `Retry-After` asks, and a User-Agent that says who crawls: "
        f"{md(user_agent(crawl.get('contact', '')))}."
    )
    how = (
        "Every snapshot replays a WARC archive: the sources' spiders ran as on the live sites, "
        "`robots.txt` included, and every request was answered from the archive, so no request "
        "reached a live site. "
        if modes <= {"replay"}
        else ""
    )
    versions = [[v, n] for v, n in about["extractor_versions"].items()]
    code = about["code"]
    commit = (
        f"code fingerprint {md(code['fingerprint'])} ({code['files']} files; the git commit "
        "that last changed the corpus stage in `dvc.lock` holds this code)"
    )
    return (
        f"Each source's spider collected its releases published {window} into WARC snapshots "
        f"(`data/raw/<source>/<snapshot>/`). {how}{politeness}\n\n"
        "The extraction read every snapshot and kept the newest capture of each page "
        "(`earlier_captures` lists the others); the snapshots it read, and how their crawls "
        "ended (requests, releases discovery listed and releases fetched, new to the snapshot; "
        "retries, URLs `robots.txt` refused, requests "
        "lost):\n\n"
        + table(
            [
                "source",
                "snapshot",
                "mode",
                "finish",
                "requests",
                "listed",
                "fetched",
                "retries",
                "robots",
                "lost",
            ],
            rows,
        )
        + f"\n\nBuilt by siaran {md(about['siaran_version'])}, {commit}, with these page "
        "objects and extractors (`extractor_version`); `manifest.json` holds the parameters.\n\n"
        + table(["extractor version", "releases"], versions)
    )


def examples_section(releases: pl.LazyFrame) -> str:
    rows = (
        releases.sort("doc_id")
        .head(EXAMPLES)
        .select("doc_id", "source", "published_at", "title")
        .collect()
    )
    return table(["doc_id", "source", "published_at", "title"], [list(r) for r in rows.rows()])


def license_section(synthetic: list[str]) -> str:
    own = " and the synthetic releases of the replica" if synthetic else ""
    return (
        f"siaran's code, this package's metadata{own} are under the MIT License. The texts "
        "of releases published by government sites belong to their publishers; check their "
        "terms before you republish them."
    )


def cite_section(about: dict[str, Any], homepage: str) -> str:
    return (
        f"Cite siaran as the `CITATION.cff` of {md(homepage)} says, and name the corpus by its "
        "schema version and code fingerprint (and the git commit of its `dvc.lock`):\n\n"
        "> siaran contributors. *siaran: Indonesian provincial government press releases*, "
        f"version {md(about['siaran_version'])}; corpus schema version "
        f"{md(about['schema_version'])}, code fingerprint "
        f"{md(about['code']['fingerprint'])}. {md(homepage)}"
    )


def render(
    releases: pl.LazyFrame,
    about: dict[str, Any],
    package: dict[str, Any],
    accuracy: dict[str, Any] | None,
) -> str:
    """The card of ``releases``: ``about`` is the manifest's content, ``package`` the
    datapackage descriptor, ``accuracy`` the report of ``siaran accuracy --json`` (None when
    there is none). Only the columns the counts need are held, never the bodies."""
    keys = (
        releases.select("source", "province_code", "published_at", "dup_cluster")
        .with_columns(
            in_cluster=pl.col("dup_cluster").is_not_null()
            & (pl.col("dup_cluster").len().over("dup_cluster") > 1)
        )
        .collect()
    )
    sources = keys.get_column("source").unique().sort().to_list()
    dated = keys.get_column("published_at").dt.date()
    synthetic = about["synthetic_sources"]
    sections = [
        ("Files", files_section(package)),
        ("Fields", fields_section(releases, package)),
        ("Releases per source and province", sources_section(keys)),
        ("Duplicates", duplicates_section(keys)),
        ("Extraction accuracy", accuracy_section(accuracy, about.get("accuracy"))),
        ("How it was collected", collection_section(about)),
        ("A few releases", examples_section(releases)),
        ("License", license_section(synthetic)),
        ("How to cite", cite_section(about, package["homepage"])),
    ]
    summary = (
        f"{keys.height:,} press releases (*siaran pers*) from {len(sources)} sources in "
        f"{keys.get_column('province_code').drop_nulls().n_unique()} provinces, published "
        f"from {md(dated.min())} to {md(dated.max())} (UTC dates; "
        f"{dated.null_count():,} undated), one row per release. Schema version "
        f"{md(about['schema_version'])}, written in the Parquet file's metadata "
        "(`siaran.schema_version`)."
    )
    notice = synthetic_notice(synthetic, sources)
    body = "\n\n".join(f"## {title}\n\n{text}" for title, text in sections)
    return (
        front_matter(keys.height, package["licenses"][0]["name"])
        + "\n# siaran: Indonesian provincial government press releases\n\n"
        + (f"{notice}\n" if notice else "")
        + f"{summary}\n\n{body}\n"
    )
