"""Every --help page is Japanese: the command's text, its options' help and click's own words."""

import re

import pytest
from click.testing import CliRunner

from flowmap.cli import COMMANDS, main

ENGLISH = re.compile(r"\b(the|and|of|to|Show|Write|List|Draw|Usage|Options|Commands|default|required)\b")
OPTION = re.compile(r"^\s*(-[\w-]+|--[\w-]+)")  # an option's own name and metavar


def _english_lines(text: str) -> list[str]:
    bad = []
    for line in text.splitlines():
        said = line
        if OPTION.match(said):  # drop the option column: "  -o, --output FILE  …"
            said = re.split(r"\s{2,}", said.strip(), maxsplit=1)[-1] if re.search(r"\s{2,}", said.strip()) else ""
        said = re.sub(r"例: .*", "", said)  # the example is a command line
        said = re.sub(r"`[^`]*`|\S*[/.]\S*|\$\w+|--?[\w-]+", "", said)  # code words, paths, options
        if ENGLISH.search(said):
            bad.append(line)
    return bad


@pytest.mark.parametrize("args", [[]] + [[name] for name in sorted(COMMANDS)])
def test_help_is_japanese(args):
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="flowmap")
    assert result.exit_code == 0, result.output
    assert "使い方: flowmap" in result.output
    assert "オプション:" in result.output
    assert "このヘルプを表示して終了します。" in result.output
    assert "例: flowmap" in result.output
    assert _english_lines(result.output) == []


def test_group_lists_every_command_in_japanese():
    output = CliRunner().invoke(main, ["--help"]).output
    assert "コマンド:" in output and "バージョンを表示して終了します。" in output
    for name in COMMANDS:
        assert re.search(rf"^  {name}\s+\S", output, re.M)


def test_defaults_and_required_are_japanese():
    assert "[既定値: renders]" in CliRunner().invoke(main, ["render", "--help"]).output
    assert "[必須]" in CliRunner().invoke(main, ["import", "--help"]).output
