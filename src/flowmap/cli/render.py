"""`flowmap render`: draw the 資料X-1 diagram of each flow (SVG, PNG, PDF, DOT, draw.io)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from flowmap.output.escape import terminal

from flowmap.cli._io import STDIO, fail_to_write
from flowmap.flow.loading import STDIN, FlowError, display_name, flow_files, load_flow
from flowmap.render import style

PAGE = "html"   # the review page (flowmap.review): the diagram with findings, details and tables


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from flowmap.render.output import FORMATS

    known = [*FORMATS, PAGE]
    names = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise click.BadParameter(f"{', '.join(unknown) or '(空)'} は使えません。使える形式: {', '.join(known)}")
    return names


def _analyse(flow):
    """The analysis findings of a flow; imported only when --findings is given."""
    try:
        from flowmap.rules.analysis import analyse
    except ImportError:
        raise click.ClickException("分析機能(flowmap.rules.analysis)がこのインストールにありません。--findings を外してください") from None
    return analyse(flow)


def _write_page(flow, path: Path, font: str) -> Path:
    """The review page of a flow (always with its findings), written atomically."""
    from flowmap.output.atomic import write_atomic
    from flowmap.review.html import review_html

    write_atomic(path, review_html(flow, _analyse(flow), font, file=flow.source))
    return path


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--out", "out_dir", default="renders", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the diagrams (created if missing).")
@click.option("--format", "formats", default="svg,png", show_default=True, callback=_formats,
              help="Comma-separated: svg, png, pdf, dot, drawio, html (the review page for a browser).")
@click.option("--findings", is_flag=True, help="Colour and number the analysis findings on the diagram and list them under it.")
@click.option("--font", default=style.DEFAULT_FONT, show_default=True, help="Font family for Japanese text (as fc-list names it).")
@click.option("--paper", type=click.Choice(["A4", "A3"], case_sensitive=False), default=None,
              help="Paper size of the pages [default: the smallest of A4/A3 on which every text reaches 7 pt].")
@click.option("--landscape/--portrait", default=True, show_default=True, help="Orientation of the paper.")
@click.option("--dpi", default=150, show_default=True, type=click.IntRange(36, 1200), help="Resolution of PNG pages.")
@click.option("--check", is_flag=True, help="Fail (exit 1) when a label still overlaps another label, a box or an arrow, "
                                            "an arrow crosses a third party's box, or a page's text is under 7 pt (otherwise a warning).")
def render(paths: tuple[str, ...], out_dir: str, formats: tuple[str, ...], findings: bool, font: str,
           paper: str | None, landscape: bool, dpi: int, check: bool) -> None:
    """Draw the personal-data flow diagram (個人情報の流れ) of each flow file.

    PATHS are flow files or folders (searched for *.yaml). One diagram per flow is written to
    OUT as <file name>.<format>, drawn for the paper: PDF pages of that size, SVG and PNG (at
    --dpi) drawn for it. When one page cannot hold the diagram with every text at 7 pt or more,
    it is split into an overview page and pages per contract or group of steps (one PDF or
    draw.io file; <file name>-<page>.svg/png/dot). For each page the paper and the smallest
    text size are printed. Exit 0 when all were drawn, 1 when a flow is invalid or
    Graphviz fails, 2 on usage errors.

    Example: flowmap render flows/ --out renders/ --format svg,png,drawio
    """
    from flowmap.render.graphviz_run import RenderError, choose_font
    from flowmap.render.output import render_flow
    from flowmap.render.paper import MIN_TEXT_PT

    files = flow_files(paths)
    if not files:
        raise click.UsageError("フローのファイル(.yaml)が見つかりません")
    stems: dict[str, str] = {}
    for file in files:
        stem = Path(file).stem if str(file) != STDIN else "stdin"
        if stem in stems:
            raise click.UsageError(f"{stems[stem]} と {file} は出力名 {stem} が同じです。別々に描いてください")
        stems[stem] = str(file)
    if out_dir == STDIO:
        raise click.UsageError("render は図をフォルダに書きます(形式ごとに1ファイル)。--out にはフォルダを指定してください")
    try:  # an unusable folder is said once, before any drawing
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        fail_to_write(out_dir, err, 1)
    choice = choose_font(font)
    if choice.warning:
        click.echo(choice.warning, err=True)
    failed = 0
    for file in files:
        try:
            flow = load_flow(file)
        except FlowError as err:
            failed += 1
            for problem in err.problems:
                click.echo(str(problem), err=True)
            continue
        started = time.perf_counter()
        try:
            # the drawings asked for (none when only the page is: the layout and its checks still run)
            stem = Path(file).stem if str(file) != STDIN else flow.submission.id
            rendered = render_flow(flow, Path(out_dir), stem, tuple(f for f in formats if f != PAGE),
                                   _analyse(flow) if findings else None, choice.family,
                                   paper_name=paper, landscape=landscape, dpi=dpi)
            if PAGE in formats:
                rendered.paths.append(_write_page(flow, Path(out_dir) / f"{stem}.html", choice.family))
        except RenderError as err:
            click.echo(terminal(f"{file}: {err}"), err=True)
            sys.exit(1)
        except OSError as err:
            fail_to_write(err.filename or out_dir, err, 1)
        seconds = time.perf_counter() - started
        click.echo(terminal(f"OK {display_name(file)} → {', '.join(str(p) for p in rendered.paths)} ({seconds:.2f} 秒)"))
        report = rendered.page_report()
        for number, paper_label, smallest in report:
            click.echo(f"  {number}/{len(report)} ページ: {paper_label} 最小文字 {smallest:.1f} pt")
        for number in rendered.too_small:
            click.echo(terminal(f"{'' if check else '警告: '}{file}: {number} ページ目の文字が {MIN_TEXT_PT:g} pt 未満です"), err=True)
        for collision in rendered.collisions:
            click.echo(terminal(f"{'' if check else '警告: '}{file}: 重なり: {collision}"), err=True)
        failed += bool(check and (rendered.collisions or rendered.too_small))
    if failed:
        click.echo(f"{failed} / {len(files)} ファイルを描けませんでした", err=True)
        sys.exit(1)
