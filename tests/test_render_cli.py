"""`flowmap render`: files per format, draw.io structure, atomic writes, clean errors."""

from __future__ import annotations

import os
import sys
import types
import xml.etree.ElementTree as ET

import subprocess
import pytest
from click.testing import CliRunner

from conftest import SEED_001
from flowmap.cli import main
from flowmap.rules.findings import Finding, Severity
from flowmap.flow.loading import load_flow
from flowmap.render import graphviz_run, style
from flowmap.render.graphviz_run import choose_font
from flowmap.output.atomic import write_atomic


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_render_writes_every_format(tmp_path):
    result = run("render", str(SEED_001), "--out", str(tmp_path), "--format", "svg,png,pdf,dot,drawio")
    assert result.exit_code == 0, result.output
    stem = SEED_001.stem
    assert (tmp_path / f"{stem}.svg").read_bytes().lstrip().startswith(b"<?xml")
    assert (tmp_path / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / f"{stem}.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / f"{stem}.dot").read_text(encoding="utf-8").startswith('digraph "001-keitai-toilet"')
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{stem}.{e}" for e in ("svg", "png", "pdf", "dot", "drawio"))
    assert "秒" in result.output


def test_default_formats_are_svg_and_png_and_rerender_is_byte_identical(tmp_path):
    assert run("render", str(SEED_001), "--out", str(tmp_path)).exit_code == 0
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".png", ".svg"]
    first = (tmp_path / f"{SEED_001.stem}.svg").read_bytes()
    assert run("render", str(SEED_001), "--out", str(tmp_path)).exit_code == 0
    assert (tmp_path / f"{SEED_001.stem}.svg").read_bytes() == first


def test_drawio_has_one_cell_per_party_and_per_step(tmp_path):
    assert run("render", str(SEED_001), "--out", str(tmp_path), "--format", "drawio").exit_code == 0
    root = ET.parse(tmp_path / f"{SEED_001.stem}.drawio").getroot()
    assert root.tag == "mxfile"
    cells = {c.get("id"): c for c in root.iter("mxCell")}
    flow = load_flow(SEED_001)
    party_cells = sorted(k for k in cells if k.startswith("party-"))
    assert party_cells == sorted(f"party-{p.id}" for p in flow.parties)
    step_cells = [k for k in cells if k.startswith("step-")]
    assert len(step_cells) == len(flow.steps)
    def text(key):   # an arrow's text is in its label cell, placed where the layout put it
        return (cells.get(f"label-{key}") if cells[key].get("edge") == "1" else cells[key]).get("value")

    for step in flow.steps:
        matching = [cells[k] for k in step_cells if step.no + " " in text(k)]
        assert len(matching) == 1, step.no
        cell = matching[0]
        if step.at:   # internal work: a note inside the party it happens at
            assert cell.get("vertex") == "1" and cell.get("parent") == f"party-{step.at}"
        else:         # a transfer: an arrow between the two parties
            assert cell.get("edge") == "1"
            assert (cell.get("source"), cell.get("target")) == (f"party-{step.from_}", f"party-{step.to}")
    # systems sit inside their owner's container
    assert cells["party-contractor-pc"].get("parent") == "party-contractor"
    assert "container=1" in cells["party-contractor"].get("style")
    assert "対策表 20〜22" in cells["label-step-s2"].get("value")
    assert "鍵付きカバンに入れて運搬" in cells["title"].get("value")


def test_invalid_flow_is_reported_with_its_line_and_nothing_is_written(variant, tmp_path):
    path = variant(("kind: report", "kind: reporting"))
    out = tmp_path / "out"
    result = run("render", str(path), "--out", str(out))
    assert result.exit_code == 1
    assert f"{path}:" in result.output and "reporting" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_unknown_format_is_a_usage_error(tmp_path):
    result = run("render", str(SEED_001), "--out", str(tmp_path), "--format", "svg,gif")
    assert result.exit_code == 2
    assert "gif" in result.output and "drawio" in result.output


def test_missing_graphviz_is_a_clear_error_and_writes_nothing(tmp_path, monkeypatch):
    def missing(*args, **kwargs):
        raise FileNotFoundError("dot")

    monkeypatch.setattr(graphviz_run.subprocess, "run", missing)
    result = run("render", str(SEED_001), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "Graphviz の dot コマンドが見つかりません" in result.output
    assert "Traceback" not in result.output
    assert not any(tmp_path.iterdir())


def test_graphviz_failure_is_reported(monkeypatch):
    def broken(*args, **kwargs):
        return subprocess.CompletedProcess(args, 1, b"", b"Error: syntax error in line 3")

    monkeypatch.setattr(graphviz_run.subprocess, "run", broken)
    with pytest.raises(graphviz_run.RenderError, match="syntax error in line 3"):
        graphviz_run.run_dot("digraph {", "svg")


def test_font_choice_and_fallbacks():
    assert choose_font("Noto Sans CJK JP", ["IPAGothic", "Noto Sans CJK JP"]).warning is None
    fallback = choose_font("Noto Sans CJK JP", ["IPAGothic", "VL Gothic"])
    assert fallback.family == "IPAGothic" and "Noto Sans CJK JP" in fallback.warning
    nothing = choose_font("Noto Sans CJK JP", [])
    assert nothing.family == "sans-serif" and "fonts-noto-cjk" in nothing.warning


def test_unknown_font_warns_and_still_renders(tmp_path, monkeypatch):
    monkeypatch.setattr(graphviz_run, "japanese_fonts", lambda: ["IPAGothic"])
    result = run("render", str(SEED_001), "--out", str(tmp_path), "--format", "dot", "--font", "No Such Font")
    assert result.exit_code == 0
    assert "警告: フォント 'No Such Font' が見つからないため 'IPAGothic'" in result.output
    assert 'fontname="IPAGothic"' in (tmp_path / f"{SEED_001.stem}.dot").read_text(encoding="utf-8")


def test_no_japanese_font_warns_and_falls_back(tmp_path, monkeypatch):
    monkeypatch.setattr(graphviz_run, "japanese_fonts", lambda: [])
    result = run("render", str(SEED_001), "--out", str(tmp_path), "--format", "dot")
    assert result.exit_code == 0
    assert "日本語フォントが入っていません" in result.output
    assert 'fontname="sans-serif"' in (tmp_path / f"{SEED_001.stem}.dot").read_text(encoding="utf-8")


def test_atomic_write_keeps_the_old_file_when_the_rename_fails(tmp_path, monkeypatch):
    target = tmp_path / "a.svg"
    target.write_bytes(b"old")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.svg"]


def test_findings_option_uses_the_analysis(tmp_path, monkeypatch):
    found = [Finding(file=str(SEED_001), line=1, code="FM101", severity=Severity.HIGH, flow="001-keitai-toilet",
                     message="USBメモリの暗号化がありません", fix="暗号化機能付きUSBメモリを使う", step="②'")]
    module = types.ModuleType("flowmap.rules.analysis")
    module.analyse = lambda flow: found
    monkeypatch.setitem(sys.modules, "flowmap.rules.analysis", module)
    result = run("render", str(SEED_001), "--out", str(tmp_path), "--format", "dot,drawio", "--findings")
    assert result.exit_code == 0, result.output
    dot = (tmp_path / f"{SEED_001.stem}.dot").read_text(encoding="utf-8")
    assert "USBメモリの暗号化がありません" in dot and "指摘事項(1件)" in dot
    cells = {c.get("id"): c for c in ET.parse(tmp_path / f"{SEED_001.stem}.drawio").getroot().iter("mxCell")}
    assert "1. [高] FM101 ②': USBメモリの暗号化がありません" in cells["title"].get("value")   # listed under the title
    assert "指摘 1" in cells["label-step-s2p"].get("value")
    assert style.SEVERITY_COLOURS[Severity.HIGH] in cells["step-s2p"].get("style")


def test_findings_option_without_analysis_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "flowmap.rules.analysis", None)
    result = run("render", str(SEED_001), "--out", str(tmp_path), "--findings")
    assert result.exit_code == 1
    assert "flowmap.rules.analysis" in result.output and "Traceback" not in result.output


def test_without_graphviz_on_the_path_the_command_says_so(tmp_path):
    """The real thing: no `dot` (nor fc-list) on PATH, run as a user would."""
    import subprocess

    from conftest import ROOT

    env = dict(os.environ, PATH=str(tmp_path / "empty"), PYTHONPATH=str(ROOT / "src"))
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "flowmap", "render", str(SEED_001), "--out", str(out)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Graphviz の dot コマンドが見つかりません" in result.stderr
    assert "fc-list がない" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists() or not any(out.iterdir())
