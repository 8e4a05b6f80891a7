"""Usage errors in Japanese: click's own English never reaches the user, the exit code stays 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from flowmap.cli import main

from conftest import FLOWS, SEED_001


@pytest.mark.parametrize("args, said", [
    (["validate", "no/such.yaml"], "エラー: no/such.yaml: ファイルもフォルダもありません"),
    (["validate"], "エラー: PATHS を指定してください"),
    (["check", str(FLOWS), "--format", "xml"], "エラー: --format: 'xml' は使えません。使える値: 'text'"),
    (["check", str(FLOWS), "--jobz", "2"], "エラー: --jobz というオプションはありません(もしかして: --jobs)"),
    (["frobnicate"], "エラー: frobnicate というコマンドはありません"),
    (["check", "-j", "0", str(FLOWS)], "エラー: -j / --jobs: 0 は範囲外です"),
    (["tables", str(FLOWS)], f"エラー: {FLOWS}: フォルダです。ファイルを指定してください"),
    (["diff", str(SEED_001)], "エラー: NEW を指定してください"),
    (["diff", str(SEED_001), str(SEED_001), "extra"], "エラー: 余分な引数があります: extra"),
])
def test_usage_errors_are_japanese(args, said):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert said in result.stderr, result.stderr
    assert "--help で表示できます" in result.stderr
    for english in ("Usage:", "Error:", "Invalid value", "does not exist", "No such", "Missing", "Try '"):
        assert english not in result.output


def test_help_and_version_still_exit_0():
    assert CliRunner().invoke(main, ["--help"]).exit_code == 0
    assert CliRunner().invoke(main, ["check", "--help"]).exit_code == 0
    assert CliRunner().invoke(main, ["--version"]).exit_code == 0


def test_a_command_that_fails_keeps_its_exit_code(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("submission: {}\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(bad)]).exit_code == 1
