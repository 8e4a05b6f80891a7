"""`flowmap check`, `rules`, `explain`: exit codes, formats, selection, invalid input, SARIF schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from flowmap.cli import main
from flowmap.rules.registry import RULES

ROOT = Path(__file__).resolve().parents[1]
SEED_001 = str(ROOT / "flows" / "001-keitai-toilet.yaml")
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_text_output_groups_by_flow_and_severity():
    result = run("check", SEED_001, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "■ " in out and "001-keitai-toilet" in out
    assert out.index("[指摘 中]") < out.index("[確認事項]")
    assert "FM206" in out and "対処:" in out and "根拠:" in out
    row = next(line for line in out.splitlines() if line.strip().startswith("FM206"))
    assert row.split()[:3] == ["FM206", "58", "委託事業者"]  # code, YAML line, party (no step)


@pytest.mark.parametrize("fail_on,code", [("high", 0), ("medium", 1), ("low", 1), ("never", 0)])
def test_fail_on_sets_the_exit_code(fail_on, code):
    # seed 001 has no high gap and one medium gap (FM206); its questions do not count
    assert run("check", SEED_001, "--fail-on", fail_on).exit_code == code


def test_select_and_ignore_by_prefix():
    data = json.loads(run("check", SEED_001, "--format", "json", "--select", "FM1,FM3").output)
    codes = {f["code"] for f in data["flows"][0]["findings"]}
    assert codes and all(c.startswith(("FM1", "FM3")) for c in codes)
    data = json.loads(run("check", SEED_001, "--format", "json", "--ignore", "FM110", "--ignore", "FM4").output)
    codes = {f["code"] for f in data["flows"][0]["findings"]}
    assert "FM110" not in codes and not any(c.startswith("FM4") for c in codes) and "FM206" in codes


def test_ignoring_the_medium_finding_passes_fail_on_medium():
    assert run("check", SEED_001, "--fail-on", "medium", "--ignore", "FM206").exit_code == 0


def test_unknown_prefix_is_a_usage_error():
    result = run("check", SEED_001, "--select", "XX9")
    assert result.exit_code == 2 and "XX9" in result.output


def test_json_lists_findings_with_ids_and_labels():
    data = json.loads(run("check", SEED_001, "--format", "json").output)
    finding = next(f for f in data["flows"][0]["findings"] if f["code"] == "FM206")
    assert finding["severity"] == "medium" and finding["party"] == "contractor"
    assert finding["party_name"] == "委託事業者" and "電話番号" in finding["items"]
    assert finding["id"].startswith("FM206-") and finding["line"] == 58
    assert data["summary"]["medium"] == 1


def test_markdown_has_a_table_per_flow():
    out = run("check", SEED_001, "--format", "markdown").output
    assert out.startswith("# flowmap check の結果")
    assert "| 重要度 | コード | 手順 | 当事者 |" in out and "| 中 | FM206 |" in out


def test_sarif_validates_against_the_published_schema():
    result = run("check", SEED_001, str(ROOT / "flows"), "--format", "sarif")
    sarif = json.loads(result.output)
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    run_ = sarif["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == [r.code for r in RULES]
    fm206 = next(r for r in run_["results"] if r["ruleId"] == "FM206")
    region = fm206["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 58 and fm206["level"] == "warning"
    assert fm206["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("001-keitai-toilet.yaml")


def test_sarif_marks_accepted_findings_as_suppressed(tmp_path):
    text = Path(SEED_001).read_text(encoding="utf-8")
    first = json.loads(run("check", SEED_001, "--format", "json").output)["flows"][0]["findings"]
    target = next(f["id"] for f in first if f["code"] == "FM206")
    flow = tmp_path / "accepted.yaml"
    flow.write_text(text + f"\naccepted:\n  - {{id: {target}, reason: 表を修正予定, by: 危機管理課, date: 2024-07-01}}\n", encoding="utf-8")
    sarif = json.loads(run("check", str(flow), "--format", "sarif").output)
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "FM206")
    assert result["suppressions"][0]["justification"].startswith("表を修正予定")
    # an accepted finding no longer fails the run
    assert run("check", str(flow), "--fail-on", "medium").exit_code == 0


def test_invalid_flow_exits_2_with_the_loader_message(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("submission:\n  id: x\n  titel: 誤字\n", encoding="utf-8")
    result = run("check", str(bad), SEED_001)
    assert result.exit_code == 2
    assert "bad.yaml:3" in result.output and "titel" in result.output
    assert "Traceback" not in result.output
    assert "001-keitai-toilet" in result.output  # the valid file is still reported


def test_folder_without_flows_is_a_usage_error(tmp_path):
    result = run("check", str(tmp_path))
    assert result.exit_code == 2


def test_rules_lists_every_code():
    out = run("rules").output
    for entry in RULES:
        assert entry.code in out


def test_explain_prints_the_rule_docs():
    result = run("explain", "fm301")
    assert result.exit_code == 0
    assert "# FM301 no-return-path" in result.output and "**対処 (Fix)**" in result.output


def test_explain_unknown_code_suggests():
    result = run("explain", "FM39")
    assert result.exit_code == 2 and "もしかして" in result.output


def test_todo_marks_are_warned_but_do_not_change_the_exit(tmp_path):
    text = Path(SEED_001).read_text(encoding="utf-8").replace("note: 未定(入札により7月中に決定する予定)", "note: TODO 委託先を確認", 1)
    flow = tmp_path / "draft.yaml"
    flow.write_text(text, encoding="utf-8")
    result = run("check", str(flow))
    assert result.exit_code == 0
    assert "警告:" in result.output and "TODO 委託先を確認" in result.output
