"""`flowmap tables`: the submission's tables (件名 sheet, チェックリスト) generated from a flow."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from flowmap.loading import FlowError, load_flow
from flowmap.tables import FORMATS, submission_tables


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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
        _write_atomic(Path(output), data)
    except OSError as err:
        click.echo(f"{output}: 書き込めません: {err.strerror or err}", err=True)
        sys.exit(1)
    click.echo(f"{output} を作成しました", err=True)
