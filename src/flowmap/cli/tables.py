"""`flowmap tables`: the submission's tables (件名 sheet, チェックリスト) generated from a flow."""

from __future__ import annotations

import click

from flowmap.output.escape import terminal

from flowmap.cli._io import load_all_or_exit, write_output
from flowmap.output.tables import FORMATS, submission_tables

BINARY = {"xlsx"}


@click.command()
@click.argument("flow", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="markdown", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Write to this file instead of standard output (- for standard output; "
                   "xlsx only to a file or a pipe).")
def tables(flow: str, fmt: str, output: str | None) -> None:
    """Print the submission's tables from a flow: the 件名 sheet of each contract and the
    チェックリスト (○ / － per line for the ward and the contractor).

    FLOW is a flow file, or - to read it from standard input.

    Example: flowmap tables flows/001-keitai-toilet.yaml --format xlsx -o 001.xlsx
    """
    [model] = load_all_or_exit([flow], code=1)
    rendered = FORMATS[fmt](submission_tables(model))
    write_output(rendered, output, what=fmt if fmt in BINARY else "", code=1)
    if output not in (None, "-"):
        click.echo(terminal(f"{output} を作成しました"), err=True)
