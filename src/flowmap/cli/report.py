"""`flowmap report`: the submission's attachment as a Word document (docx)."""

from __future__ import annotations

import sys

import click

from flowmap.cli._io import STDIO, load_all_or_exit, write_output
from flowmap.render import style


@click.command()
@click.argument("flow", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), required=True,
              help="書き出す .docx ファイル(- で標準出力。端末には出せません)。")
@click.option("--no-diagram", is_flag=True, help="流れ図を入れない(Graphviz が不要になります)。")
@click.option("--font", default=style.DEFAULT_FONT, show_default=True, help="流れ図の日本語の文字のフォント。")
def report(flow: str, output: str, no_diagram: bool, font: str) -> None:
    """フローの報告書を Word (.docx) で作ります: 契約ごとの件名シート、チェックリスト、
    独立したページの個人情報の流れ図、直し方と根拠を添えた指摘と確認事項。
    終了コード: 0 書き出した、1 フローが不正かファイルに書けない、2 使い方の誤り。

    例: flowmap report flows/001-keitai-toilet.yaml -o 001.docx
    """
    from flowmap.output.report import build_report, diagram_png
    from flowmap.render.graphviz_run import RenderError, choose_font
    from flowmap.rules.analysis import analyse

    [model] = load_all_or_exit([flow], code=1)
    diagram = None
    if not no_diagram:
        choice = choose_font(font)
        if choice.warning:
            click.echo(choice.warning, err=True)
        try:
            diagram = diagram_png(model, choice.family)
        except RenderError as err:
            click.echo(f"{flow}: {err}", err=True)
            sys.exit(1)
    data = build_report(model, analyse(model), diagram)
    write_output(data, output, what="docx", code=1)
    if output != STDIO:
        click.echo(f"{output} を作成しました", err=True)
