"""`flowmap render`: draw the 資料X-1 diagram of each flow (SVG, PNG, PDF, DOT, draw.io)."""

from __future__ import annotations

import math
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
              help="図を置くフォルダ(なければ作ります)。")
@click.option("--format", "formats", default="svg,png", show_default=True, callback=_formats,
              help="カンマ区切り: svg, png, pdf, dot, drawio, html(ブラウザで見る確認ページ)。")
@click.option("--findings", is_flag=True, help="分析の指摘を図に色と番号で示し、図の下に一覧を付ける。")
@click.option("--font", default=style.DEFAULT_FONT, show_default=True, help="日本語の文字のフォント名(fc-list が出す名前)。")
@click.option("--paper", type=click.Choice(["A4", "A3"], case_sensitive=False), default=None,
              help="用紙の大きさ(既定: A4/A3 のうち、すべての文字が 7 pt 以上になる小さい方)。")
@click.option("--landscape/--portrait", default=True, show_default=True, help="用紙の向き(横/縦)。")
@click.option("--dpi", default=150, show_default=True, type=click.IntRange(36, 1200), help="PNG の解像度。")
@click.option("--check", is_flag=True, help="ラベルが他のラベル・箱・矢印に重なる、矢印が第三者の箱を横切る、"
                                            "文字が 7 pt 未満になるときに失敗(終了コード 1)にする(付けなければ警告のみ)。")
def render(paths: tuple[str, ...], out_dir: str, formats: tuple[str, ...], findings: bool, font: str,
           paper: str | None, landscape: bool, dpi: int, check: bool) -> None:
    """フローのファイルごとに個人情報の流れ図を描きます。

    PATHS はフローのファイルかフォルダ(中の *.yaml を探します)。フローごとに一つの図を
    OUT に <ファイル名>.<形式> で書き出し、用紙に合わせて描きます(PDF はその大きさのページ、
    SVG と PNG(--dpi)もその用紙向け)。すべての文字を 7 pt 以上にして一ページに収まらないときは、
    全体図のページと、契約ごと・手順のまとまりごとのページに分けます
    (PDF・draw.io は一つのファイル、それ以外は <ファイル名>-<ページ>.svg/png/dot)。
    ページごとに用紙と最小の文字の大きさを出します。
    終了コード: 0 すべて描けた、1 フローが不正か Graphviz の失敗、2 使い方の誤り。

    例: flowmap render flows/ --out renders/ --format svg,png,drawio
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
            shown = math.floor(smallest * 10 + 1e-5) / 10     # 6.96 pt is under 7: shown 6.9, not 7.0
            click.echo(f"  {number}/{len(report)} ページ: {paper_label} 最小文字 {shown:.1f} pt")
        for number in rendered.too_small:
            click.echo(terminal(f"{'' if check else '警告: '}{file}: {number} ページ目の文字が {MIN_TEXT_PT:g} pt 未満です"), err=True)
        for collision in rendered.collisions:
            click.echo(terminal(f"{'' if check else '警告: '}{file}: 重なり: {collision}"), err=True)
        failed += bool(check and (rendered.collisions or rendered.too_small))
    if failed:
        click.echo(f"{failed} / {len(files)} ファイルを描けませんでした", err=True)
        sys.exit(1)
