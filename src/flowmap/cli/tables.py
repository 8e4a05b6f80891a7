"""`flowmap tables`: the submission's tables (件名 sheet, チェックリスト) generated from a flow."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from flowmap.output.atomic import write_atomic
from flowmap.flow.loading import FlowError, load_flow
from flowmap.output.tables import FORMATS, submission_tables


@click.command()
@click.argument("flow", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="markdown", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output (required for xlsx).")
def tables(flow: str, fmt: str, output: str | None) -> None:
    """Print the submission's tables from a flow: the 件名 sheet of each contract and the
    チェックリスト (○ / － per line for the ward and the contractor).

    Example: flowmap tables flows/001-keitai-toilet.yaml --format xlsx -o 001.xlsx
    """
    if fmt == "xlsx" and output is None:
        raise click.UsageError("xlsx は -o でファイルを指定してください")
    try:
        model = load_flow(flow)
    except FlowError as err:
        for problem in err.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    rendered = FORMATS[fmt](submission_tables(model))
    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    if output is None:
        click.echo(rendered, nl=False)
        return
    try:
        write_atomic(Path(output), data)
    except OSError as err:
        click.echo(f"{output}: 書き込めません: {err.strerror or err}", err=True)
        sys.exit(1)
    click.echo(f"{output} を作成しました", err=True)
