"""``python -m tests.replica``: build the replica sites as WARC, or serve them with faults.

Test and demo infrastructure, run from the repository root; nothing in siaran imports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.console import Console

from siaran.spiders.command import run
from siaran.spiders.registry.source import select_sources

app = typer.Typer(no_args_is_help=True)
console = Console(soft_wrap=True)


@app.callback()
def options(
    debug: Annotated[bool, typer.Option(help="Show the traceback of a failure.")] = False,
) -> None:
    """The synthetic replica of the sources' websites."""


@app.command()
def build(
    out: Annotated[Path, typer.Option(help="Folder for the WARC archive.")] = Path("data/replica"),
    grow: Annotated[
        int, typer.Option(help="Releases each provincial site has published after the panel.")
    ] = 0,
    params: Annotated[Path, typer.Option(help="Parameters file (its 'sources').")] = Path(
        "params.yaml"
    ),
) -> None:
    """Write the replica sites of the sources in params as WARC, with their ground truth."""
    from tests.replica.build import main

    if not params.is_file():
        raise typer.BadParameter(f"{params} not found", param_hint="--params")
    selection = yaml.safe_load(params.read_text(encoding="utf-8"))["sources"]
    truth = main([source.key for source in select_sources(selection)], out, grow)
    console.print(f"replica: {truth.height} synthetic releases written to {out}")


@app.command()
def serve(
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0: any free port).")
    ] = 8080,
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
    from tests.replica.serve import Faults, ReplicaServer

    try:
        server = ReplicaServer(archive, Faults.parse(faults), port)
    except OSError as problem:
        raise OSError(f"cannot serve on 127.0.0.1:{port}: {problem.strerror}") from None
    console.print(
        f"serving {len(server.pages)} replica pages on http://127.0.0.1:{server.port}"
        " (crawl with --mode live --host-map DOMAIN=http://127.0.0.1:PORT)"
    )
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    run(app, "python -m tests.replica")
