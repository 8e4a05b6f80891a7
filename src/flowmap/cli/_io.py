"""What the comparison commands share at the CLI boundary: loading with clear errors, writing
output whole or not at all."""

from __future__ import annotations

import sys

import click

from flowmap.output.atomic import write_atomic
from flowmap.flow.loading import FlowError, load_flow
from flowmap.flow.model import Flow

EXIT_ERROR = 2


def load_or_exit(path: str) -> Flow:
    """Load a flow; on error print every problem (file:line:col) to stderr and exit 2."""
    try:
        return load_flow(path)
    except FlowError as err:
        for problem in err.problems:
            click.echo(str(problem), err=True)
        sys.exit(EXIT_ERROR)


def emit(text: str, output: str | None, encoding: str = "utf-8") -> None:
    """Print ``text``, or write it to ``output`` through a temporary file and a rename."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text.encode(encoding))
    except OSError as err:
        click.echo(f"{output}: 書き込めません: {err.strerror or err}", err=True)
        sys.exit(EXIT_ERROR)
