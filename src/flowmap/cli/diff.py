"""`flowmap diff OLD NEW`: what changed between two versions of a flow."""

from __future__ import annotations

import sys

import click

from flowmap.cli._io import emit, load_all_or_exit


@click.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="出力形式。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="標準出力の代わりにこのファイルに書き出す(- で標準出力)。")
@click.option("--no-findings", is_flag=True, help="両方の版の分析をしない。")
def diff(old: str, new: str, fmt: str, output: str | None, no_findings: bool) -> None:
    """フローの二つの版で何が変わったかを出します。

    関係者、手順(番号と両端で対応付け)、各手順の項目と各関係者が持つ項目、媒体、運搬、
    安全対策、業務、特記事項のセット、申告された表、現れた指摘・消えた指摘を比べます。
    終了コード: 0 同じ、1 違いあり、2 エラー。

    例: flowmap diff flows/002-kyuuji-before.yaml flows/002-kyuuji-after.yaml
    """
    from flowmap.compare.diff import diff_flows
    from flowmap.compare.diff_output import DIFF_FORMATS

    before, after = load_all_or_exit([old, new], fmt, output)
    result = diff_flows(before, after, analyse=not no_findings)
    emit(DIFF_FORMATS[fmt](result), output)
    sys.exit(0 if result.identical else 1)
