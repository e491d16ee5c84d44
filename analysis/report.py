"""Stage report: the coverage tables as one self-contained HTML page (``reports/coverage.html``).

Sections: volume, attention, gaps, geography, voices; beside each chart, the completeness of
the sources it draws on (listed, fetched, failed, extracted, and the share of each field it
reads), so a reader sees how much of the collection stands behind it; a footer with the
corpus's and the tables' manifests.

One file that opens anywhere, offline: the charts are Vega-Lite specs (``charts``) drawn by
Vega, Vega-Lite and vega-embed, whose JavaScript (bundled by ``vl-convert-python``) is inlined.
A Content-Security-Policy lets only those two inline scripts run (by hash) and fetch nothing.
Scraped strings (speakers, roles, regions, sources, versions) are data: the template escapes
them in HTML, and the chart specs are JSON with ``<``, ``>`` and ``&`` escaped inside a
``<script type="application/json">`` that nothing executes. Tables are cut to a bounded number
of rows. The page holds no time stamp: the same tables give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import altair as alt
import jinja2
import polars as pl
import vl_convert
from markupsafe import Markup

from siaran.analysis import charts
from siaran.analysis.attention import ALL
from siaran.spiders.output import MANIFEST, atomic_file, read_manifest
from siaran.spiders.registry.gazetteer import provinces

STATS = "`siaran stats` (or `dvc repro stats`)"
TABLES = ("volume", "attention", "source_health", "completeness", "places", "concentration")
TABLES += ("speakers",)
# Rows a table shows at most; what is cut is said.
MAX_ROWS = 40
# The label of rows without a province (an aggregator's unattributed media centers).
NO_PROVINCE = "(no province)"
# Speakers per province in the voices table, regency names per province in the places table.
TOP_SPEAKERS = 3
NAMES_SHOWN = 6
# The Vega-Lite version Altair writes, so the bundled compiler reads its specs.
VEGA_LITE = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
# The counts and shares of completeness.parquet beside each chart.
COUNTS = (
    ("listed", "n_listed"),
    ("fetched", "n_fetched"),
    ("failed", "n_failed"),
    ("lost", "n_lost"),
    ("extracted", "n_extracted"),
    ("undated", "n_undated"),
)


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[tuple]
    more: int = 0  # rows not shown


@dataclass
class Chart:
    id: str
    spec: str  # JSON, safe inside <script>


@dataclass
class Section:
    key: str
    title: str
    intro: str
    charts: list[Chart]
    completeness: dict[str, Any]
    tables: list[Table] = field(default_factory=list)


def script_json(value: Any) -> str:
    """JSON that cannot end the <script> element it sits in, nor open a comment there."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart(key: str, made: alt.TopLevelMixin) -> Chart:
    # The report bounds what it charts; Altair's row limit is for notebooks.
    with alt.data_transformers.disable_max_rows():
        return Chart(key, script_json(made.to_dict()))


def read_tables(stats_dir: Path) -> dict[str, pl.DataFrame]:
    """The stats stage's tables, with province names beside their codes."""
    read_manifest(stats_dir, "stats", STATS)
    names = provinces()
    tables = {}
    for name in TABLES:
        frame = pl.read_parquet(stats_dir / f"{name}.parquet")
        if "province_code" in frame.columns:
            frame = frame.with_columns(
                province=pl.col("province_code")
                .replace_strict(names, default=pl.col("province_code"), return_dtype=pl.String)
                .fill_null(NO_PROVINCE)
            )
        tables[name] = frame
    return tables


def read_json(path: Path) -> dict[str, Any]:
    try:
        found = json.loads(path.read_text())
    except FileNotFoundError:
        raise ValueError(f"{path}: not found") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(found, dict):
        raise ValueError(f"{path}: not a JSON object")
    return found


def completeness(table: pl.DataFrame, fields: tuple[str, ...], sources: pl.Series | None = None):
    """What stands behind a chart: the counts of the sources it draws on (all, without
    ``sources``), and for each field it reads the share of releases that have it, with the
    source that has it least."""
    if sources is not None:
        table = table.filter(pl.col("source").is_in(sources.unique().implode()))
    released = table["n_releases"].sum()
    counts = {
        label: None if table[column].null_count() == table.height else int(table[column].sum())
        for label, column in COUNTS
        if column in table.columns
    }
    shares = []
    for name in fields:
        column = f"share_{name}"
        if column not in table.columns or not released:
            shares.append({"field": name, "share": None})
            continue
        weighted = (table[column].fill_null(0) * table["n_releases"]).sum() / released
        lowest = table.filter(pl.col("n_releases") > 0).sort(column, "source").row(0, named=True)
        shares.append(
            {
                "field": name,
                "share": weighted,
                "lowest_source": lowest["source"],
                "lowest_share": lowest[column],
            }
        )
    return {"sources": table.height, "releases": int(released), "counts": counts, "fields": shares}


def bounded(caption: str, frame: pl.DataFrame, limit: int = MAX_ROWS) -> Table:
    return Table(caption, frame.columns, frame.head(limit).rows(), max(frame.height - limit, 0))


def percent(column: str) -> pl.Expr:
    return pl.format("{}%", (pl.col(column) * 100).round(1))


def volume_section(t: dict[str, pl.DataFrame]) -> Section:
    volume = t["volume"]
    months = volume.filter(pl.col("granularity").cast(pl.String) == "month")
    per_source = (
        months.group_by("source")
        .agg(
            province=pl.when(pl.col("province").n_unique() > 1)
            .then(pl.lit("(several)"))
            .otherwise(pl.col("province").first()),
            releases=pl.col("n_releases").sum(),
            clusters=pl.col("n_clusters").sum(),
            first_month=pl.col("period").filter(pl.col("n_releases") > 0).min().cast(pl.String),
            last_month=pl.col("period").filter(pl.col("n_releases") > 0).max().cast(pl.String),
        )
        .sort("releases", "source", descending=[True, False])
    )
    return Section(
        "volume",
        "Volume",
        "Releases per month over the whole panel (documents, and duplicate clusters counted "
        "once), then per week in each province, in the province's local time.",
        [
            chart("volume-panel", charts.panel_volume(volume)),
            chart("volume-provinces", charts.weekly_volume_by_province(volume)),
        ],
        completeness(t["completeness"], ("published_at", "timezone"), volume["source"]),
        [bounded("Releases per source (dated releases, by local month)", per_source)],
    )


def attention_section(t: dict[str, pl.DataFrame]) -> Section:
    attention = t["attention"]
    monthly = attention.filter(
        pl.col("granularity").cast(pl.String) == "month", pl.col("province_code") == ALL
    )
    per_query = (
        monthly.group_by("query")
        .agg(
            clusters=pl.col("count").sum(),
            share=pl.col("count").sum() / pl.col("total").sum(),
            peak_month=pl.col("period")
            .sort_by("ratio", "period", descending=[True, False])
            .first(),
            peak_share=pl.col("ratio").max(),
        )
        .sort("query")
        .select(
            "query",
            "clusters",
            percent("share").alias("share of clusters"),
            pl.col("peak_month").cast(pl.String).alias("peak month"),
            percent("peak_share").alias("peak share"),
        )
    )
    return Section(
        "attention",
        "Attention",
        "Each query's share of the panel's duplicate clusters per month (Media Cloud's "
        "attention ratio), and each province's attention relative to the panel's over the "
        "whole span (above 1: more than the panel).",
        [
            chart("attention-panel", charts.panel_attention(attention)),
            chart("attention-relative", charts.relative_attention(attention)),
        ],
        completeness(t["completeness"], ("title", "body", "published_at")),
        [bounded("Queries over the whole span (panel)", per_query)],
    )


def gaps_section(t: dict[str, pl.DataFrame]) -> Section:
    health = t["source_health"]
    gap_weeks = (
        health.filter(pl.col("is_gap"))
        .sort("source", "week")
        .select(
            "source",
            pl.col("week").cast(pl.String),
            pl.col("n_releases").alias("releases"),
            pl.col("expected").round(1),
        )
    )
    states = (
        health.group_by("source")
        .agg(
            state=pl.col("state").first().cast(pl.String),
            weeks=pl.len(),
            gap_weeks=pl.col("is_gap").sum(),
        )
        .sort(
            pl.col("state") != "unhealthy",
            pl.col("gap_weeks"),
            "source",
            descending=[False, True, False],
        )
    )
    return Section(
        "gaps",
        "Gaps",
        "Releases per source and local ISO week. A gap week (outlined) falls under a quarter "
        "of the source's expected week, between healthy weeks (Media Cloud's rule): a silent "
        "site, or a crawl that missed it.",
        [chart("gaps-weeks", charts.source_weeks(health))],
        completeness(t["completeness"], ("published_at",), health["source"]),
        [
            bounded("Gap weeks", gap_weeks),
            bounded("Sources by state and gap weeks", states),
        ],
    )


def geography_section(t: dict[str, pl.DataFrame]) -> Section:
    never = (
        t["places"]
        .filter(pl.col("n_releases") == 0)
        .sort("region_code")
        .group_by("province_code", maintain_order=True)
        .agg(
            never=pl.len(),
            names=pl.col("region_name").head(NAMES_SHOWN).str.join(", "),
        )
    )
    per_province = (
        t["concentration"]
        .join(never, on="province_code", how="left")
        .sort("gini", "province_code", descending=[True, False])
        .select(
            "province",
            pl.col("n_regions").alias("regencies"),
            pl.col("n_mentioned").alias("mentioned"),
            pl.col("never").fill_null(0).alias("never mentioned"),
            pl.when(pl.col("never") > NAMES_SHOWN)
            .then(pl.format("{}, …", pl.col("names")))
            .otherwise(pl.col("names"))
            .fill_null("")
            .alias("never mentioned (first by code)"),
            pl.col("gini").round(3),
        )
    )
    return Section(
        "geography",
        "Geography",
        "The regencies and cities each province's releases name (title, body or dateline), "
        "those never named, and how unevenly the attention is spread (Gini index).",
        [chart("geography-concentration", charts.regency_concentration(t["concentration"]))],
        completeness(t["completeness"], ("title", "body", "dateline_place")),
        [bounded("Provinces, most concentrated first", per_province)],
    )


def voices_section(t: dict[str, pl.DataFrame]) -> Section:
    speakers = t["speakers"]
    top = (
        speakers.sort("n_quotes", "speaker", descending=[True, False])
        .group_by("province_code", maintain_order=True)
        .head(TOP_SPEAKERS)
        .sort("province_code", "n_quotes", "speaker", descending=[False, True, False])
        .select(
            "province",
            "speaker",
            "role",
            pl.col("n_quotes").alias("quotes"),
            percent("share_of_voice").alias("share of voice"),
        )
    )
    return Section(
        "voices",
        "Voices",
        "Who the releases quote: each province's attributed quotes shared among its speakers.",
        [chart("voices-share", charts.share_of_voice(speakers))],
        completeness(t["completeness"], ("body",)),
        [
            bounded(
                f"The {TOP_SPEAKERS} most-quoted speakers of each province",
                top,
                MAX_ROWS * TOP_SPEAKERS,
            )
        ],
    )


def sections(tables: dict[str, pl.DataFrame]) -> list[Section]:
    return [
        make(tables)
        for make in (
            volume_section,
            attention_section,
            gaps_section,
            geography_section,
            voices_section,
        )
    ]


def provenance(corpus: dict[str, Any], stats: dict[str, Any]) -> dict[str, Any]:
    """The footer: which corpus and which tables the page shows."""
    code = corpus.get("code") or {}
    snapshots: dict[tuple[str, str], int] = {}
    for reports in (corpus.get("snapshots") or {}).values():
        for report in reports:
            key = (str(report.get("snapshot")), str(report.get("finish_reason")))
            snapshots[key] = snapshots.get(key, 0) + 1
    versions = sorted((corpus.get("extractor_versions") or {}).items())
    return {
        "corpus": [
            ("schema version", corpus.get("schema_version")),
            ("siaran version", corpus.get("siaran_version")),
            ("code fingerprint", code.get("fingerprint")),
            ("code commit", code.get("commit")),
            ("synthetic sources", len(corpus.get("synthetic_sources") or [])),
            ("releases", (corpus.get("files") or {}).get("releases.parquet")),
        ],
        "extractors": versions[:MAX_ROWS],
        "extractors_more": max(len(versions) - MAX_ROWS, 0),
        "snapshots": sorted((*key, n) for key, n in snapshots.items())[:MAX_ROWS],
        "stats_files": sorted((stats.get("files") or {}).items()),
    }


def environment() -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["number"] = lambda n: f"{n:,}" if isinstance(n, int | float) else n or "n/a"
    env.filters["share"] = lambda s: "n/a" if s is None else f"{s:.1%}"
    return env


def csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def vega_libraries() -> str:
    """Vega, Vega-Lite and vega-embed in one script, to inline: a page that needs no network."""
    libraries = vl_convert.javascript_bundle(vl_version=VEGA_LITE)
    # Inlined as is: it must not end its own element.
    if "</script" in libraries.lower():
        raise ValueError("the bundled Vega JavaScript holds '</script' and cannot be inlined")
    return libraries


def plots_template() -> str:
    """A page template for ``dvc plots show`` (.dvc/config ``plots.html_template``): DVC's own
    loads the libraries from a CDN; this one carries them, so the plots render offline too."""
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n{refresh_tag}\n'
        f"<title>siaran: DVC plots</title>\n<script>{vega_libraries()}</script>\n"
        "</head>\n<body>\n{plot_divs}\n</body>\n</html>\n"
    )


def render(tables: dict[str, pl.DataFrame], corpus: dict, stats: dict) -> str:
    libraries = vega_libraries()
    draw = (
        "for (const spec of document.querySelectorAll('script.vega-spec')) {\n"
        "  const target = document.getElementById(spec.dataset.chart);\n"
        f"  vegaEmbed(target, JSON.parse(spec.textContent), {json.dumps(EMBED_OPTIONS)})\n"
        "    .catch((error) => { target.textContent = 'This chart could not be drawn: ' + error;"
        " console.error(error); });\n"
        "}\n"
    )
    # Vega compiles its expressions with Function(), hence 'unsafe-eval'.
    policy = (
        "default-src 'none'; "
        f"script-src {csp_hash(libraries)} {csp_hash(draw)} 'unsafe-eval'; "
        "style-src 'unsafe-inline'; img-src data: blob:"
    )
    template = environment().from_string(
        files("siaran.analysis").joinpath("report.html.j2").read_text(encoding="utf-8")
    )
    return template.render(
        sections=sections(tables),
        provenance=provenance(corpus, stats),
        libraries=Markup(libraries),
        draw=Markup(draw),
        policy=policy,
        versions={
            "vega": vl_convert.get_vega_version(),
            "vega_lite": VEGA_LITE,
            "vega_embed": vl_convert.get_vega_embed_version(),
        },
    )


def main(stats_dir: Path, corpus_dir: Path, out: Path, plots: Path | None = None) -> int:
    """Write the report of the tables in ``stats_dir`` (a stats stage's folder) on the corpus
    whose folder ``corpus_dir`` holds its ``manifest.json``, and ``plots_template`` to
    ``plots`` when given; returns the page's size in bytes."""
    if plots is not None:
        with atomic_file(plots) as partial:
            partial.write_text(plots_template(), encoding="utf-8")
    tables = read_tables(stats_dir)
    page = render(
        tables,
        read_json(corpus_dir / MANIFEST),
        read_json(stats_dir / MANIFEST),
    )
    with atomic_file(out) as partial:
        partial.write_text(page, encoding="utf-8")
    return len(page.encode())
