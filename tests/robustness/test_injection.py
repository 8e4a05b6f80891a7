"""Hostile text in a valid flow, through every output: no forged terminal line, no live formula
in CSV or xlsx, no markup that runs in markdown, SVG, HTML or drawio (issue 17, classes 2–4)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from flowmap.cli import main
from flowmap.output.escape import markdown, sheet, terminal

HERE = Path(__file__).parent / "malformed"
FORGED = "\nFORGED.yaml:1:1: 偽のメッセージ"
PAYLOADS = {
    "party": '=HYPERLINK("http://example.invalid/?x","押して")' + FORGED,
    "item": "-2+3+cmd|' /C calc'!A0",
    "department": "<img src=x onerror=alert(1)>",
    "title": "[押して](javascript:alert(1)) *強調* <script>alert(2)</script>",
    "task": "@SUM(1+1)\tタブ",
}


def _hostile_flow(tmp_path: Path, name: str = "hostile.yaml") -> Path:
    """ok-tiny with a payload in each kind of text field (all characters a flow may hold)."""
    import json

    text = (HERE / "ok-tiny.yaml").read_text(encoding="utf-8")
    q = lambda s: json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    text = (text.replace("name: 委託事業者", f"name: {q(PAYLOADS['party'])}")
                .replace("label: 住所", f"label: {q(PAYLOADS['item'])}")
                .replace("items: [氏名, 住所]", f"items: [氏名, {q(PAYLOADS['item'])}]")
                .replace("department: 危機管理課", f"department: {q(PAYLOADS['department'])}")
                .replace("title: 小さな委託", f"title: {q(PAYLOADS['title'])}")
                .replace("label: 返却", f"label: {q(PAYLOADS['task'])}"))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result, result.output + (result.stderr if result.stderr_bytes is not None else "")


def _no_forged_line(output: str) -> None:
    assert "Traceback" not in output
    assert not re.search(r"^FORGED", output, re.M), output
    assert "\x1b" not in output and "\x07" not in output and "\r" not in output


def _no_live_markdown(text: str) -> None:
    assert not re.search(r"(?<!\\)<(img|script)", text), text
    assert not re.search(r"(?<!\\)\]\(javascript", text), text
    assert not re.search(r"^FORGED", text, re.M)


def test_the_hostile_flow_loads(tmp_path: Path):
    result, output = _run("validate", str(_hostile_flow(tmp_path)))
    assert result.exit_code == 0, output
    _no_forged_line(output)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "sarif"])
def test_check(fmt: str, tmp_path: Path):
    result, output = _run("check", str(_hostile_flow(tmp_path)), "--format", fmt, "--fail-on", "never")
    assert result.exit_code == 0, output
    _no_forged_line(output)
    if fmt == "markdown":
        _no_live_markdown(output)
        assert "\\[押して\\](javascript:alert(1))" in output  # shown, escaped


def test_tables_markdown_and_html(tmp_path: Path):
    flow = _hostile_flow(tmp_path)
    result, output = _run("tables", str(flow), "--format", "markdown")
    assert result.exit_code == 0, output
    _no_live_markdown(output)
    assert "\\[押して\\](javascript:alert(1))" in output
    result, output = _run("tables", str(flow), "--format", "html")
    assert result.exit_code == 0
    assert "<img" not in output and "<script>" not in output and "&lt;img src=x" in output


def test_tables_xlsx_cells_are_text(tmp_path: Path):
    from openpyxl import load_workbook

    target = tmp_path / "t.xlsx"
    result, output = _run("tables", str(_hostile_flow(tmp_path)), "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, output
    book = load_workbook(target)
    values = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert values and all(c.data_type != "f" for c in values)
    assert any(str(c.value).startswith("=HYPERLINK") for c in values)  # shown as written, as text


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_compare(fmt: str, tmp_path: Path):
    flow = _hostile_flow(tmp_path)
    result, output = _run("compare", str(flow), str(HERE / "ok-tiny.yaml"), "--format", fmt,
                          "--party", PAYLOADS["party"], "--item", PAYLOADS["item"])
    assert result.exit_code == 0, output
    if fmt != "csv":  # in CSV a quoted cell may hold a line break: the rows are checked instead
        _no_forged_line(output)
    if fmt == "markdown":
        _no_live_markdown(output)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(output)))
        assert not [row for row in rows if row and row[0].startswith("FORGED")]
        cells = [c for row in rows for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
        assert any(c.startswith("'=HYPERLINK") or c.startswith("'-2+3") for c in cells)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff(fmt: str, tmp_path: Path):
    result, output = _run("diff", str(HERE / "ok-tiny.yaml"), str(_hostile_flow(tmp_path)), "--format", fmt)
    assert result.exit_code == 1, output
    _no_forged_line(output)
    if fmt == "markdown":
        _no_live_markdown(output)


def test_render_svg_drawio_dot_stay_escaped(tmp_path: Path):
    from xml.etree import ElementTree

    out = tmp_path / "out"
    result, output = _run("render", str(_hostile_flow(tmp_path)), "--out", str(out), "--format", "svg,drawio,dot")
    assert result.exit_code == 0, output
    _no_forged_line(output)
    for ext in ("svg", "drawio"):
        text = (out / f"hostile.{ext}").read_text(encoding="utf-8")
        tree = ElementTree.fromstring(text)  # well-formed XML
        assert not any(el.tag.endswith(("script", "img")) for el in tree.iter())
        assert "<img" not in text and "<script" not in text


def test_escape_functions():
    assert terminal("a\nb\x1b]0;x\x07\r") == "a\\nb\\e]0;x\\a\\r"
    assert terminal("普通の文") == "普通の文"
    assert markdown("<b>|[x](y)") == "\\<b\\>\\|\\[x\\](y)"
    assert markdown("一\n二") == "一<br>二"
    assert sheet("=1+1") == "'=1+1" and sheet("@x") == "'@x" and sheet("\tx") == "'\tx"
    assert sheet("=1+1", csv=False) == "=1+1"
    assert sheet("a\x07b\ufffe", csv=False) == "a\\ab\\ufffe" and sheet(3) == 3 and sheet("－") == "－"
