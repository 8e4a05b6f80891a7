"""Golden outputs of `flowmap check` for seed 001, so that any change to what a reviewer reads shows
up in review. Regenerate from the repository root after checking the new output by eye:

    flowmap check flows/001-keitai-toilet.yaml --format json  > tests/golden/check-001.json
    flowmap check flows/001-keitai-toilet.yaml --format sarif > tests/golden/check-001.sarif.json
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flowmap.rules.analysis import analyse
from flowmap.cli import main
from flowmap.flow.loading import load_flow

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("fmt,golden", [("json", "check-001.json"), ("sarif", "check-001.sarif.json")])
def test_check_output_matches_golden(fmt, golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check", "flows/001-keitai-toilet.yaml", "--format", fmt])
    assert result.exit_code == 0
    expected = json.loads((ROOT / "tests" / "golden" / golden).read_text(encoding="utf-8"))
    assert json.loads(result.output) == expected


def test_finding_ids_are_unique_within_each_seed():
    for path in sorted((ROOT / "flows").glob("*.yaml")):
        ids = [f.id for f in analyse(load_flow(path))]
        assert len(ids) == len(set(ids)), path.name
