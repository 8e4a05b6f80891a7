"""`flowmap compare PATH...`: many flows side by side."""

from __future__ import annotations

import click

from flowmap.cli._io import emit, fail_to_load
from flowmap.cli.cache import cache_option, open_cache
from flowmap.flow.loading import FlowError, flow_files

SECTIONS = ("summary", "holdings", "item", "edges", "party")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--item", "item", metavar="LABEL", help="一つの項目や区分(例: マイナンバー)をすべてのフローで追う。")
@click.option("--party", "party", metavar="NAME", help="委託先・再委託先(名前か id)をフロー全体で追う。")
@click.option("--only", "only", multiple=True, type=click.Choice(SECTIONS),
              help="この節だけを出す(繰り返し指定できます)。")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "csv", "json"]), default="text",
              show_default=True, help="出力形式。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="このファイルに書き出す(CSV は Excel で日本語が読めるよう BOM を付けます)。")
@click.option("--no-findings", is_flag=True, help="分析をしない(指摘の件数を出さない)。")
@cache_option
def compare(paths: tuple[str, ...], item: str | None, party: str | None, only: tuple[str, ...],
            fmt: str, output: str | None, no_findings: bool, cache_dir: str | None) -> None:
    """フローを並べて比べます。

    PATHS はフローのファイルかフォルダ(中の *.yaml を探します)。フローごとの概要、
    誰がどの種類の項目を持つか、受け渡しの種類ごとに各事業がとる安全対策
    (▲ は他の事業より弱いもの)を出します。--item と --party でそれぞれ節が加わります。
    終了コード: 0 成功、2 ファイルを読めない。

    例: flowmap compare flows/ --item マイナンバー --party 大日本印刷
    """
    from flowmap.compare.overview import build_overview
    from flowmap.compare.table import OVERVIEW_FORMATS

    files = flow_files(paths)
    if not files:
        raise click.UsageError("フローのファイル(.yaml)が見つかりません")
    from flowmap.flow.cache import cached_map, loaded

    flows, problems = [], []
    for file, result in cached_map(files, loaded, "flow", open_cache(cache_dir)):   # unchanged: unpickled
        if isinstance(result, FlowError):
            problems.extend(result.problems)
        else:
            flows.append(result)
    if problems:
        click.echo("読み込めないファイルがあるため比較しません", err=True)
        fail_to_load(problems, fmt, output)
    if "item" in only and not item:
        raise click.UsageError("--only item には --item LABEL を指定してください")
    if "party" in only and not party:
        raise click.UsageError("--only party には --party NAME を指定してください")
    overview = build_overview(flows, item=item, party=party, only=only, analyse=not no_findings)
    encoding = "utf-8-sig" if fmt == "csv" and output not in (None, "-") else "utf-8"
    emit(OVERVIEW_FORMATS[fmt](overview), output, encoding)
