"""The ``siaran`` command."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="siaran: Indonesian government press releases, collected and measured.",
    no_args_is_help=True,
)
replica_app = typer.Typer(
    help="The synthetic replica of the sources' websites.", no_args_is_help=True
)
app.add_typer(replica_app, name="replica")
console = Console(soft_wrap=True)

ParamsOption = Annotated[Path, typer.Option(help="Parameters file, read by section.")]


def read_params(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise typer.BadParameter(f"{path} not found", param_hint="--params")
    try:
        params = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as problem:
        raise typer.BadParameter(f"{path} is not valid YAML: {problem}") from None
    if not isinstance(params, dict) or "sources" not in params:
        raise typer.BadParameter(f"{path} has no 'sources' list", param_hint="--params")
    return params


@app.command()
def sources(as_json: Annotated[bool, typer.Option("--json", help="JSON list.")] = False) -> None:
    """List the registered sources."""
    from spiders.source import load_sources

    rows = [{"key": s.key, "province_code": s.province_code, "province": s.province,
             "timezone": s.timezone, "domains": list(s.domains), "channel": s.channel,
             "cms": s.cms, "strategy": s.strategy, "page": s.page, "verified": s.verified,
             "aggregator": s.aggregator} for s in load_sources().values()]  # fmt: skip
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table("key", "code", "province", "zone", "strategy", "page", "verified")
    for row in rows:
        province = row["province"] or "(national aggregator)"
        table.add_row(row["key"], row["province_code"] or "-", province, row["timezone"],
                      row["strategy"], row["page"], str(row["verified"]).lower())  # fmt: skip
    console.print(table)


@replica_app.command("build")
def replica_build(
    out: Annotated[Path, typer.Option(help="Folder for the WARC archive.")] = Path("data/replica"),
    grow: Annotated[
        int, typer.Option(help="Releases each provincial site has published after the panel.")
    ] = 0,
    params: ParamsOption = Path("params.yaml"),
) -> None:
    """Write the replica sites of the sources in params as WARC, with their ground truth."""
    from spiders.replica.build import main

    truth = main(read_params(params)["sources"], out, grow)
    console.print(f"replica: {truth.height} synthetic releases written to {out}")


@replica_app.command("serve")
def replica_serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0: any free port).")] = 8080,
    archive: Annotated[Path, typer.Option(help="Replica WARC folder.")] = Path("data/replica"),
    faults: Annotated[
        str,
        typer.Option(
            help="e.g. 500=0.1,429=5,retry_after=2,503=/berita,disallow=/a;/b,slow=/c,"
            "truncate=0.05,cp1252_as_utf8=/d,utf8_as_cp1252=/e,redirect_loop=/f,oversize=/g,"
            "malformed=/sitemap.xml,entity_bomb=/feed/,crawl_delay=2 (README: Replica server)"
        ),
    ] = "",
) -> None:
    """Serve the replica over HTTP on 127.0.0.1, with injectable faults, until interrupted."""
    from spiders.replica.serve import Faults, ReplicaServer

    server = ReplicaServer(archive, Faults.parse(faults), port)
    console.print(f"serving {len(server.pages)} replica pages on http://127.0.0.1:{server.port}"
                  " (crawl with --mode live --host-map DOMAIN=http://127.0.0.1:PORT)")  # fmt: skip
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        server.stop()


@app.command()
def crawl(
    source: Annotated[str, typer.Argument(help="Registry key of the source.")],
    out: Annotated[
        Path, typer.Option(help="The source's crawl folder; each crawl adds a snapshot to it.")
    ],
    mode: Annotated[str | None, typer.Option(help="replay or live (default: params).")] = None,
    archive: Annotated[Path | None, typer.Option(help="WARC folder to replay.")] = None,
    since: Annotated[str | None, typer.Option(help="First local date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last local date, YYYY-MM-DD.")] = None,
    host_map: Annotated[
        list[str] | None,
        typer.Option(help="DOMAIN=http://127.0.0.1:PORT: send that domain's requests to a mirror."),
    ] = None,
    refresh: Annotated[
        bool, typer.Option(help="Fetch release pages earlier snapshots already have.")
    ] = False,
    params: ParamsOption = Path("params.yaml"),
) -> None:
    """Crawl one source into a new snapshot of OUT (or resume its interrupted one); every
    response is kept as WARC, every failure in the ledger."""
    from spiders.crawl import CrawlOptions, main
    from spiders.hostmap import parse_host_map

    settings = read_params(params)["crawl"]
    mode = mode or settings["mode"]
    options = CrawlOptions(
        mode=mode,
        archive=archive or (Path(settings["archive"]) / source if mode == "replay" else None),
        since=date.fromisoformat(str(since or settings["since"])),
        until=date.fromisoformat(str(until or settings["until"])),
        contact=settings["contact"], max_pages=settings["max_pages"],
        max_failure_share=float(settings.get("max_failure_share", 0.05)),
        host_map=parse_host_map(host_map or []), refresh=refresh,
        download_timeout=settings.get("download_timeout"),
        max_response_bytes=settings.get("max_response_bytes"),
        warc_max_bytes=settings.get("warc_max_bytes"),
        download_delay=settings.get("download_delay"), autothrottle=settings.get("autothrottle"),
    )  # fmt: skip
    crawl = main(source, out, options)
    action = "resumed" if crawl.resumed else "wrote"
    console.print(f"{source}: {action} snapshot {crawl.snapshot}: "
                  f"{crawl.stats.get('response_received_count', 0)} responses")  # fmt: skip


@app.command()
def extract(
    raw: Annotated[Path, typer.Option(help="Folder with one crawl folder per source.")] = Path(
        "data/raw"
    ),
    out: Annotated[Path, typer.Option(help="Folder for <source>.parquet.")] = Path(
        "data/extracted"
    ),
    params: ParamsOption = Path("params.yaml"),
) -> None:
    """Extract releases from stored WARC responses with the sources' page objects."""
    from spiders.extract import main

    settings = read_params(params)
    min_share = float(settings.get("extract", {}).get("min_valid_share", 0.9))
    for key, q in main(raw, out, settings["sources"], min_share).items():
        console.print(f"{key}: {q['releases']} releases, {q['valid_share']:.1%} valid")


@app.command("extract-page")
def extract_page(
    page: Annotated[str, typer.Argument(help="Saved page (HTML or JSON), or - for stdin.")],
    source: Annotated[str, typer.Option(help="Registry key whose page object to use.")],
    url: Annotated[str, typer.Option(help="The URL the page was fetched from.")],
) -> None:
    """Extract one saved page and print its release fields as JSON, to debug a selector."""
    from spiders.extract import release_rows
    from spiders.release import EXTRACTED_SCHEMA
    from spiders.source import get_source
    from spiders.warc import StoredResponse

    body = sys.stdin.buffer.read() if page == "-" else Path(page).read_bytes()
    # A saved page has no WARC record: no fetch time, no offset.
    stored = StoredResponse(url, 200, [], body, None, Path(page), 0)
    rows = [{name: row[name] for name in EXTRACTED_SCHEMA}
            for row in release_rows(get_source(source), stored, lambda _: None)]  # fmt: skip
    typer.echo(json.dumps(rows[0] if len(rows) == 1 else rows, indent=2, ensure_ascii=False,
                          default=lambda value: value.isoformat()))  # fmt: skip


@app.command()
def accuracy(
    golden: Annotated[Path, typer.Option(help="Folder of hand-written golden pages.")] = Path(
        "tests/golden"
    ),
    per_source: Annotated[int, typer.Option(help="Replica pages sampled per source.")] = 4,
    fail_under: Annotated[float | None, typer.Option(help="Exit 1 if a field scores less.")] = None,
) -> None:
    """Per-field extraction accuracy on the golden set (replica sample + tricky pages)."""
    from spiders.accuracy import main

    pages, scores = main(golden, per_source)
    table = Table("field", "correct", "of", "accuracy", "first misses", title=f"{pages} pages")
    for name, score in scores.items():
        table.add_row(name, str(score.correct), str(score.total), f"{score.accuracy:.4f}",
                      "\n".join(score.misses[:2]))  # fmt: skip
    console.print(table)
    low = [n for n, s in scores.items() if fail_under is not None and s.accuracy < fail_under]
    if low:
        console.print(f"[red]under {fail_under}: {', '.join(low)}[/red]")
        raise typer.Exit(1)


@app.command()
def corpus(
    extracted: Annotated[Path, typer.Argument(help="Folder of per-source Parquet files.")],
    out: Annotated[Path, typer.Option(help="Corpus Parquet file.")] = Path(
        "data/corpus/releases.parquet"
    ),
) -> None:
    """Merge extractions into the corpus, with ids and duplicate clusters."""
    from analysis.corpus import main

    releases = main(extracted, out)
    console.print(f"corpus: {releases.height} releases in {out}")


@app.command()
def stats(
    corpus_path: Annotated[Path, typer.Option("--corpus")] = Path("data/corpus/releases.parquet"),
    volume: Annotated[Path, typer.Option()] = Path("data/stats/volume.parquet"),
    metrics: Annotated[Path, typer.Option()] = Path("metrics/coverage.json"),
) -> None:
    """Monthly volume per source and coverage metrics."""
    from analysis.stats import main

    table = main(corpus_path, volume, metrics)
    console.print(f"stats: {table.height} source-months in {volume}; metrics in {metrics}")


def main() -> None:
    """Entry point: expected failures print one clear line instead of a traceback."""
    from spiders.crawl import CrawlFailed
    from spiders.extract import QualityGateFailed
    from spiders.source import RegistryError

    try:
        app()
    except (CrawlFailed, QualityGateFailed, RegistryError, FileNotFoundError, FileExistsError,
            ValueError) as problem:  # fmt: skip
        Console(stderr=True).print(f"[red]siaran: {problem}[/red]", soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
