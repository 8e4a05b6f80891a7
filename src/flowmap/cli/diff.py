"""`flowmap diff OLD NEW`: what changed between two versions of a flow."""

from __future__ import annotations

import sys

import click

from flowmap.cli._io import emit, load_all_or_exit


@click.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write to this file instead of standard output (- for standard output).")
@click.option("--no-findings", is_flag=True, help="Do not run the analysis on both versions.")
def diff(old: str, new: str, fmt: str, output: str | None, no_findings: bool) -> None:
    """Show what changed between two versions of a flow.

    Parties, steps (matched by number and endpoints), items on each step and held by each party,
    media, transport, safeguards, tasks, clause sets, the declared table, and the findings that
    appear or disappear. Exit 0 when identical, 1 when they differ, 2 on error.

    Example: flowmap diff flows/002-kyuuji-before.yaml flows/002-kyuuji-after.yaml
    """
    from flowmap.compare.diff import diff_flows
    from flowmap.compare.diff_output import DIFF_FORMATS

    before, after = load_all_or_exit([old, new], fmt, output)
    result = diff_flows(before, after, analyse=not no_findings)
    emit(DIFF_FORMATS[fmt](result), output)
    sys.exit(0 if result.identical else 1)
