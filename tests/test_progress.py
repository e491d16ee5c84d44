"""Progress bars: on a terminal they count, show totals and rates; off under CI, when stderr is
no terminal, or with ``siaran --quiet``; never on stdout."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import time

import pytest
from rich.console import Console
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.statscollectors import MemoryStatsCollector
from typer.testing import CliRunner

from siaran.analysis import enrich
from siaran.spiders import extract, progress
from siaran.spiders.cli import app
from siaran.spiders.crawl.stage import follow
from tests.archives import crawl_folder
from tests.corpora import corpus, release
from tests.replica import build
from tests.support import ROOT, SIARAN, params_file

BAR = "━"  # what rich draws a bar with


def terminal() -> Console:
    """A console that takes itself for a terminal, writing to a string."""
    return Console(file=io.StringIO(), force_terminal=True, width=120)


def plain(console: Console) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", console.file.getvalue())


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("quiet", "ci", "tty", "shown"),
    [
        (False, None, True, True),
        (True, None, True, False),
        (False, "true", True, False),
        (False, None, False, False),
    ],
)
def test_progress_is_shown_only_on_a_terminal_outside_ci_unless_quiet(
    quiet, ci, tty, shown, monkeypatch
):
    monkeypatch.delenv("CI", raising=False)
    if ci:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr("sys.stderr", Terminal() if tty else io.StringIO())
    assert progress.enabled(quiet) is shown


def test_a_shown_bar_has_its_count_total_and_rate():
    console = terminal()
    with progress.shown(True, console) as bars:
        task = bars.task("mc_kalsel", 10, "records")
        task.advance(4)
        time.sleep(0.02)
        task.advance(6)
    out = plain(console)
    assert BAR in out
    assert re.search(r"mc_kalsel .*10/10 +[\d,.]+ records/s", out), out


def test_a_bar_without_a_total_counts_and_says_its_note():
    console = terminal()
    with progress.shown(True, console) as bars:
        bars.task("papua", unit="pages").update(completed=3, note="2 failed")
    assert re.search(r"papua .* 3/\? .*pages/s +2 failed", plain(console)), plain(console)


def test_with_more_bars_than_rows_the_newest_are_drawn():
    console = Console(file=io.StringIO(), force_terminal=True, width=120, height=10)
    with progress.shown(True, console) as bars:
        for n in range(30):
            bars.task(f"source-{n:02d}", 1).advance()
        bars.bars.refresh()
        drawn = plain(console)
    assert "source-29" in drawn


def test_hidden_progress_draws_nothing():
    console = terminal()
    with progress.shown(False, console) as bars:
        task = bars.task("mc_kalsel", 10)
        task.advance(10)
        task.update(completed=10, total=10, note="done")
    assert console.file.getvalue() == ""


def test_a_crawl_moves_its_bar_with_fetched_listed_and_failed():
    crawler = Crawler(type("Source", (Spider,), {"name": "source"}))
    crawler.stats = MemoryStatsCollector(crawler)
    console = terminal()
    with progress.shown(True, console) as bars:
        follow(crawler, bars.task("source", unit="pages"))
        crawler.stats.set_value("siaran/releases_listed", 12)
        crawler.stats.set_value("siaran/releases_fetched", 5)
        crawler.stats.inc_value("siaran/failures")
        request = Request("https://example.org/")
        response = Response(request.url, request=request)
        crawler.signals.send_catch_log(
            signals.response_received, response=response, request=request, spider=None
        )
    assert re.search(r"source .* 5/12 .*pages/s +1 failed", plain(console)), plain(console)


def test_enrich_counts_its_releases_batch_by_batch(tmp_path):
    path = tmp_path / "releases.parquet"
    corpus(*(release(f"r{n}") for n in range(5))).write_parquet(path)
    console = terminal()
    with progress.shown(True, console) as bars:
        enrich.main(path, tmp_path / "enriched", None, batch=2, progress=bars)
    assert re.search(r"enrich .* 5/5 .*releases/s", plain(console)), plain(console)


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    folder = tmp_path_factory.mktemp("progress")
    build.main(["mc_kalsel"], folder / "replica")
    crawl_folder(folder / "replica", "mc_kalsel", folder / "raw")
    return folder / "raw"


def test_extract_counts_the_records_it_reads(raw, tmp_path):
    console = terminal()
    with progress.shown(True, console) as bars:
        extract.main(raw, tmp_path / "extracted", ["mc_kalsel"], progress=bars)
    found = re.search(r"mc_kalsel .* (\d+)/(\d+) +[\d,.]+ records/s", plain(console))
    assert found and found[1] == found[2] and int(found[1]) > 0, plain(console)


def test_the_command_draws_no_bar_off_a_terminal_or_when_quiet(raw, tmp_path):
    params = params_file(tmp_path, sources=["mc_kalsel"])
    for quiet in ([], ["--quiet"]):
        arguments = ["extract", "--raw", str(raw), "--out", str(tmp_path / "x"), "--params"]
        result = CliRunner().invoke(app, [*quiet, *arguments, str(params)])
        assert result.exit_code == 0, result.output
        assert BAR not in result.output and "records/s" not in result.output
        assert re.match(r"mc_kalsel: \d+ releases", result.output)


def test_quiet_is_in_the_help():
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "--quiet" in result.output and "progress" in result.output


def on_a_terminal(command: list[str], env: dict[str, str]) -> tuple[str, str]:
    """Run ``command`` with stderr on a pseudo-terminal and stdout on a pipe; both outputs."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=follower, env=env, text=True
    )
    os.close(follower)
    drawn = b""
    while True:  # read as it comes: a full terminal buffer would block the command
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    stdout = process.communicate(timeout=120)[0]
    os.close(leader)
    return stdout, re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", drawn.decode("utf-8", "replace"))


@pytest.mark.slow
def test_a_crawl_on_a_terminal_shows_a_bar_per_source_on_stderr_only(raw, tmp_path):
    replica = raw.parent / "replica"
    params = params_file(tmp_path, sources=["mc_kalsel"], archive=str(replica))
    command = [*SIARAN, "crawl", "--raw", str(tmp_path / "raw"), "--params", str(params)]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    stdout, stderr = on_a_terminal(command, env)
    assert re.fullmatch(r"mc_kalsel: wrote snapshot \S+: \d+ responses\n", stdout), stdout
    listed = re.findall(r"mc_kalsel .* (\d+)/(\d+) +[\d,.]+ pages/s", stderr)
    assert listed and listed[-1][0] == listed[-1][1], stderr[-2000:]
    assert "[scrapy.core.engine] INFO: Spider closed (finished)" in stderr

    _, stderr = on_a_terminal(command, {**env, "CI": "true"})
    assert "pages/s" not in stderr and "Spider closed (finished)" in stderr
