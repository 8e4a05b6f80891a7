"""`flowmap tables`: the submission's tables (件名 sheet, チェックリスト) generated from a flow."""

from __future__ import annotations

import click

from flowmap.output.escape import terminal

from flowmap.cli._io import load_all_or_exit, write_output
from flowmap.output.tables import FORMATS, submission_tables

BINARY = {"xlsx"}


@click.command()
@click.argument("flow", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="markdown", show_default=True,
              help="出力形式。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="標準出力の代わりにこのファイルに書き出す(- で標準出力。"
                   "xlsx はファイルかパイプにだけ出せます)。")
def tables(flow: str, fmt: str, output: str | None) -> None:
    """フローから提出書類の表を出します: 契約ごとの件名シートと
    チェックリスト(行ごとに区と委託先の ○ / －)。

    FLOW はフローのファイル。- で標準入力から読みます。

    例: flowmap tables flows/001-keitai-toilet.yaml --format xlsx -o 001.xlsx
    """
    [model] = load_all_or_exit([flow], code=1)
    rendered = FORMATS[fmt](submission_tables(model))
    write_output(rendered, output, what=fmt if fmt in BINARY else "", code=1)
    if output not in (None, "-"):
        click.echo(terminal(f"{output} を作成しました"), err=True)
