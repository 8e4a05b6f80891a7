"""Gaps (指摘) and questions (確認事項) are kept apart in every output: the text listing puts the
questions in their own section after the gaps, the summaries count them apart, JSON carries a
``kind``, markdown has its own table, SARIF gives questions ``kind: review`` (level none), the
diagram marks them 【確認 n】, compare counts them in their own column, and ``--fail-on`` counts
gaps only unless ``--fail-on-questions`` is given."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from flowmap.cli import main
from flowmap.compare.overview import build_overview
from flowmap.flow.loading import load_flow
from flowmap.render.dot import build_dot
from flowmap.render.scene import build_scene
from flowmap.rules.analysis import analyse
from rulecases import BASE, merge, read_yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
# a gap: ② carried by hand without a locked bag (FM103, medium); a question: the contractor's work
# site is not stated (FM410, info)
PATCH = {
    "parties": [{"id": "contractor", "name": "委託先", "kind": "contractor", "clauses": "shinjuku-2023-31",
                 "safeguards": ["handlers_designated", "training"], "contract": {"title": "例の委託"},
                 "declared": {"items": ["氏名", "住所"]},
                 "tasks": [{"id": "work", "label": "発送作業", "needs": ["氏名", "住所"]}]}],
    "steps": [{"no": "②", "label": "対象者情報の提供", "kind": "provide", "from": "ward", "to": "contractor",
               "items": ["氏名", "住所"], "medium": "paper", "transport": "hand_delivery", "safeguards": ["ledger"]}],
}


def flow_file(tmp_path, patch=PATCH) -> str:
    path = tmp_path / "mixed.yaml"
    path.write_text(json.dumps(merge(read_yaml(BASE), patch), ensure_ascii=False), encoding="utf-8")
    return str(path)


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_the_case_has_one_gap_and_one_question(tmp_path):
    found = analyse(load_flow(flow_file(tmp_path)))
    assert sorted((f.code, f.kind) for f in found) == [("FM103", "gap"), ("FM410", "question")]


def test_text_lists_questions_after_the_gaps_and_counts_them_apart(tmp_path):
    out = run("check", flow_file(tmp_path), "--fail-on", "never").output
    assert out.index("[指摘 中] 1 件") < out.index("FM103") < out.index("[確認事項] 1 件") < out.index("FM410")
    assert "計: 指摘 高 0・中 1・低 0・情報 0、確認事項 1(承認済み 0)" in out
    assert "[指摘 情報]" not in out  # the info-severity question is not in the severity groups


def test_json_has_a_kind_and_counts_questions_apart(tmp_path):
    data = json.loads(run("check", flow_file(tmp_path), "--format", "json").output)
    findings = data["flows"][0]["findings"]
    assert [(f["code"], f["kind"], f["question"]) for f in findings] == [("FM103", "gap", False), ("FM410", "question", True)]
    assert data["summary"] == {"high": 0, "medium": 1, "low": 0, "info": 0, "questions": 1, "accepted": 0}


def test_markdown_has_a_table_of_questions(tmp_path):
    out = run("check", flow_file(tmp_path), "--format", "markdown").output
    assert out.index("### 指摘") < out.index("| 中 | FM103 |") < out.index("### 確認事項") < out.index("FM410")


def test_sarif_questions_are_review_results_without_a_level(tmp_path):
    sarif = json.loads(run("check", flow_file(tmp_path), "--format", "sarif").output)
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    results = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    assert results["FM103"]["kind"] == "fail" and results["FM103"]["level"] == "warning"
    assert results["FM410"]["kind"] == "review" and results["FM410"]["level"] == "none"


def test_fail_on_counts_gaps_unless_questions_are_asked_for(tmp_path):
    path = flow_file(tmp_path)
    assert run("check", path, "--fail-on", "info", "--ignore", "FM103").exit_code == 0
    assert run("check", path, "--fail-on", "info", "--ignore", "FM103", "--fail-on-questions").exit_code == 1
    assert run("check", path, "--fail-on", "medium").exit_code == 1


def test_diagram_marks_questions_apart(tmp_path):
    flow = load_flow(flow_file(tmp_path))
    scene = build_scene(flow, analyse(flow))
    assert [n.finding.code for n in scene.findings] == ["FM103", "FM410"]  # gaps numbered first
    contractor = scene.parties["contractor"]
    assert contractor.mark.questions == [2] and contractor.mark.severity is None
    dot = build_dot(scene)
    assert "【確認 2】" in dot and "指摘事項(1件)・確認事項(1件)" in dot


def test_compare_summary_counts_questions_in_their_own_column(tmp_path):
    flow = load_flow(flow_file(tmp_path))
    (section,) = build_overview([flow], only=("summary",), analyse=analyse).sections
    (row,) = section.rows
    assert row["findings_medium"] == 1 and row["findings_info"] == 0 and row["questions"] == 1
    assert ("questions", "確認事項") in section.columns
