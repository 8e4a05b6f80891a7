"""`flowmap new`: a commented starter flow that passes validate, check and render as written."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from click.testing import CliRunner

from flowmap.cli import main
from flowmap.flow.loading import load_flow


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


def test_new_then_validate_check_render(tmp_path):
    flow = tmp_path / "flows" / "005-tsuchi.yaml"
    result = run("new", str(flow), "--title", "健診案内の発送業務の委託について", "--municipality", "青葉市",
                 "--department", "健康づくり課")
    assert result.exit_code == 0, result.output
    assert f"{flow} を作成しました" in result.output
    text = flow.read_text(encoding="utf-8")
    assert text.count("\n#") >= 3  # commented for the person who edits it
    loaded = load_flow(flow)
    assert loaded.submission.id == "005-tsuchi"
    assert loaded.submission.title == "健診案内の発送業務の委託について"
    assert [p.name for p in loaded.parties] == ["青葉市", "株式会社○○", "市民"]

    result = run("validate", str(flow))
    assert result.exit_code == 0 and "OK" in result.output
    # as the guide says: the one finding of the starter is the missing clause set
    result = run("check", str(flow), "--format", "json")
    assert result.exit_code == 1
    codes = {f["code"] for r in json.loads(result.stdout)["flows"] for f in r["findings"]}
    assert codes == {"FM406"}
    if shutil.which("dot"):
        result = run("render", str(flow), "--out", str(tmp_path / "renders"), "--format", "svg")
        assert result.exit_code == 0, result.output
        assert (tmp_path / "renders" / "005-tsuchi.svg").read_text(encoding="utf-8").count("<svg") == 1


def test_new_with_clauses_checks_clean(tmp_path):
    flow = tmp_path / "x.yaml"
    assert run("new", str(flow), "--clauses", "shinjuku-2023-31").exit_code == 0
    result = run("check", str(flow))
    assert result.exit_code == 0, result.output
    assert "指摘・確認事項なし" in result.output


def test_values_with_yaml_syntax_are_kept_as_written(tmp_path):
    flow = tmp_path / "x.yaml"
    title = 'A: "引用" #1 と {括弧}'
    assert run("new", str(flow), "--title", title, "--municipality", "山田村").exit_code == 0
    loaded = load_flow(flow)
    assert loaded.submission.title == title
    assert loaded.parties[-1].name == "村民"


def test_new_to_standard_output_is_read_the_same_by_a_yaml_1_1_loader():
    result = run("new", "-")
    assert result.exit_code == 0
    data = yaml.safe_load(result.stdout)  # PyYAML: YAML 1.1
    assert data["submission"]["title"] == "○○事業に係る業務の委託について"
    # the step key `no` is a boolean in YAML 1.1; everything else reads the same
    assert [s.get(False) for s in data["steps"]] == ["①", "②", "③"]


def test_new_never_replaces_a_file(tmp_path):
    flow = tmp_path / "mine.yaml"
    flow.write_text("mine", encoding="utf-8")
    result = run("new", str(flow))
    assert result.exit_code == 1
    assert "既にあります" in result.stderr and flow.read_text(encoding="utf-8") == "mine"
    assert run("new", str(flow), "--force").exit_code == 0
    assert load_flow(flow).parties


@pytest.mark.parametrize("args, fragment", [
    (["--id", "Bad Id"], "英小文字"),
    (["--title", " "], "空にはできません"),
    (["--clauses", "特記事項"], "特記事項の id"),
])
def test_bad_options_are_usage_errors(tmp_path, args, fragment):
    result = run("new", str(tmp_path / "x.yaml"), *args)
    assert result.exit_code == 2 and fragment in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_the_schema_line_points_at_the_repository_schema(tmp_path):
    from conftest import ROOT
    from flowmap.cli.new import starter_text

    text = starter_text(str(ROOT / "flows" / "999-x.yaml"), "x", "t", "新宿区", "課")
    assert text.startswith("# yaml-language-server: $schema=../schema/flow.schema.json\n")
    assert not starter_text(str(tmp_path / "x.yaml"), "x", "t", "新宿区", "課").startswith("# yaml-language-server")
