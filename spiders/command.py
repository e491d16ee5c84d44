"""Running a command: an expected failure prints one line naming the file or field and the
problem (exit 1; 2 for a usage error), and its traceback only with ``--debug``."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from typer.exceptions import TyperException

# Failures of input and environment every command may meet: a missing or unreadable file, a
# bad value, a date out of range.
EXPECTED = (OSError, OverflowError, ValueError)


def run(command: typer.Typer, name: str, failures: tuple[type[Exception], ...] = ()) -> None:
    """Run a Typer app; ``failures`` are the app's own expected failures. ``--debug`` is
    accepted anywhere on the command line."""
    debug = "--debug" in sys.argv[1:]
    if debug:  # handed to the app's callback, where click expects it
        sys.argv = [sys.argv[0], "--debug", *(a for a in sys.argv[1:] if a != "--debug")]
    stderr = Console(stderr=True, soft_wrap=True, highlight=False)
    if len(sys.argv) == 1 + debug:
        sys.argv.append("--help")
    try:
        code = command(standalone_mode=False)
    except TyperException as error:  # a bad or missing argument, an unknown command
        stderr.print(f"{name}: {error.format_message()}", style="red", markup=False)
        sys.exit(getattr(error, "exit_code", 2))
    except (KeyboardInterrupt, typer.Abort):
        stderr.print(f"{name}: interrupted", style="red", markup=False)
        sys.exit(130)
    except (*EXPECTED, *failures) as problem:
        if debug:
            raise
        message = " ".join(str(problem).split()) or type(problem).__name__
        stderr.print(f"{name}: {message}", style="red", markup=False)
        sys.exit(1)
    sys.exit(code or 0)
