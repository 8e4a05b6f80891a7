"""`flowmap check`, `flowmap rules` and `flowmap explain`: a thin layer over flowmap.rules.analysis.

Exit codes of `check`:
  0  no open gap (指摘) at or above the --fail-on severity
  1  at least one open (not accepted) gap at or above --fail-on (questions, 確認事項, count only
     with --fail-on-questions)
  2  a flow file is invalid (the loader's messages are printed) or the usage is wrong
"""

from __future__ import annotations

import sys

import click

from flowmap.rules.findings import Finding, Severity
from flowmap.cli.cache import cache_option, open_cache
from flowmap.flow.loading import FlowError, display_name, flow_files
from flowmap.flow.yamlread import did_you_mean

FAIL_ON = ["high", "medium", "low", "info", "never"]


def _prefixes(values: tuple[str, ...]) -> list[str]:
    from flowmap.rules.registry import RETIRED, RULES

    prefixes = [p.strip().upper() for v in values for p in v.split(",") if p.strip()]
    for prefix in prefixes:  # a retired code is still a known prefix (old scripts keep working)
        if not any(code.startswith(prefix) for code in [r.code for r in RULES] + list(RETIRED)):
            raise click.UsageError(f"コードの接頭辞 {prefix!r} に当たるルールがありません(flowmap rules で一覧を表示)")
    return prefixes


def keep(finding: Finding, select: list[str], ignore: list[str]) -> bool:
    """Selected when any of its codes (its own, or a merged part's: --select FM101 shows the
    hand-over findings that lack encryption) is selected; ignored by its own code."""
    if select and not any(c.startswith(p) for c in finding.codes for p in select):
        return False
    return not any(finding.code.startswith(p) for p in ignore)


def fails(findings: list[Finding], fail_on: str, questions: bool = False) -> bool:
    """Whether an open gap (指摘) reaches ``fail_on``; questions (確認事項) count only when asked."""
    if fail_on == "never":
        return False
    threshold = Severity.parse(fail_on)
    return any(f.severity >= threshold and not f.accepted and (questions or not f.question) for f in findings)


def _analysed(flow):
    """What check needs of one flow, computed in the worker process (a Flow is costly to send)."""
    from flowmap.rules.analysis import analyse

    return flow.warnings, flow.submission.id, flow.submission.title, tuple(analyse(flow)), flow.profile_in_effect


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "markdown"]), default="text",
              show_default=True, help="出力形式。")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="high", show_default=True,
              help="この重要度以上の未解決の指摘があれば終了コード 1 にする。")
@click.option("--fail-on-questions", is_flag=True,
              help="その重要度以上の未解決の確認事項でも失敗(終了コード 1)にする。")
@click.option("--select", multiple=True, metavar="PREFIX", help="コードがこの文字列で始まるルールだけを使う(FM1, FM301,…)。")
@click.option("--ignore", multiple=True, metavar="PREFIX", help="コードがこの文字列で始まるルールを除く。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="並行して処理するプロセス数(既定: 32 ファイル以上なら全コア)。")
@cache_option
def check(paths: tuple[str, ...], fmt: str, fail_on: str, fail_on_questions: bool, select: tuple[str, ...], ignore: tuple[str, ...],
          jobs: int | None, cache_dir: str | None) -> None:
    """フローのファイルを分析し、審査する人が挙げる指摘と、確認事項を一覧にします。

    PATHS はフローのファイルかフォルダ(中の *.yaml を探します)。
    終了コード: 0 --fail-on に達する未解決の指摘なし、1 あり(--fail-on-questions を付けたときは確認事項も)、
    2 フローのファイルが不正か使い方の誤り。

    例: flowmap check flows/ --fail-on medium --ignore FM410
    """
    from flowmap.output.formats import FORMATTERS, Report

    chosen, skipped = _prefixes(select), _prefixes(ignore)
    files = flow_files(paths)
    if not files:
        raise click.UsageError("フローのファイル(.yaml)が見つかりません")
    reports, invalid, problems = [], 0, []
    from flowmap.flow.cache import cached_map

    # all cores for many files; unchanged files answered from the cache
    for file, result in cached_map(files, _analysed, "check", open_cache(cache_dir), jobs):
        if isinstance(result, FlowError):
            invalid += 1
            problems.extend(result.problems)
            for problem in result.problems:
                click.echo(str(problem), err=True)
            continue
        warnings, flow_id, title, found, profile = result
        for warning in warnings:
            click.echo(f"警告: {warning}", err=True)
        findings = tuple(f for f in found if keep(f, chosen, skipped))
        reports.append(Report(display_name(file), flow_id, title, findings, profile))
    click.echo(FORMATTERS[fmt](reports, problems), nl=False)
    if invalid:
        click.echo(f"{invalid} / {len(files)} ファイルに誤りがあり、分析できませんでした", err=True)
        sys.exit(2)
    if fails([f for r in reports for f in r.findings], fail_on, fail_on_questions):
        sys.exit(1)


@click.command("rules")
def rules_command() -> None:
    """すべてのルールを一覧にします: コード、既定の重要度、名前、概要。

    例: flowmap rules
    """
    from flowmap.rules.registry import RULES

    for entry in RULES:
        click.echo(f"{entry.code}  {entry.severity.label:<2}  {entry.name:<34}  {entry.summary}")


@click.command()
@click.argument("code")
def explain(code: str) -> None:
    """ルールの説明を出します(理由、悪い例、良い例、直し方、根拠)。

    例: flowmap explain FM301
    """
    from flowmap.rules.docs import rule_markdown
    from flowmap.rules.registry import RULES, rule_by_code

    entry = rule_by_code(code.strip())
    if entry is None:
        hint = did_you_mean(code.upper(), [r.code for r in RULES])
        raise click.UsageError(f"ルール {code!r} はありません {hint}".rstrip())
    click.echo(rule_markdown(entry, level=1))
