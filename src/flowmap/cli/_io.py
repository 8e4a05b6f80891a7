"""What the comparison commands share at the CLI boundary: loading with clear errors, writing
output whole or not at all."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from flowmap.loading import FlowError, load_flow
from flowmap.model import Flow

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
    target = Path(output)
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            out.write(text)
        os.replace(temp, target)
    except OSError as err:
        if "temp" in locals() and os.path.exists(temp):
            os.unlink(temp)
        click.echo(f"{output}: 書き込めません: {err.strerror or err}", err=True)
        sys.exit(EXIT_ERROR)
