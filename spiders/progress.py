"""Progress of the long stages (crawl, extract, enrich): one line per task on stderr, with its
count, its total when known, its rate and the time it has run, so stdout stays the command's
result. Shown only when stderr is a terminal, never under CI (``CI`` set) or with
``siaran --quiet``.

The stages take a ``Progress`` as an argument and never import this module: a display is no
input of a stage, so a change here re-runs none of them."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich import progress as rich
from rich.console import Console
from rich.text import Text


def enabled(quiet: bool = False) -> bool:
    """Whether to show progress: not asked to be quiet, not under CI, and stderr a terminal
    (a pipe or a log file would fill with redrawn lines)."""
    return not quiet and not os.environ.get("CI") and sys.stderr.isatty()


class RateColumn(rich.ProgressColumn):
    """Items per second, in the task's unit: '12.5 pages/s'."""

    def render(self, task: rich.Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None and task.completed and task.elapsed:  # one step so far: its mean
            speed = task.completed / task.elapsed
        rate = "?" if speed is None else f"{speed:,.1f}"
        return Text(f"{rate} {task.fields['unit']}/s", style="progress.data.speed")


class Bars(rich.Progress):
    """Rich's progress, but with more bars than the terminal has rows it keeps the newest (the
    running one, in a stage that goes source after source); rich would cut them off."""

    def __init__(self, *columns: rich.ProgressColumn, console: Console, **options):
        self.screen = console  # rich draws before its own console attribute is set
        super().__init__(*columns, console=console, **options)

    def get_renderables(self):
        yield self.make_tasks_table(self.tasks[-max(1, self.screen.size.height - 1) :])


class Task:
    """One bar; does nothing when progress is not shown."""

    def __init__(self, bars: Bars | None = None, task: rich.TaskID | None = None):
        self.bars, self.task = bars, task

    def advance(self, n: int = 1) -> None:
        if self.bars is not None:
            self.bars.advance(self.task, n)

    def update(
        self, completed: int | None = None, total: int | None = None, note: str | None = None
    ) -> None:
        """Set the count, the total (None: unchanged) and the note after the rate."""
        if self.bars is not None:
            notes = {} if note is None else {"note": note}
            self.bars.update(self.task, completed=completed, total=total, **notes)


class Progress:
    """Gives the stages their tasks: shown bars, or tasks that do nothing."""

    def __init__(self, bars: Bars | None = None):
        self.bars = bars

    def task(self, description: str, total: int | None = None, unit: str = "items") -> Task:
        """A bar counting ``unit`` up to ``total`` (None: not known yet, the bar pulses)."""
        if self.bars is None:
            return Task()
        return Task(self.bars, self.bars.add_task(description, total=total, unit=unit, note=""))


@contextmanager
def shown(on: bool, console: Console | None = None) -> Iterator[Progress]:
    """The progress of what runs inside, drawn on ``console`` (stderr by default) when ``on``;
    each bar stays, at its last count, when the block ends."""
    if not on:
        yield Progress()
        return
    bars = Bars(
        rich.TextColumn("{task.description}"),
        rich.BarColumn(),
        rich.MofNCompleteColumn(),
        RateColumn(),
        rich.TextColumn("{task.fields[note]}"),
        rich.TimeElapsedColumn(),
        console=console or Console(stderr=True),
        # Lines written to stderr meanwhile (Scrapy's log) go above the bars; stdout is left
        # alone, or the command's result would end on stderr.
        redirect_stdout=False,
    )
    with bars:
        yield Progress(bars)
