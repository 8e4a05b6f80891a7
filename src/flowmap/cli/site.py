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
              help="Folder of the site (created if missing; unchanged pages are not rewritten).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes to build with (default: all cores for 32 changed files or more).")
@cache_option
def site(paths: tuple[str, ...], out_dir: str, jobs: int | None, cache_dir: str | None) -> None:
    """Build a static site for reviewing many flows in a browser (no network needed).

    PATHS are flow files or folders (searched for *.yaml). OUT gets index.html (the
    submissions, their findings by severity and amendments), compare.html (who holds what,
    safeguards per kind of hand-over, contractors across projects), flows/<name>.html (one
    review page per flow) and diff/<name>.html (for each flow that amends another). Work on
    unchanged flows is reused from the cache. Exit 0 when every flow was built, 1 when a flow
    is invalid (its problems are printed; the others are still built), 2 on usage errors.

    Example: flowmap site flows/ -o site/
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
    click.echo(f"{out_dir}: {len(built.entries)} 件のフロー、{len(built.pages)} ページ"
               f"(更新 {len(built.written)} ページ、{seconds:.1f} 秒)")
    if built.errors:
        click.echo(f"{len(built.errors)} / {len(files)} ファイルに誤りがあり、ページを作れませんでした", err=True)
        sys.exit(1)
