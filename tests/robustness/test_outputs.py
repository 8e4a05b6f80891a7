"""Commands that write files, given malformed input: a located message, no traceback, and no
output file left behind (not even a half-written or temporary one)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from flowmap.cli import main

HERE = Path(__file__).parent / "malformed"
BAD = ["truncated-flow-list.yaml", "binary.yaml", "merge-key.yaml", "deep-nesting-flow.yaml",
       "duplicate-keys.yaml", "underscore-number.yaml", "nul-character.yaml", "wrong-type-parties.yaml"]
SEED = Path(__file__).parents[2] / "flows" / "001-keitai-toilet.yaml"


def _run(args: list[str]):
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result, result.output


def _located(output: str, path: Path) -> bool:
    return re.search(rf"^{re.escape(str(path))}:\d+:\d+: \S", output, re.M) is not None


@pytest.mark.parametrize("name", BAD)
def test_render_leaves_nothing(name: str, tmp_path: Path):
    flow = tmp_path / name
    shutil.copy(HERE / name, flow)
    out = tmp_path / "out"
    result, output = _run(["render", str(flow), "--out", str(out), "--format", "dot,svg"])
    assert result.exit_code == 1 and "Traceback" not in output
    assert _located(output, flow)
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("name", BAD)
@pytest.mark.parametrize("fmt", ["markdown", "xlsx"])
def test_tables_leaves_nothing(name: str, fmt: str, tmp_path: Path):
    flow = tmp_path / name
    shutil.copy(HERE / name, flow)
    target = tmp_path / f"tables.{fmt}"
    result, output = _run(["tables", str(flow), "--format", fmt, "-o", str(target)])
    assert result.exit_code == 1 and "Traceback" not in output
    assert _located(output, flow)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("name", BAD)
def test_diff_leaves_nothing(name: str, tmp_path: Path):
    flow = tmp_path / name
    shutil.copy(HERE / name, flow)
    target = tmp_path / "diff.md"
    result, output = _run(["diff", str(SEED), str(flow), "--format", "markdown", "-o", str(target)])
    assert result.exit_code == 2 and "Traceback" not in output
    assert _located(output, flow)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("name", ["binary.yaml", "png-header.yaml", "empty.yaml", "nul-character.yaml", "shift-jis.yaml"])
def test_import_of_unreadable_text_leaves_nothing(name: str, tmp_path: Path):
    source = tmp_path / name.replace(".yaml", ".txt")
    shutil.copy(HERE / name, source)
    target = tmp_path / "draft.yaml"
    result, output = _run(["import", str(source), "-o", str(target)])
    assert "Traceback" not in output
    if result.exit_code == 0:  # whatever import drafts from odd text must itself load
        check, _ = _run(["validate", str(target)])
        assert check.exit_code == 0
    else:
        assert str(source) in output
        assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]


@pytest.mark.parametrize("name", ["blank-title.yaml", "bom.yaml", "crlf.yaml", "bom-crlf-seed.yaml",
                                  "double-prime-ok.yaml", "bool-as-string.yaml"])
def test_odd_but_valid_flows_render(name: str, tmp_path: Path):
    """Flows that load must draw: a blank title once crashed the DOT builder (IndexError)."""
    out = tmp_path / "out"
    result, output = _run(["render", str(HERE / name), "--out", str(out), "--format", "dot"])
    assert result.exit_code == 0 and "Traceback" not in output, output
    dot = (out / name.replace(".yaml", ".dot")).read_text(encoding="utf-8")
    assert "件名: " in dot
