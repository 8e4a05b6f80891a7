"""`flowmap compare PATH...`: many flows side by side."""

from __future__ import annotations

import click

from flowmap.cli._io import emit, fail_to_load
from flowmap.cli.cache import cache_option, open_cache
from flowmap.flow.loading import FlowError, flow_files

SECTIONS = ("summary", "holdings", "item", "edges", "party")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--item", "item", metavar="LABEL", help="Follow one item or category (e.g. マイナンバー) across every flow.")
@click.option("--party", "party", metavar="NAME", help="Follow a contractor or sub-contractor (name or id) across flows.")
@click.option("--only", "only", multiple=True, type=click.Choice(SECTIONS),
              help="Show only these sections (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "csv", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write to this file (CSV files get a BOM so that Excel reads the Japanese).")
@click.option("--no-findings", is_flag=True, help="Do not run the analysis (no finding counts).")
@cache_option
def compare(paths: tuple[str, ...], item: str | None, party: str | None, only: tuple[str, ...],
            fmt: str, output: str | None, no_findings: bool, cache_dir: str | None) -> None:
    """Set flows side by side.

    PATHS are flow files or folders (searched for *.yaml). Shows a summary row per flow, who
    holds which kinds of items, and the safeguards each project applies per kind of hand-over
    (▲ marks a project weaker than its peers); --item and --party add a section each.
    Exit 0 on success, 2 when a file cannot be read.

    Example: flowmap compare flows/ --item マイナンバー --party 大日本印刷
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
