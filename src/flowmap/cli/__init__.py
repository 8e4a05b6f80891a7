"""The flowmap command line: a thin layer over the Python API.

Subcommands are imported only when called, so ``flowmap --help`` stays fast; each lives in its
own module of this package and is listed once in ``COMMANDS``.
"""

from __future__ import annotations

import importlib
import sys

import click

from flowmap import __version__

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
    "new": "Write a short commented starter flow that validates (flowmap new flows/005-x.yaml).",
    "validate": "Check flow files against the model (exit 0 valid, 1 invalid, 2 usage).",
    "schema": "Print the JSON Schema of flow files, profiles or clause sets.",
    "check": "Analyse flows for gaps (exit 0 ok, 1 findings at --fail-on, 2 invalid/usage).",
    "rules": "List the analysis rules.",
    "explain": "Print one rule's documentation (flowmap explain FM301).",
    "render": "Draw the 個人情報の流れ diagram of each flow (svg, png, pdf, dot, drawio).",
    "diff": "What changed between two versions of a flow (exit 0 same, 1 differ, 2 error).",
    "compare": "Flows side by side: summary, who holds what, safeguards per kind of hand-over.",
    "import": "Draft a flow YAML from a submission's text (TODO marks what it cannot read).",
    "profiles": "List the municipality profiles and clause sets in effect for a path.",
    "site": "Build a static review site of many flows (index, review pages, comparison, diffs).",
    "tables": "Print the submission's tables (件名 sheet, チェックリスト) from a flow: markdown, html, xlsx.",
    "report": "Write a flow's report as Word (.docx): 件名 sheets, checklist, diagram, 指摘 and 確認事項.",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
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
    """flowmap — model, check and draw the personal-data flow (個人情報の流れ) of an
    outsourcing submission.

    Example: flowmap validate flows/
    """
    from flowmap.output.atomic import exit_cleanly_on_sigterm

    click.get_current_context().call_on_close(exit_cleanly_on_sigterm())
