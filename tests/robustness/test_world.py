"""Failures of the world (issue 17, class 6): an output path below a regular file, a full disk,
a temp folder that cannot be used, Graphviz returning broken output, SIGTERM during a write.
Each gives a clear message and a non-zero exit, never a traceback, never a temporary file left,
and never a mix of new and stale outputs for one flow."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from flowmap.cli import main

HERE = Path(__file__).parent / "malformed"
FLOW = HERE / "ok-tiny.yaml"
SEED = Path(__file__).parents[2] / "flows" / "001-keitai-toilet.yaml"


def _run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result, result.output + (result.stderr if result.stderr_bytes is not None else "")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


@pytest.mark.parametrize("command", [
    ["render", str(FLOW), "--format", "dot", "--out", "{below}"],
    ["tables", str(FLOW), "--format", "markdown", "-o", "{below}/t.md"],
    ["tables", str(FLOW), "--format", "xlsx", "-o", "{below}/t.xlsx"],
    ["diff", str(FLOW), str(SEED), "-o", "{below}/d.txt"],
    ["compare", str(FLOW), str(SEED), "--no-findings", "--format", "csv", "-o", "{below}/c.csv"],
    ["import", str(Path(__file__).parents[1] / "fixtures" / "seeds" / "000_553d87c009fcc501.txt"), "-o", "{below}/d.yaml"],
], ids=["render", "tables-md", "tables-xlsx", "diff", "compare", "import"])
def test_output_below_a_regular_file(command: list[str], tmp_path: Path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    args = [a.replace("{below}", str(blocker / "sub")) for a in command]
    result, output = _run(*args)
    assert result.exit_code != 0
    assert "Traceback" not in output
    assert f"{blocker} はファイルです" in output, output
    assert "既にあります" not in output
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_full_disk_keeps_the_previous_set_whole(tmp_path: Path, monkeypatch):
    """The second diagram of a set hits ENOSPC: the first is not replaced either, and no
    temporary file is left (the folder holds the previous run's set, untouched)."""
    out = tmp_path / "out"
    result, _ = _run("render", str(FLOW), "--out", str(out), "--format", "dot,drawio")
    assert result.exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_fsync, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    changed = tmp_path / "ok-tiny.yaml"
    changed.write_text(FLOW.read_text(encoding="utf-8").replace("小さな委託", "変更後の委託"), encoding="utf-8")
    result, output = _run("render", str(changed), "--out", str(out), "--format", "dot,drawio")
    assert result.exit_code == 1 and "Traceback" not in output
    assert "ディスクがいっぱいです" in output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", [["tables", "--format", "markdown"], ["diff", str(SEED)],
                                     ["compare", str(SEED), "--no-findings"]])
def test_full_disk_on_a_single_output(command: list[str], tmp_path: Path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    target = tmp_path / "out.txt"
    target.write_text("previous", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", full)
    args = [command[0], str(FLOW), *command[1:], "-o", str(target)]
    result, output = _run(*args)
    assert result.exit_code != 0 and "Traceback" not in output
    assert "ディスクがいっぱいです" in output
    assert target.read_text(encoding="utf-8") == "previous"
    assert _leftovers(tmp_path) == []


def test_unusable_temp_folder_is_a_message(tmp_path: Path, monkeypatch):
    """Graphviz writes into a private temp folder; a missing or full one is a clear message and
    exit 1, and the diagrams (which never go there) stay as they were."""
    out = tmp_path / "out"
    result, _ = _run("render", str(FLOW), "--out", str(out), "--format", "svg")
    assert result.exit_code == 0
    before = (out / "ok-tiny.svg").read_bytes()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "missing"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    result, output = _run("render", str(FLOW), "--out", str(out), "--format", "svg")
    assert result.exit_code == 1 and "Traceback" not in output
    assert "一時フォルダ" in output and "TMPDIR" in output
    assert (out / "ok-tiny.svg").read_bytes() == before and _leftovers(tmp_path) == []


@pytest.mark.parametrize("broken", [b"", b"<svg width=", b"not json at all", b"{\"truncated\": "])
def test_broken_graphviz_output(broken: bytes, tmp_path: Path, monkeypatch):
    """Graphviz exits 0 but writes an empty, cut or garbled file: a message, no diagram."""
    from flowmap.render import graphviz_run

    def fake(engine, formats, folder, names):   # every output of every graph comes out broken
        for name in names:
            for fmt in formats:
                (folder / f"{name}.{fmt}").write_bytes(broken)

    monkeypatch.setattr(graphviz_run, "_run_share", fake)
    out = tmp_path / "out"
    result, output = _run("render", str(FLOW), "--out", str(out), "--format", "svg,drawio")
    assert result.exit_code == 1 and "Traceback" not in output
    assert "Graphviz" in output and ("壊れています" in output or "読めません" in output)
    assert not out.exists() or list(out.iterdir()) == []


def test_fewer_pages_than_last_time_leave_no_stale_page(tmp_path: Path):
    """A flow drawn on three pages, then on one: the old page files go, so the folder holds one
    set for the flow, not new and stale pages mixed."""
    out = tmp_path / "out"
    out.mkdir()
    for n in (1, 2, 3):
        (out / f"ok-tiny-{n}.svg").write_text("old page", encoding="utf-8")
    (out / "ok-tiny-notes.svg").write_text("not a page of ours", encoding="utf-8")
    result, output = _run("render", str(FLOW), "--out", str(out), "--format", "svg")
    assert result.exit_code == 0, output
    assert sorted(p.name for p in out.iterdir()) == ["ok-tiny-notes.svg", "ok-tiny.svg"]


def test_sigterm_during_a_write(tmp_path: Path):
    """SIGTERM while the output is being written: exit 143 with a message, no traceback, no
    temporary file, the previous output untouched."""
    target = tmp_path / "tables.md"
    target.write_text("previous", encoding="utf-8")
    script = (
        "import os, sys, time\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    print('WRITING', flush=True)\n"
        "    time.sleep(30)\n"
        "os.fsync = slow\n"
        "from flowmap.cli import main\n"
        f"main(['tables', {str(FLOW)!r}, '--format', 'markdown', '-o', {str(target)!r}])\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "WRITING"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM
    assert "中断されました" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables.md"]


def test_the_sigterm_handler_is_put_back_after_a_command():
    """Run in process (tests, the sweep), the CLI leaves SIGTERM as it found it."""
    before = signal.getsignal(signal.SIGTERM)
    result, _ = _run("validate", str(FLOW))
    assert result.exit_code == 0
    assert signal.getsignal(signal.SIGTERM) is before
