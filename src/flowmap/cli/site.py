"""`flowmap site PATH... -o DIR`: the static review site of many flows."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from flowmap.cli._io import STDIO, fail_to_write
from flowmap.cli.cache import cache_option, open_cache
from flowmap.flow.loading import flow_files


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--out", "out_dir", default="site", show_default=True, type=click.Path(file_okay=False),
              help="サイトのフォルダ(なければ作ります。変わらないページは書き直しません)。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="並行して処理するプロセス数(既定: 変わったファイルが 32 以上なら全コア)。")
@cache_option
def site(paths: tuple[str, ...], out_dir: str, jobs: int | None, cache_dir: str | None) -> None:
    """多数のフローをブラウザで確認する静的サイトを作ります(ネットワーク不要)。

    PATHS はフローのファイルかフォルダ(中の *.yaml を探します)。OUT には index.html
    (提出書類、重要度別の指摘、変更)、compare.html(誰が何を持つか、受け渡しの種類ごとの
    安全対策、事業をまたぐ委託先)、flows/<名前>.html(フローごとの確認ページ)、
    diff/<名前>.html(他のフローを変更するフローごと)を作ります。変わらないフローの結果は
    キャッシュから再利用します。終了コード: 0 すべて作れた、1 不正なフローあり
    (問題を出し、他のフローは作ります)、2 使い方の誤り。

    例: flowmap site flows/ -o site/
    """
    from flowmap.render.graphviz_run import RenderError
    from flowmap.review.site import build_site

    if out_dir == STDIO:
        raise click.UsageError("site は複数のページをフォルダに書きます。-o にはフォルダを指定してください")
    files = flow_files(paths)
    if not files:
        raise click.UsageError("フローのファイル(.yaml)が見つかりません")
    try:  # an unusable folder is said once, before any work
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        fail_to_write(out_dir, err, 1)
    stems: dict[str, str] = {}
    for file in files:
        if file.stem in stems:
            raise click.UsageError(f"{stems[file.stem]} と {file} はページ名 {file.stem} が同じです。ファイル名を変えてください")
        stems[file.stem] = str(file)
    started = time.perf_counter()
    try:
        built = build_site(files, Path(out_dir), open_cache(cache_dir), jobs)
    except RenderError as err:
        click.echo(str(err), err=True)
        sys.exit(1)
    except OSError as err:
        fail_to_write(err.filename or out_dir, err, 1)
    for error in built.errors:
        for problem in error.problems:
            click.echo(str(problem), err=True)
    seconds = time.perf_counter() - started
    removed = f"、古いページを削除 {len(built.removed)}" if built.removed else ""
    click.echo(f"{out_dir}: {len(built.entries)} 件のフロー、{len(built.pages)} ページ"
               f"(更新 {len(built.written)} ページ{removed}、{seconds:.1f} 秒)")
    if built.errors:
        click.echo(f"{len(built.errors)} / {len(files)} ファイルに誤りがあり、ページを作れませんでした", err=True)
        sys.exit(1)
