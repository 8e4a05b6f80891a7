"""`flowmap diff` and `flowmap compare` on the command line: exit codes, formats, bad input."""

from __future__ import annotations

import json

from click.testing import CliRunner

from compare_helpers import BASE, BAD, FIXTURES, ITEM_ADDED, WEAK_USB
from flowmap.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_diff_exit_codes():
    assert run("diff", BASE, BASE, "--no-findings").exit_code == 0
    assert run("diff", BASE, ITEM_ADDED, "--no-findings").exit_code == 1
    assert run("diff", BASE, FIXTURES / "missing.yaml").exit_code == 2


def test_diff_text_lists_the_changes_and_json_carries_the_same():
    text = run("diff", BASE, ITEM_ADDED, "--no-findings")
    assert "【情報項目】" in text.output and "+ 旧氏" in text.output
    result = run("diff", BASE, ITEM_ADDED, "--no-findings", "--format", "json")
    data = json.loads(result.output)
    assert result.exit_code == 1 and data["identical"] is False
    assert len(data["changes"]) == 11
    for change in data["changes"]:
        assert f"{change['subject']}: {change['text']}" in text.output
    markdown = run("diff", BASE, ITEM_ADDED, "--no-findings", "--format", "markdown").output
    assert markdown.startswith("# フローの差分") and "| 追加 | 旧氏 |" in markdown


def test_identical_json_says_so():
    data = json.loads(run("diff", BASE, BASE, "--no-findings", "--format", "json").output)
    assert data["identical"] is True and data["changes"] == []


def test_bad_input_names_file_and_line_without_traceback():
    for args in (("diff", BASE, BAD), ("compare", BASE, BAD)):
        result = run(*args, "--no-findings")
        assert result.exit_code == 2
        assert f"{BAD}:8:5:" in result.output and "wrd" in result.output
        assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)


def test_output_file_is_written_whole(tmp_path):
    target = tmp_path / "table.csv"
    result = run("compare", BASE, WEAK_USB, "--only", "edges", "--format", "csv", "-o", target, "--no-findings")
    assert result.exit_code == 0 and result.output == ""
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode()) and "USBメモリ・手渡し".encode() in data
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]  # no temporary file left


def test_compare_folder_and_options():
    result = run("compare", FIXTURES, "--item", "旧氏", "--party", "組合", "--no-findings")
    assert result.exit_code == 0
    for title in ("■ 案件の概要", "■ 誰が何を保有するか", "■ 「旧氏」を保有する当事者", "■ 受け渡しの種類ごとの安全対策",
                  "■ 当事者「組合」の案件ごとの扱い"):
        assert title in result.output
    assert run("compare", FIXTURES, "--only", "item").exit_code == 2  # --only item needs --item


def test_output_does_not_depend_on_hash_order():
    """Sets are printed in catalogue order, so two runs under different hash seeds agree."""
    import os
    import subprocess
    import sys

    from compare_helpers import ROOT

    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT / "src"))
        done = subprocess.run(
            [sys.executable, "-m", "flowmap", "diff", str(WEAK_USB), str(BASE), "--no-findings", "--format", "json"],
            capture_output=True, env=env, check=False)
        assert done.returncode == 1
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_unwritable_output_is_an_error_without_traceback(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("diff", BASE, ITEM_ADDED, "--no-findings", "-o", blocker / "out.txt")
    assert result.exit_code == 2 and "書き込めません" in result.output
    assert "Traceback" not in result.output and blocker.read_text() == "not a folder"
