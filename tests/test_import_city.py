"""flowmap import on text written by a 市: the municipality read from the text, its own measures
and checklist read whatever its kind, the profile picked or proposed, the measured recall."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import ROOT
from flowmap.cli import main
from flowmap.flow.loading import load_flow
from flowmap.flow.profiles import MunicipalityKind
from flowmap.importer import draft_flow, dump_draft, write_draft
from flowmap.importer.accuracy import measure
from flowmap.importer.municipality import read_municipality

CITY = ROOT / "tests" / "fixtures" / "import" / "city"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
KENSHIN, JIDOU = CITY / "aoba-kenshin-jushinken.txt", CITY / "aoba-jidouteate-nyuryoku.txt"
WARD = re.compile(r"(?<![地])区(?![分別切間域])|新宿")


def test_the_municipality_is_read_from_the_text():
    for seed in sorted(SEEDS.glob("*.txt")):
        assert read_municipality(seed.read_text(encoding="utf-8")) == (
            read_municipality("新宿区個人情報保護条例 区が行う"))
    assert read_municipality(KENSHIN.read_text(encoding="utf-8")).name == "青葉市"
    assert read_municipality(JIDOU.read_text(encoding="utf-8")).kind == MunicipalityKind.CITY
    town = read_municipality("委託にあたり町が行う情報保護対策 町職員 第2回山川町個人情報保護審議会 町民")
    assert (town.name, town.kind) == ("山川町", MunicipalityKind.TOWN)
    assert read_municipality("地区の区分").kind is None


def test_a_city_draft_speaks_as_the_city_and_reads_its_measures_and_checklist(tmp_path):
    draft = draft_flow(JIDOU.read_text(encoding="utf-8"), "jidou")
    ward = draft.data["parties"][0]
    assert ward["name"] == "青葉市 こども家庭課"
    assert draft.data["submission"]["council"] == "青葉市個人情報保護審議会"
    assert ward["safeguards"] == ["clauses_attached", "on_site_inspection", "staff_witness"]
    assert any(p["name"] == "市民(対象者)" for p in draft.data["parties"])
    assert "profile" not in draft.data and draft.profile is None
    assert not WARD.findall(dump_draft(draft))
    kenshin = draft_flow(KENSHIN.read_text(encoding="utf-8"), "kenshin")
    checklist = kenshin.data["checklist"]
    assert len(checklist["ward"]["applied"]) + len(checklist["ward"]["not_needed"]) == 22
    assert "encrypt_data" in checklist["ward"]["applied"] and "entry_control" in checklist["contractor"]["applied"]
    path = tmp_path / "kenshin.yaml"
    write_draft(kenshin, path)
    assert load_flow(path).checklist.contractor.not_needed[:2] == ["clauses_attached", "on_site_inspection"]


def test_a_seed_draft_names_the_built_in_profile_of_its_ward():
    seed = next(SEEDS.glob("001_*.txt"))
    draft = draft_flow(seed.read_text(encoding="utf-8"), "seed")
    assert draft.profile == "shinjuku" and draft.data["profile"] == "shinjuku"
    assert draft.data["parties"][0]["name"] == "新宿区 危機管理課"


def test_the_import_command_proposes_a_flowmap_yaml_for_a_city_without_one(tmp_path):
    result = CliRunner().invoke(main, ["import", str(JIDOU), "-o", str(tmp_path / "a.yaml")])
    assert result.exit_code == 0, result.stderr
    assert "based_on: national" in result.stderr and "name: 青葉市" in result.stderr and "kind: city" in result.stderr
    (tmp_path / "flowmap.yaml").write_text("name: 青葉市\nkind: city\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(JIDOU), "-o", str(tmp_path / "b.yaml")])
    assert result.exit_code == 0 and "based_on" not in result.stderr
    assert load_flow(tmp_path / "b.yaml").profile_in_effect.words.residents == "市民"


def test_recall_on_the_city_texts_is_what_docs_import_md_reports():
    rows = measure(CITY, ROOT / "examples", by_stem=True)
    assert [r[0] for r in rows] == ["aoba-jidouteate-nyuryoku", "aoba-kenshin-jushinken"]
    by_name = {name: scores for name, _, scores in rows}
    assert by_name["aoba-kenshin-jushinken"]["checklist"].recall == 1.0
    assert by_name["aoba-jidouteate-nyuryoku"]["items"].recall == 1.0
    from flowmap.importer.accuracy import table
    doc = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    assert table(rows) in doc, "regenerate the city table of docs/import.md (command in that file)"


def test_a_basis_naming_its_own_law_is_not_prefixed_with_the_heading(tmp_path):
    """「法令の根拠 ◇個人情報の保護に関する法律第66条…」 stays as written (not 「法令個人情報…」);
    the seeds' 「要綱の根拠 ◇第3条…」 still read 要綱第3条…."""
    out = tmp_path / "city.yaml"
    assert CliRunner().invoke(main, ["import", str(CITY / "aoba-kenshin-jushinken.txt"), "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "legal_basis: [個人情報の保護に関する法律第66条第2項" in text and "法令個人" not in text
    seed = tmp_path / "seed.yaml"
    assert CliRunner().invoke(main, ["import", str(SEEDS / "001_3c5c43f4654d3ab4.txt"), "-o", str(seed)]).exit_code == 0
    assert "legal_basis: [要綱第3条第1項第3号(業務委託)]" in seed.read_text(encoding="utf-8")
