"""The examples: two flows of a 市 (青葉市, fictional) under the national baseline profile with a
clause set its users wrote. Every output format of them is scanned for a ward's words (区民,
区職員, 区が行う …), Shinjuku and its clause numbers, and other wards' documents: none may appear."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest
from click.testing import CliRunner

from conftest import ROOT
from flowmap.cli import main
from flowmap.flow.loading import load_flow
from flowmap.rules.analysis import analyse

EXAMPLES = ROOT / "examples"
FLOWS = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "flowmap.yaml")
# 区 alone is a ward's word; 区分, 区別, 地区 … are ordinary words any municipality uses
WARD = re.compile(r"(?<![地])区(?![分別切間域])|新宿|[Ss]hinjuku|杉並|中野|seed|(?<!第)\d+項|別紙[1-4]")


def leaks(text: str) -> list[str]:
    return sorted({text[max(0, m.start() - 12):m.end() + 12] for m in WARD.finditer(text)})


def run(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """A copy of examples/ plus a second version of one flow (an item added), for diff."""
    folder = tmp_path_factory.mktemp("aoba") / "examples"
    shutil.copytree(EXAMPLES, folder)
    flow = folder / "aoba-kenshin-jushinken.yaml"
    changed = flow.read_text(encoding="utf-8").replace(
        "  - {id: birth, label: 生年月日, category: basic}",
        "  - {id: birth, label: 生年月日, category: basic}\n  - {id: sex, label: 性別, category: basic}").replace(
        "items: [被保険者番号, 氏名, 住所, 生年月日]\n    medium: dvd_r\n    transport: hand_delivery\n    frequency: once\n    safeguards: [encrypted",
        "items: [被保険者番号, 氏名, 住所, 生年月日, 性別]\n    medium: dvd_r\n    transport: hand_delivery\n    frequency: once\n    safeguards: [encrypted")
    assert changed != flow.read_text(encoding="utf-8")
    (folder / "next").mkdir()
    (folder / "next" / "aoba-kenshin-jushinken.yaml").write_text(changed, encoding="utf-8")
    return folder


def test_the_examples_are_a_city_under_the_national_baseline_with_its_own_clause_set():
    assert len(FLOWS) >= 2
    for path in FLOWS:
        flow = load_flow(path)
        profile = flow.profile_in_effect
        assert profile.words.name == "青葉市" and profile.words.body == "市"
        assert profile.files[-1].endswith("profiles/national.yaml")
        assert {p.clauses for p in flow.parties if p.clauses} == {"aoba-tokki-2024"}
        assert "aoba-tokki-2024" in profile.own_clause_sets


def test_the_rules_read_the_user_written_clause_set():
    for path in FLOWS:
        flow = load_flow(path)
        weaker = [f for f in analyse(flow) if f.code == "FM405"]
        bound = [p.id for p in flow.parties if p.clauses]   # one finding per party bound by the set
        assert sorted(f.party for f in weaker) == sorted(bound)
        for finding in weaker:
            assert "青葉市 個人情報取扱特記事項" in finding.message
            assert "従事者への教育" in finding.message and "市の標準" in finding.message
            assert "事務対応ガイド" in finding.basis


def outputs(city, tmp_path) -> dict[str, str]:
    flow = city / "aoba-kenshin-jushinken.yaml"
    every = [city / p.name for p in FLOWS]
    out: dict[str, str] = {"validate": run("validate", city)}
    for fmt in ("text", "json", "markdown", "sarif"):
        out[f"check {fmt}"] = run("check", "--format", fmt, city)
    run("render", "--format", "svg,dot,drawio", "--out", tmp_path / "r", *every)
    run("render", "--format", "svg,dot,drawio,html", "--findings", "--out", tmp_path / "f", *every)
    for file in sorted((tmp_path / "f").iterdir()):
        out[f"render --findings {file.name}"] = file.read_text(encoding="utf-8")
    for file in sorted((tmp_path / "r").iterdir()):
        out[f"render {file.name}"] = file.read_text(encoding="utf-8")
    for fmt in ("markdown", "html"):
        for path in every:
            out[f"tables {fmt} {path.name}"] = run("tables", "--format", fmt, path)
    for path in every:
        target = tmp_path / f"{path.stem}.xlsx"
        run("tables", "--format", "xlsx", "-o", target, path)
        with zipfile.ZipFile(target) as book:  # every string and sheet of the workbook
            out[f"tables xlsx {path.name}"] = "".join(book.read(n).decode("utf-8") for n in book.namelist()
                                                    if n.endswith(".xml"))
    for path in every:
        target = tmp_path / f"{path.stem}.docx"
        run("report", path, "-o", target)
        with zipfile.ZipFile(target) as document:
            out[f"report docx {path.name}"] = "".join(document.read(n).decode("utf-8") for n in document.namelist()
                                                      if n.endswith(".xml"))
    for fmt in ("text", "markdown", "json"):
        out[f"diff {fmt}"] = run("diff", "--format", fmt, flow, city / "next" / flow.name)
    for fmt in ("text", "markdown", "csv", "json"):
        out[f"compare {fmt}"] = run("compare", "--format", fmt, *every)
        out[f"compare item {fmt}"] = run("compare", "--format", fmt, "--item", "個人番号", *every)
        out[f"compare party {fmt}"] = run("compare", "--format", fmt, "--party", "青葉", *every)
    run("site", *every, "-o", tmp_path / "site", "--cache", "off")
    for page in sorted((tmp_path / "site").rglob("*")):
        if page.suffix in (".html", ".svg", ".json") and "static" not in page.parts:
            out[f"site {page.relative_to(tmp_path / 'site')}"] = page.read_text(encoding="utf-8")
    return out


def test_no_output_of_a_city_flow_says_ward_or_cites_shinjuku(city, tmp_path):
    found = {name: leaks(text) for name, text in outputs(city, tmp_path).items()}
    assert len(found) >= 60
    assert not {k: v for k, v in found.items() if v}


def test_the_scan_would_catch_a_ward_word():
    assert leaks("委託にあたり区が行う情報保護対策") and leaks("区民") and leaks("特記事項 31項 第11項")
    assert leaks("新宿区") and leaks("seed 004")
    assert not leaks("区分 地区 区別 市民 委託にあたり市が行う情報保護対策 第66条第2項")


def test_the_city_words_do_appear(city, tmp_path):
    flow = city / "aoba-kenshin-jushinken.yaml"
    tables = run("tables", "--format", "markdown", flow)
    assert "委託にあたり市が行う情報保護対策" in tables and "個人情報保護対策チェックリスト(標準)" in tables
    run("render", "--format", "dot", "--out", tmp_path, city / "aoba-jidouteate-nyuryoku.yaml")
    dot = (tmp_path / "aoba-jidouteate-nyuryoku.dot").read_text(encoding="utf-8")
    assert "市・委託先などの組織" in dot and "市職員" in dot and "外部提供先" in dot


def test_sarif_of_a_city_and_the_seeds_together_documents_the_rules_in_neutral_words():
    import json

    sarif = json.loads(run("check", "--format", "sarif", FLOWS[0], ROOT / "flows" / "001-keitai-toilet.yaml"))
    catalogue = json.dumps(sarif["runs"][0]["tool"]["driver"]["rules"], ensure_ascii=False)
    assert not leaks(catalogue) and "実施機関" in catalogue
    seeds_only = json.loads(run("check", "--format", "sarif", ROOT / "flows" / "001-keitai-toilet.yaml"))
    assert "shinjuku-2023-31" in json.dumps(seeds_only["runs"][0]["tool"]["driver"]["rules"], ensure_ascii=False)
