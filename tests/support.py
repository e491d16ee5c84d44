"""What the tests share: paths, and real crawls run as a user runs them (``siaran crawl``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
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


# A copy of the project leaves out its environment, outputs and caches.
NOT_COPIED = {
    ".git",
    ".venv",
    "data",
    "metrics",
    "reports",
    "dvc.lock",
    ".pytest_cache",
    ".ruff_cache",
}
# Commands run in a copy find this environment's siaran, dvc and python first.
ENV = {**os.environ, "PATH": f"{Path(sys.prefix) / 'bin'}{os.pathsep}{os.environ['PATH']}"}


def _not_copied(folder: str, names: list[str]) -> set[str]:
    top, in_dvc = Path(folder) == ROOT, Path(folder) == ROOT / ".dvc"
    return {
        name
        for name in names
        if (top and name in NOT_COPIED)
        or (in_dvc and name in {"cache", "tmp", "config.local"})
        or name == "__pycache__"
    }


def copy_project(destination: Path, sources: list[str]) -> Path:
    """The project's code and pipeline, without data, in ``destination``, on ``sources``."""
    shutil.copytree(ROOT, destination, ignore=_not_copied)
    params_path = destination / "params.yaml"
    params = yaml.safe_load(params_path.read_text())
    params["sources"] = sources
    params_path.write_text(yaml.safe_dump(params))
    return destination


def run(folder: Path, *command: str) -> str:
    """A command in ``folder``, which must succeed; its output."""
    done = subprocess.run(command, cwd=folder, env=ENV, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout + done.stderr


def dvc(folder: Path, *arguments: str) -> str:
    return run(folder, sys.executable, "-m", "dvc", *arguments)


REDIS_MISSING = (
    "redis-server is not installed: `make test` installs it with .ci/install-redis, which needs "
    "apt-get and root (or passwordless sudo)"
)


@contextmanager
def redis_server(folder: Path) -> Iterator[tuple[str, redis.Redis]]:
    """A private redis-server on a free port of 127.0.0.1, nothing saved to disk: its URL and
    a client. ``REDIS_MISSING`` is the reason to give where ``redis-server`` is not found."""
    server = shutil.which("redis-server")
    if server is None:
        raise FileNotFoundError(REDIS_MISSING)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield url, client
    finally:
        process.terminate()
        process.wait(timeout=10)
