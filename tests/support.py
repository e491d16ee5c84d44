"""What the tests share: paths, and real crawls run as a user runs them (``siaran crawl``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from siaran.spiders.registry.source import get_source, load_sources

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = sorted(load_sources())
SIARAN = [sys.executable, "-m", "siaran.spiders.cli"]


def params_file(folder: Path, sources: object = "all", **crawl: object) -> Path:
    """A copy of params.yaml with other sources or crawl settings, in ``folder``."""
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    params["sources"] = sources
    params["crawl"].update(crawl)
    path = folder / "params.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(params))
    return path


def run_crawl(source: str, archive: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """A real Scrapy crawl in its own process (Scrapy's reactor runs once per process)."""
    command = [
        *SIARAN,
        "crawl",
        source,
        "--mode",
        "replay",
        "--archive",
        str(archive),
        "--out",
        str(out),
        "--params",
        str(ROOT / "params.yaml"),
        *extra,
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def warcio_check(paths: list[Path]) -> subprocess.CompletedProcess:
    """``warcio check`` (structure and digests) over WARC files."""
    return subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", *map(str, paths)],
        capture_output=True,
        text=True,
    )


def mirror_params(folder: Path, **crawl: object) -> Path:
    """params.yaml for a live crawl of a mirror on this machine, where no delay is needed."""
    return params_file(folder, **{"download_delay": 0, "autothrottle": False, **crawl})


def live_crawl_command(source: str, port: int, out: Path, params: Path, *extra: str) -> list[str]:
    """``siaran crawl`` in live mode with every domain of the source sent to 127.0.0.1:port."""
    mirrors = [
        arg
        for domain in get_source(source).domains
        for arg in ("--host-map", f"{domain}=http://127.0.0.1:{port}")
    ]
    return [
        *SIARAN,
        "crawl",
        source,
        "--mode",
        "live",
        *mirrors,
        "--out",
        str(out),
        "--params",
        str(params),
        *extra,
    ]
