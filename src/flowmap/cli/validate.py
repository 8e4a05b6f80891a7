"""`flowmap validate` and `flowmap schema`."""

from __future__ import annotations

import json
import sys

import click

from flowmap.output.escape import terminal

from flowmap.flow.loading import FlowError, display_name, flow_files, map_flows
from flowmap.flow.model import Flow
from flowmap.flow.schema import model_schema


def _summary(flow: Flow) -> tuple:
    """What validate prints of a flow, computed in the worker (a whole Flow is costly to send)."""
    return flow.warnings, len(flow.parties), len(flow.items), len(flow.steps)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="並行して読み込むプロセス数(既定: 32 ファイル以上なら全コア)。")
def validate(paths: tuple[str, ...], jobs: int | None) -> None:
    """フローのファイルをモデルに照らして検証します。

    PATHS はフローのファイルかフォルダ(中の *.yaml を探します)。
    終了コード: 0 すべて正しい、1 正しくないファイルあり、2 使い方の誤り。

    例: flowmap validate flows/
    """
    files = flow_files(paths)
    if not files:
        raise click.UsageError("フローのファイル(.yaml)が見つかりません")
    failed = 0
    for file, result in map_flows(files, _summary, jobs):  # all cores for many files
        if isinstance(result, FlowError):
            failed += 1
            for problem in result.problems:
                click.echo(str(problem), err=True)
            continue
        warnings, parties, items, steps = result
        for warning in warnings:
            click.echo(f"警告: {warning}", err=True)
        click.echo(terminal(f"OK {display_name(file)}: 当事者 {parties}、情報項目 {items}、手順 {steps}"))
    if failed:
        click.echo(f"{failed} / {len(files)} ファイルに誤りがあります", err=True)
        sys.exit(1)


@click.command()
@click.option("--of", "of", type=click.Choice(["flow", "profile", "clauses"]), default="flow",
              help="どのファイルのスキーマか: フロー、プロファイル(flowmap.yaml)、特記事項のセット。")
def schema(of: str) -> None:
    """フロー・プロファイル・特記事項のセットの JSON Schema を出力します(yaml-language-server 用)。

    例: flowmap schema > schema/flow.schema.json; flowmap schema --of profile > schema/profile.schema.json
    """
    click.echo(json.dumps(SCHEMAS[of](), ensure_ascii=False, indent=2))


def flow_schema() -> dict:
    return model_schema(Flow)


def profile_schema() -> dict:
    from flowmap.flow.profiles import ProfileFile

    return model_schema(ProfileFile)


def clauses_schema() -> dict:
    from flowmap.flow.clauses import ClauseSet

    return model_schema(ClauseSet)


SCHEMAS = {"flow": flow_schema, "profile": profile_schema, "clauses": clauses_schema}
