"""`-o -` writes to standard output, `-` reads a flow from standard input, binary output refuses
a terminal, and a path that cannot be written is one Japanese line, never a traceback."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from flowmap.cli import main
from flowmap.flow.loading import load_flow

from conftest import FLOWS, ROOT, SEED_001

BEFORE, AFTER = FLOWS / "002-kyuuji-before.yaml", FLOWS / "002-kyuuji-after.yaml"
SUBMISSION = ROOT / "tests" / "fixtures" / "import" / "kenshin-tsuchi.txt"


def run(*args: str, stdin: bytes | None = None):
    result = CliRunner().invoke(main, list(args), input=stdin)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_tables_to_standard_output_writes_no_file_named_dash(in_tmp):
    result = run("tables", str(SEED_001), "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("## 件名 携帯トイレ等の全世帯配布事業")
    assert not (in_tmp / "-").exists()


def test_xlsx_to_standard_output_is_the_workbook(in_tmp):
    result = run("tables", str(SEED_001), "--format", "xlsx", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout_bytes[:4] == b"PK\x03\x04"
    from io import BytesIO

    from openpyxl import load_workbook
    assert "チェックリスト" in load_workbook(BytesIO(result.stdout_bytes)).sheetnames
    assert not (in_tmp / "-").exists()


def test_xlsx_refuses_a_terminal():
    """Run the real command with its standard output on a pseudo-terminal."""
    main_fd, terminal = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "flowmap", "tables", str(SEED_001), "--format", "xlsx", "-o", "-"],
                              stdout=terminal, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(main_fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main_fd)
    assert proc.returncode == 2
    assert "xlsx は端末には表示できません" in proc.stderr.decode()
    assert b"PK" not in shown


def test_docx_report_to_standard_output(in_tmp):
    result = run("report", str(SEED_001), "--no-diagram", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout_bytes[:4] == b"PK\x03\x04"
    assert not (in_tmp / "-").exists()


def test_diff_and_compare_to_standard_output(in_tmp):
    result = run("diff", str(BEFORE), str(AFTER), "--format", "json", "-o", "-", "--no-findings")
    assert result.exit_code == 1  # the versions differ
    assert json.loads(result.stdout)["identical"] is False
    result = run("compare", str(FLOWS), "--only", "summary", "--format", "csv", "-o", "-", "--no-findings")
    assert result.exit_code == 0
    assert not result.stdout_bytes.startswith(b"\xef\xbb\xbf")  # a BOM only in files for Excel
    assert "携帯トイレ" in result.stdout
    assert not (in_tmp / "-").exists()


def test_import_to_standard_output_gives_a_draft_that_loads(in_tmp):
    result = run("import", str(SUBMISSION), "-o", "-")
    assert result.exit_code == 0, result.output
    draft = in_tmp / "draft.yaml"
    draft.write_bytes(result.stdout_bytes)
    assert load_flow(draft).parties
    assert "TODO" in result.stderr
    assert not (in_tmp / "-").exists()


def test_import_reads_the_submission_from_standard_input(in_tmp):
    result = run("import", "-", "-o", "-", stdin=SUBMISSION.read_bytes())
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout_bytes)["parties"]


@pytest.mark.parametrize("command", [["validate"], ["check", "--fail-on", "never"], ["tables"]])
def test_a_flow_from_standard_input(command):
    result = run(*command, "-", stdin=SEED_001.read_bytes())
    assert result.exit_code == 0, result.output
    assert any(word in result.stdout for word in ("OK <stdin>", "携帯トイレ等"))


def test_check_json_of_standard_input_names_it():
    result = run("check", "-", "--format", "json", "--fail-on", "never", stdin=SEED_001.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["flows"][0]["file"] == "<stdin>"


def test_diff_of_standard_input_against_a_file():
    result = run("diff", "-", str(AFTER), "--no-findings", stdin=BEFORE.read_bytes())
    assert result.exit_code == 1
    assert "旧氏" in result.stdout


def test_render_from_standard_input_names_the_output_after_the_submission(tmp_path):
    result = run("render", "-", "--out", str(tmp_path), "--format", "dot", stdin=SEED_001.read_bytes())
    assert result.exit_code == 0, result.output
    produced = [p.name for p in tmp_path.iterdir()]
    assert produced == [f"{load_flow(SEED_001).submission.id}.dot"]


def test_a_bad_flow_on_standard_input_is_located_as_stdin():
    result = run("validate", "-", stdin=b"submission:\n  id: x\n  title: t\n  department: d\nparties: []\n")
    assert result.exit_code == 1
    assert "<stdin>:5:" in result.output


@pytest.mark.parametrize("args", [
    ["render", str(SEED_001), "--format", "dot", "--out", "{file}/sub"],
    ["tables", str(SEED_001), "-o", "{file}/t.md"],
    ["tables", str(SEED_001), "--format", "xlsx", "-o", "{file}/t.xlsx"],
    ["diff", str(BEFORE), str(AFTER), "--no-findings", "-o", "{file}/d.txt"],
    ["compare", str(FLOWS), "--no-findings", "-o", "{file}/c.txt"],
    ["import", str(SUBMISSION), "-o", "{file}/new.yaml"],
    ["report", str(SEED_001), "--no-diagram", "-o", "{file}/r.docx"],
    ["new", "{file}/new.yaml"],
    ["site", str(SEED_001), "--cache", "off", "-o", "{file}/site"],
    ["render", str(SEED_001), "--format", "html", "--out", "{file}/pages"],
])
def test_a_path_that_cannot_be_written_is_one_japanese_line(tmp_path, args):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    args = [a.replace("{file}", str(blocker)) for a in args]
    result = run(*args)
    assert result.exit_code in (1, 2)
    target = next(a for a in args if str(blocker) in a)
    assert f"{target}: 書き込めません(" in result.stderr
    assert "Errno" not in result.output and "File exists" not in result.output
    assert blocker.read_text() == "x"


def test_render_into_a_folder_without_permission(tmp_path):
    if os.geteuid() == 0:
        locked = Path("/proc/flowmap-cannot-be-here")  # even root cannot create folders there
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        locked = locked / "sub"
    result = run("render", str(SEED_001), "--format", "dot", "--out", str(locked))
    assert result.exit_code == 1
    assert f"{locked}: 書き込めません(" in result.stderr


@pytest.mark.parametrize("args", [["render", str(SEED_001), "--out", "-"], ["site", str(SEED_001), "-o", "-"]])
def test_commands_that_write_a_folder_refuse_standard_output(in_tmp, args):
    result = run(*args)
    assert result.exit_code == 2
    assert "フォルダを指定してください" in result.stderr
    assert not (in_tmp / "-").exists()
