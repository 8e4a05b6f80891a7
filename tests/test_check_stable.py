"""`flowmap check` prints the same bytes whatever Python's hash seed: findings diff cleanly."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import FLOWS, ROOT


def check_output(hash_seed: str, target=FLOWS) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "flowmap", "check", str(target), "--fail-on", "never", "-j", "1"],
                          capture_output=True, text=True, env=env, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_check_output_does_not_depend_on_hash_order(tmp_path):
    # seed 001 without its return step ⑨: the contractor keeps what its tasks produce (配布状況)
    text = (FLOWS / "001-keitai-toilet.yaml").read_text(encoding="utf-8")
    text = text[: text.index('  - no: "⑨"')] + text[text.index("\nchecklist:") + 1 :]
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "no-return.yaml").write_text(text, encoding="utf-8")
    outputs = {check_output(seed, tmp_path / "flows") + check_output(seed) for seed in ("1", "2", "3", "4", "5")}
    assert len(outputs) == 1
    assert "FM301" in next(iter(outputs)) and "発送年月日" in next(iter(outputs))
