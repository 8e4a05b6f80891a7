"""`flowmap report`: the submission's attachment as a Word document (docx)."""

from __future__ import annotations

import sys

import click

from flowmap.cli._io import STDIO, load_all_or_exit, write_output
from flowmap.render import style


@click.command()
@click.argument("flow", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), required=True,
              help="The .docx file to write (- for standard output, not a terminal).")
@click.option("--no-diagram", is_flag=True, help="Leave the diagram out (no Graphviz needed).")
@click.option("--font", default=style.DEFAULT_FONT, show_default=True, help="Font of the diagram's Japanese text.")
def report(flow: str, output: str, no_diagram: bool, font: str) -> None:
    """Write a flow's report as Word (.docx): the 件名 sheet of each contract, the checklist,
    the 個人情報の流れ diagram on a page of its own, and the 指摘 and 確認事項 with their fix
    and basis. Exit 0 written, 1 invalid flow or unwritable file, 2 usage.

    Example: flowmap report flows/001-keitai-toilet.yaml -o 001.docx
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
