"""The ``siaran`` command: parses arguments, reads its section of params.yaml and calls each
stage's ``main``. The only module that reaches into both halves, collection and analysis."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from siaran.spiders import progress
from siaran.spiders.command import run

app = typer.Typer(no_args_is_help=True)
console = Console(soft_wrap=True)

ParamsOption = Annotated[Path, typer.Option(help="Parameters file, read by section.")]


# Keys a command needs in its section of params.yaml.
CRAWL_KEYS = ("mode", "since", "until", "contact", "max_pages")
QUERIES = "queries.yaml"


def read_params(path: Path, section: str | None = None, keys: tuple[str, ...] = ()) -> dict:
    """params.yaml, checked for ``sources`` and for the ``section`` a command reads."""
    if not path.is_file():
        raise typer.BadParameter(f"{path} not found", param_hint="--params")
    try:
        params = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as problem:
        where = " ".join(str(problem).split())
        raise typer.BadParameter(f"{path} is not valid YAML: {where}") from None
    if not isinstance(params, dict) or "sources" not in params:
        raise typer.BadParameter(f"{path} has no 'sources' entry", param_hint="--params")
    if section is not None:
        found = params.get(section)
        if not isinstance(found, dict):
            raise typer.BadParameter(f"{path} has no '{section}' section", param_hint="--params")
        missing = [key for key in keys if key not in found]
        if missing:
            raise typer.BadParameter(
                f"{path}: the '{section}' section lacks {', '.join(map(repr, missing))}",
                param_hint="--params",
            )
    return params


def progress_bars(ctx: typer.Context):
    """Progress on stderr while a stage runs, unless ``siaran --quiet``, ``CI`` is set or
    stderr is no terminal (see siaran.spiders.progress)."""
    quiet = ctx.find_root().params.get("quiet", False)
    return progress.shown(progress.enabled(quiet))


def selected_keys(params: dict[str, Any]) -> list[str]:
    from siaran.spiders.registry.source import select_sources

    return [source.key for source in select_sources(params["sources"])]


@app.command()
def sources(as_json: Annotated[bool, typer.Option("--json", help="JSON list.")] = False) -> None:
    """List the registered sources."""
    from siaran.spiders.registry.source import load_sources

    rows = [
        {
            "key": s.key,
            "province_code": s.province_code,
            "province": s.province,
            "timezone": s.timezone,
            "domains": list(s.domains),
            "channel": s.channel,
            "cms": s.cms,
            "strategy": s.strategy,
            "page": s.page,
            "verified": s.verified,
            "aggregator": s.aggregator,
        }
        for s in load_sources().values()
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table("key", "code", "province", "zone", "strategy", "page", "verified")
    for row in rows:
        table.add_row(
            row["key"],
            row["province_code"] or "-",
            row["province"] or "(national aggregator)",
            row["timezone"],
            row["strategy"],
            row["page"],
            str(row["verified"]).lower(),
        )
    console.print(table)


@app.command()
def crawl(
    ctx: typer.Context,
    keys: Annotated[
        list[str] | None, typer.Argument(help="Registry keys (default: params' sources).")
    ] = None,
    raw: Annotated[Path, typer.Option(help="Crawl folders, one per source: RAW/<key>.")] = Path(
        "data/raw"
    ),
    out: Annotated[
        Path | None, typer.Option(help="One source's crawl folder, instead of RAW/<key>.")
    ] = None,
    mode: Annotated[str | None, typer.Option(help="replay or live (default: params).")] = None,
    archive: Annotated[
        Path | None, typer.Option(help="One source's WARC folder to replay (default: params).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="First local date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last local date, YYYY-MM-DD.")] = None,
    host_map: Annotated[
        list[str] | None,
        typer.Option(help="DOMAIN=http://127.0.0.1:PORT: send that domain's requests to a mirror."),
    ] = None,
    refresh: Annotated[
        bool, typer.Option(help="Fetch release pages earlier snapshots already have.")
    ] = False,
    frontier: Annotated[
        str | None,
        typer.Option(
            help="redis://HOST:PORT/DB: share the queue with crawl workers on other machines "
            "(default: params, else this process alone)."
        ),
    ] = None,
    worker: Annotated[
        str | None,
        typer.Option(help="This worker's name in a shared frontier (default: host-pid)."),
    ] = None,
    params: ParamsOption = Path("params.yaml"),
) -> None:
    """Crawl sources, each into a new snapshot of its crawl folder (or resume its interrupted
    one); every response is kept as WARC, every failure in the ledger. With --frontier, the
    workers of one crawl share its queue and snapshot; the last to finish writes the index."""
    from siaran.spiders.crawl.stage import CrawlJob, crawl_options, main

    settings = read_params(params, "crawl", CRAWL_KEYS)
    keys = keys or selected_keys(settings)
    if (out or archive) and len(keys) != 1:
        raise typer.BadParameter("--out and --archive name one source's folders: give one KEY")
    options = crawl_options(
        settings["crawl"],
        mode=mode,
        since=since,
        until=until,
        host_map=host_map or [],
        refresh=refresh,
        frontier=frontier,
        worker=worker,
    )
    replay = options.mode == "replay"
    archives = Path(settings["crawl"].get("archive") or "data/replica")
    jobs = [
        CrawlJob(key, out or raw / key, (archive or archives / key) if replay else None)
        for key in keys
    ]
    with progress_bars(ctx) as bars:
        crawls = main(jobs, options, bars)
    for done in crawls:
        action = "resumed" if done.resumed else "wrote"
        responses = done.stats.get("response_received_count", 0)
        console.print(f"{done.source}: {action} snapshot {done.snapshot}: {responses} responses")
        if not done.last:
            console.print(f"{done.source}: left the index to the last worker to finish")


@app.command()
def backfill(
    keys: Annotated[list[str], typer.Argument(help="Registry keys.")],
    archive: Annotated[
        str, typer.Option("--from", help="The web archive: wayback or commoncrawl.")
    ] = "wayback",
    since: Annotated[str, typer.Option(help="First capture date, YYYY-MM-DD.")] = "",
    until: Annotated[str, typer.Option(help="Last capture date, YYYY-MM-DD.")] = "",
    raw: Annotated[Path, typer.Option(help="Crawl folders, one per source: RAW/<key>.")] = Path(
        "data/raw"
    ),
    out: Annotated[
        Path | None, typer.Option(help="One source's crawl folder, instead of RAW/<key>.")
    ] = None,
    interval: Annotated[
        float, typer.Option(help="Seconds between two requests to an archive host.")
    ] = 4.0,
    host_map: Annotated[
        list[str] | None,
        typer.Option(help="HOST=http://127.0.0.1:PORT: send that host's requests to a mirror."),
    ] = None,
    params: ParamsOption = Path("params.yaml"),
) -> None:
    """Backfill sources' release pages of a window of capture dates from a web archive, each
    into a new snapshot of its crawl folder (or resume its interrupted one)."""
    from datetime import date

    from siaran.spiders.backfill.stage import BackfillOptions, main
    from siaran.spiders.crawl.hostmap import parse_host_map

    settings = read_params(params, "crawl", ("contact",))
    if out and len(keys) != 1:
        raise typer.BadParameter("--out names one source's folder: give one KEY")
    try:
        window = date.fromisoformat(since), date.fromisoformat(until)
    except ValueError:
        raise typer.BadParameter("--since and --until are dates, YYYY-MM-DD") from None
    options = BackfillOptions(
        archive=archive,
        since=window[0],
        until=window[1],
        contact=settings["crawl"]["contact"],
        interval=interval,
        host_map=parse_host_map(host_map or []),
        max_failure_share=float(settings["crawl"].get("max_failure_share", 0.05)),
    )
    for done in main([(key, out or raw / key) for key in keys], options):
        action = "resumed" if done.resumed else "wrote"
        report = done.report
        where = f"{action} snapshot {done.snapshot}" if done.snapshot else "nothing new"
        console.print(
            f"{done.source}: {where}: "
            f"{report['releases_fetched']} captures from {archive}, "
            f"{report['known_releases_skipped']} already held"
        )


@app.command()
def extract(
    ctx: typer.Context,
    raw: Annotated[Path, typer.Option(help="Folder with one crawl folder per source.")] = Path(
        "data/raw"
    ),
    out: Annotated[Path, typer.Option(help="Folder for <source>.parquet.")] = Path(
        "data/extracted"
    ),
    include_unfinished: Annotated[
        bool, typer.Option(help="Extract snapshots whose crawl did not finish, as they are.")
    ] = False,
    cache_dir: Annotated[
        Path, typer.Option(help="Page cache: pages read before are not read again.")
    ] = Path("data/cache/extract"),
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every page (params: extract.cache: false).")
    ] = False,
    params: ParamsOption = Path("params.yaml"),
) -> None:
    """Extract releases from stored WARC responses with the sources' page objects."""
    from siaran.spiders.extract import main

    settings = read_params(params)
    section = settings.get("extract", {})
    with progress_bars(ctx) as bars:
        report = main(
            raw,
            out,
            selected_keys(settings),
            float(section.get("min_valid_share", 0.9)),
            float(section.get("max_generic_share", 0.5)),
            float(section.get("max_missing_share", 0.02)),
            include_unfinished or bool(section.get("include_unfinished", False)),
            None if no_cache or not section.get("cache", True) else cache_dir,
            progress=bars,
        )
    for key, q in report.items():
        console.print(f"{key}: {q['releases']} releases, {q['valid_share']:.1%} valid")


@app.command("extract-page")
def extract_page(
    page: Annotated[str, typer.Argument(help="Saved page (HTML or JSON), or - for stdin.")],
    source: Annotated[str, typer.Option(help="Registry key whose page object to use.")],
    url: Annotated[str, typer.Option(help="The URL the page was fetched from.")],
) -> None:
    """Extract one saved page and print its release fields as JSON, to debug a selector."""
    from siaran.spiders.extract import saved_page_rows

    body = sys.stdin.buffer.read() if page == "-" else read_page(Path(page))
    problem = page_problem(body)
    if problem:
        raise ValueError(f"{'standard input' if page == '-' else page} {problem}")
    rows = saved_page_rows(source, url, body, Path(page))
    typer.echo(
        json.dumps(
            rows[0] if len(rows) == 1 else rows,
            indent=2,
            ensure_ascii=False,
            default=lambda value: value.isoformat(),
        )
    )


def read_page(path: Path) -> bytes:
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a saved page")
    if not path.exists():
        raise ValueError(f"{path} not found")
    return path.read_bytes()


def page_problem(body: bytes) -> str | None:
    """Why bytes are no saved HTML or JSON page, or None."""
    head = body[:4096].lstrip()
    if not head:
        return "is empty"
    if b"\x00" in head:
        return "holds binary data, not an HTML or JSON page"
    if not head.startswith((b"<", b"{", b"[", b"\xef\xbb\xbf")):
        return "is not an HTML or JSON page (it does not start with markup or JSON)"
    return None


@app.command()
def accuracy(
    golden: Annotated[
        list[Path] | None, typer.Option(help="Folder of hand-written golden pages (repeatable).")
    ] = None,
    truth: Annotated[
        Path | None, typer.Option(help="Ground truth of an archive's releases (Parquet).")
    ] = Path("data/replica/groundtruth.parquet"),
    archive: Annotated[
        Path, typer.Option(help="The archive the ground truth describes: ARCHIVE/<key>/.")
    ] = Path("data/replica"),
    per_source: Annotated[int, typer.Option(help="Releases sampled per source.")] = 4,
    fail_under: Annotated[float | None, typer.Option(help="Exit 1 if a field scores less.")] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the scores to this JSON file.")
    ] = None,
) -> None:
    """Per-field extraction accuracy on the golden set (tricky pages + an archive's sample)."""
    from siaran.spiders.accuracy import main, write_report

    truth = truth if truth and truth.is_file() else None
    golden = golden or [Path("tests/golden")]
    pages, scores = main(golden, truth, archive, per_source)
    if json_path is not None:
        write_report(json_path, pages, scores, golden, truth, archive, per_source)
    table = Table("field", "correct", "of", "accuracy", "first misses", title=f"{pages} pages")
    for name, score in scores.items():
        misses = "\n".join(score.misses[:2])
        table.add_row(name, str(score.correct), str(score.total), f"{score.accuracy:.4f}", misses)
    console.print(table)
    low = [n for n, s in scores.items() if fail_under is not None and s.accuracy < fail_under]
    if low:
        console.print(f"[red]under {fail_under}: {', '.join(low)}[/red]")
        raise typer.Exit(1)


class CorpusCommands(TyperGroup):
    """``siaran corpus diff`` compares two corpora; anything else after ``corpus`` goes to
    ``corpus build``, so ``siaran corpus EXTRACTED`` builds the corpus as it always has."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["build", *args]
        return super().parse_args(ctx, args)


corpus_app = typer.Typer(cls=CorpusCommands, no_args_is_help=True)
app.add_typer(corpus_app, name="corpus", help="Build the corpus, or compare two.")


@corpus_app.command("build")
def corpus(
    extracted: Annotated[Path, typer.Argument(help="Folder of per-source Parquet files.")],
    out: Annotated[Path, typer.Option(help="Corpus folder (the package).")] = Path("data/corpus"),
    raw: Annotated[Path, typer.Option(help="Crawl folders, for their reports.")] = Path("data/raw"),
    accuracy: Annotated[
        Path | None, typer.Option(help="Scores of siaran accuracy --json, for the card.")
    ] = Path("metrics/accuracy.json"),
    params: ParamsOption = Path("params.yaml"),
) -> None:
    """Merge extractions into the corpus, with ids and duplicate clusters, as a package."""
    from siaran.analysis.corpus import main

    settings = read_params(params)
    section = settings.get("corpus") or {}
    manifest = main(
        extracted,
        out,
        raw_dir=raw,
        params=settings,
        accuracy=accuracy,
        exports=section.get("exports") or (),
        near_duplicate_jaccard=float(section.get("near_duplicate_jaccard", 0.8)),
        shingle_words=int(section.get("shingle_words", 5)),
    )
    console.print(f"corpus: {manifest['files']['releases.parquet']} releases in {out}")


@corpus_app.command("diff")
def corpus_diff(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Corpus Parquet files, OLD then NEW.")
    ] = None,
    rev: Annotated[
        list[str] | None,
        typer.Option(help="A git revision of the DVC-tracked corpus (repeatable; older first)."),
    ] = None,
    path: Annotated[
        str, typer.Option(help="The corpus file in the DVC project, for --rev.")
    ] = "data/corpus/releases.parquet",
    repo: Annotated[
        str | None, typer.Option(help="The DVC project (path or URL), for --rev.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the diff as JSON.")] = False,
) -> None:
    """Releases added, removed and changed (by field) between two corpora: two files, two
    revisions (--rev A --rev B) or a revision and a file (--rev A NEW)."""
    from siaran.analysis.diff import main, tables

    if len(paths or []) + len(rev or []) != 2:
        raise typer.BadParameter("give two corpora: OLD NEW, --rev A --rev B, or --rev A NEW")
    result = main(paths or [], rev or [], path, repo)
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for table in tables(result):
        console.print(table)


CorpusOption = Annotated[
    Path, typer.Option("--corpus", help="A Parquet file in the release schema.")
]
QueriesOption = Annotated[
    Path | None,
    typer.Option(help="Named queries (YAML); default queries.yaml here, when there is one."),
]


def queries_file(given: Path | None) -> Path | None:
    """The queries to match: the file given, or ./queries.yaml; None, said aloud, when neither."""
    if given is not None:
        return given
    if Path(QUERIES).is_file():
        return Path(QUERIES)
    console.print(f"no {QUERIES} here and no --queries: no query is matched, attention is empty")
    return None


@app.command()
def enrich(
    ctx: typer.Context,
    corpus_path: CorpusOption = Path("data/corpus/releases.parquet"),
    out: Annotated[Path, typer.Option(help="Folder of the enriched tables.")] = Path(
        "data/enriched"
    ),
    queries: QueriesOption = None,
) -> None:
    """Places mentioned, quotes and their speakers, and query matches, one row per finding."""
    from siaran.analysis.enrich import main

    named = queries_file(queries)
    with progress_bars(ctx) as bars:
        found = main(corpus_path, out, named, progress=bars)
    console.print(f"enrich: {len(found['queries'])} queries matched; tables in {out}")


@app.command()
def stats(
    corpus_path: CorpusOption = Path("data/corpus/releases.parquet"),
    out: Annotated[Path, typer.Option(help="Folder of the tables.")] = Path("data/stats"),
    queries: QueriesOption = None,
    enriched: Annotated[
        Path | None,
        typer.Option(help="The enrich stage's folder; without it the corpus is enriched here."),
    ] = None,
    metrics: Annotated[
        Path | None, typer.Option(help="Also the headline figures here (JSON, for dvc metrics).")
    ] = None,
) -> None:
    """Coverage tables: volume, attention, source health, completeness, places, speakers,
    bylines; and headline metrics."""
    from siaran.analysis.stats import main

    if enriched is not None and queries is not None:
        raise typer.BadParameter("give --queries or --enriched (which holds its matches)")
    figures = main(
        corpus_path,
        out,
        metrics_path=metrics,
        enriched=enriched,
        queries_path=None if enriched else queries_file(queries),
    )
    console.print(
        f"stats: {figures['releases']['documents']} releases, "
        f"{figures['sources']['count']} sources; tables in {out}, "
        f"figures in {out / 'metrics.json'}" + (f", headline in {metrics}" if metrics else "")
    )


@app.command()
def report(
    stats_dir: Annotated[Path, typer.Option("--stats", help="The stats stage's folder.")] = Path(
        "data/stats"
    ),
    corpus_dir: Annotated[
        Path, typer.Option("--corpus", help="The corpus folder (its manifest.json is read).")
    ] = Path("data/corpus"),
    out: Annotated[Path, typer.Option(help="The HTML page to write.")] = Path(
        "reports/coverage.html"
    ),
    plots_template: Annotated[
        Path | None,
        typer.Option(help="Also write a template for `dvc plots show` that renders offline."),
    ] = None,
) -> None:
    """The coverage report: one self-contained HTML page of charts and tables, offline."""
    from siaran.analysis.report import main

    size = main(stats_dir, corpus_dir, out, plots_template)
    console.print(f"report: {out} ({size / 1e6:.1f} MB), opens offline in any browser")


@app.callback()
def options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of a failure.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            help="No progress bars (crawl, extract, enrich draw them on stderr when it is a "
            "terminal and CI is not set).",
        ),
    ] = False,
) -> None:
    """siaran: Indonesian government press releases, collected and measured."""


def main() -> None:
    import polars as pl

    from siaran.spiders.backfill.stage import BackfillFailed
    from siaran.spiders.crawl.stage import CrawlFailed
    from siaran.spiders.extract import QualityGateFailed
    from siaran.spiders.registry.source import RegistryError

    failures = (
        CrawlFailed,
        BackfillFailed,
        QualityGateFailed,
        RegistryError,
        pl.exceptions.PolarsError,
    )
    run(app, "siaran", failures)


if __name__ == "__main__":
    main()
