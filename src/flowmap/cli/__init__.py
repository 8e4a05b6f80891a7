"""The flowmap command line: a thin layer over the Python API.

Subcommands are imported only when called, so ``flowmap --help`` stays fast; each lives in its
own module of this package and is listed once in ``COMMANDS``.
"""

from __future__ import annotations

import importlib
import sys

import click

from flowmap import __version__
from flowmap.cli.usage import JapaneseContext

COMMANDS: dict[str, str] = {
    "new": "flowmap.cli.new:new",
    "validate": "flowmap.cli.validate:validate",
    "schema": "flowmap.cli.validate:schema",
    "check": "flowmap.cli.check:check",
    "rules": "flowmap.cli.check:rules_command",
    "explain": "flowmap.cli.check:explain",
    "render": "flowmap.cli.render:render",
    "diff": "flowmap.cli.diff:diff",
    "compare": "flowmap.cli.compare:compare",
    "import": "flowmap.cli.importer:import_submission",
    "tables": "flowmap.cli.tables:tables",
    "profiles": "flowmap.cli.profiles:profiles",
    "report": "flowmap.cli.report:report",
    "site": "flowmap.cli.site:site",
}

HELP: dict[str, str] = {
    "new": "記入例のコメント付きのひな形フローを作る(flowmap new flows/005-x.yaml)。",
    "validate": "フローのファイルを検証する(終了コード 0 正常、1 誤りあり、2 使い方の誤り)。",
    "schema": "フロー・プロファイル・特記事項のセットの JSON Schema を出力する。",
    "check": "フローを分析し指摘を出す(0 問題なし、1 --fail-on 以上の指摘あり、2 不正・使い方の誤り)。",
    "rules": "分析ルールの一覧を出す。",
    "explain": "ルール一つの説明を出す(flowmap explain FM301)。",
    "render": "各フローの個人情報の流れ図を描く(svg, png, pdf, dot, drawio)。",
    "diff": "フローの二つの版の違いを出す(0 同じ、1 違いあり、2 エラー)。",
    "compare": "フローを並べて比べる(概要、誰が何を持つか、受け渡しの種類ごとの安全対策)。",
    "import": "提出書類の文章からフローの YAML の下書きを作る(読み取れない所は TODO)。",
    "profiles": "指定したパスに適用される自治体プロファイルと特記事項のセットを出す。",
    "site": "多数のフローを確認する静的サイトを作る(一覧、確認ページ、比較、差分)。",
    "tables": "フローから提出書類の表(件名シート、チェックリスト)を出す: markdown, html, xlsx。",
    "report": "フローの報告書を Word (.docx) で作る: 件名シート、チェックリスト、流れ図、指摘と確認事項。",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use; every help page is in Japanese
    (JapaneseContext, flowmap.cli.usage)."""

    context_class = JapaneseContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name].split(":")
        command = getattr(importlib.import_module(module), attr)
        command.context_class = JapaneseContext
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("コマンド"):
            formatter.write_dl([(name, HELP.get(name, "")) for name in self.list_commands(ctx)])

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """click's standalone mode, with its usage errors worded in Japanese (flowmap.cli.usage)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        from flowmap.cli.usage import show

        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as err:
            show(err)
            sys.exit(err.exit_code)
        except click.ClickException as err:
            click.echo(f"エラー: {err.format_message()}", err=True)
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo("中断しました", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="flowmap")
def main() -> None:
    """flowmap — 業務委託の提出書類にある個人情報の流れを記述し、点検し、図にします。

    例: flowmap validate flows/
    """
    from flowmap.output.atomic import exit_cleanly_on_sigterm

    click.get_current_context().call_on_close(exit_cleanly_on_sigterm())
