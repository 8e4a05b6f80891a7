"""Municipality profiles: resolution, words, user clause sets, errors with file:line:column, schemas."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
from click.testing import CliRunner

from conftest import FLOWS, ROOT
from flowmap.cli import main
from flowmap.cli.validate import clauses_schema, profile_schema
from flowmap.flow.loading import FlowError, flow_files, load_flow
from flowmap.flow.profiles import LABEL_TEMPLATES, builtin_profiles, profile_for
from flowmap.flow.vocabulary import LABELS, SAFEGUARDS
from flowmap.rules.registry import RULES

WARD_WORD = re.compile(r"(?<!地)区(?!分)")

FLOW = """\
submission: {id: s, title: 例, department: 例示課}
parties:
  - {id: city, name: 青葉市 例示課, kind: ward}
  - {id: contractor, name: 委託先, kind: contractor, clauses: CLAUSES}
"""

CLAUSES = """\
id: aoba-tokki
title: 青葉市 個人情報取扱特記事項
binds: 乙
source: 青葉市 業務委託契約書 別記
clauses:
  - {no: "1", heading: 秘密の保持, summary: 秘密を守る。, obligations: [confidentiality]}
"""

CONFIG = """\
name: 青葉市
kind: city
council: 青葉市個人情報保護審議会
clause_sets: [clauses/aoba.yaml]
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def city(tmp_path):
    """A 市 flow folder: flowmap.yaml with one user clause set, a flow one folder down."""
    write(tmp_path / "flowmap.yaml", CONFIG)
    write(tmp_path / "clauses" / "aoba.yaml", CLAUSES)
    return write(tmp_path / "2024" / "flow.yaml", FLOW.replace("CLAUSES", "aoba-tokki"))


def test_every_vocabulary_label_naming_the_ward_has_a_template():
    labels = {f"{cls}.{code}": text for cls, table in LABELS.items() for code, text in table.items()}
    labels.update({f"Safeguard.{code}": s.label for code, s in SAFEGUARDS.items()})
    naming = {key for key, text in labels.items() if WARD_WORD.search(text) and not key.startswith("Municipality")}
    assert naming and naming <= set(LABEL_TEMPLATES), naming - set(LABEL_TEMPLATES)


def test_the_ward_profile_gives_back_the_vocabulary_labels_so_seed_outputs_do_not_change():
    words = builtin_profiles()["shinjuku"].words
    for key, template in LABEL_TEMPLATES.items():
        cls, code = key.split(".")
        original = SAFEGUARDS[code].label if cls == "Safeguard" else LABELS[cls][code]
        assert template.format_map(words.__dict__) == original


def test_city_words_never_say_ward(city):
    profile = load_flow(city).profile_in_effect
    words = profile.words
    assert (words.name, words.body, words.residents, words.staff) == ("青葉市", "市", "市民", "市職員")
    assert words.own_measures == "委託にあたり市が行う情報保護対策"
    for key in LABEL_TEMPLATES:
        cls, code = key.split(".")
        text = words.safeguard(code) if cls == "Safeguard" else LABEL_TEMPLATES[key].format_map(words.__dict__)
        assert not WARD_WORD.search(text), text


def test_resolution_walks_up_to_flowmap_yaml_and_a_flow_key_overrides_it(city, tmp_path):
    assert load_flow(city).profile_in_effect.words.name == "青葉市"
    own = write(tmp_path / "2024" / "own.yaml", "profile: shinjuku\n" + FLOW.replace("CLAUSES", "shinjuku-2023-31"))
    assert load_flow(own).profile_in_effect.id == "shinjuku"
    assert load_flow(FLOWS / "001-keitai-toilet.yaml").profile_in_effect.id == "shinjuku"


def test_a_flow_without_any_profile_gets_the_national_baseline(tmp_path):
    flow = write(tmp_path / "lone.yaml", FLOW.replace("CLAUSES", "national-tei-11"))
    profile = profile_for(flow)
    assert profile.id == "national" and profile.words.body == "実施機関"
    assert load_flow(flow).profile_in_effect.id == "national"


def test_a_user_clause_set_is_known_and_the_rules_read_it(city):
    from flowmap.rules.analysis import analyse

    flow = load_flow(city)
    assert "aoba-tokki" in flow.profile_in_effect.own_clause_sets
    weaker = [f for f in analyse(flow) if f.code == "FM405"]
    assert weaker and "青葉市 個人情報取扱特記事項" in weaker[0].message
    assert "消去" in weaker[0].message  # national standard duties the user's set lacks


def test_unknown_clause_set_lists_the_known_ones_and_where_to_add_one(city):
    bad = write(city.parent / "bad.yaml", FLOW.replace("CLAUSES", "aoba-tokkii"))
    with pytest.raises(FlowError) as err:
        load_flow(bad)
    [problem] = err.value.problems
    assert problem.line == 4 and "aoba-tokki" in problem.message and "shinjuku-2023-31" in problem.message
    assert "flowmap.yaml の clause_sets" in problem.message


def test_unknown_profile_key_points_at_the_flow_line(tmp_path):
    flow = write(tmp_path / "f.yaml", "profile: kyoto\n" + FLOW.replace("CLAUSES", "national-tei-11"))
    with pytest.raises(FlowError) as err:
        load_flow(flow)
    [problem] = err.value.problems
    assert (problem.line, problem.column) == (1, 1) and "kyoto" in problem.message and "national" in problem.message


@pytest.mark.parametrize("config, line, column, words", [
    ("name: 青葉市\nkind: metropolis\n", 2, 1, "metropolis"),
    ("name: 青葉市\nbased_on: kyoto\n", 2, 1, "kyoto"),
    ("name: 青葉市\nchecklist:\n  title: 表\n  operational: [ledger, legder]\n", 4, 25, "legder"),
    ("name: 青葉市\nclause_sets: [nowhere.yaml]\n", 2, 15, "nowhere.yaml"),
    ("name: 青葉市\ncouncel: 審議会\n", 2, 1, "councel"),
])
def test_a_broken_profile_names_file_line_and_column(tmp_path, config, line, column, words):
    write(tmp_path / "flowmap.yaml", config)
    flow = write(tmp_path / "f.yaml", FLOW.replace("CLAUSES", "national-tei-11"))
    with pytest.raises(FlowError) as err:
        load_flow(flow)
    problem = err.value.problems[0]
    assert problem.file.endswith("flowmap.yaml") and (problem.line, problem.column)[:1] == (line,), problem
    assert problem.column == column and words in problem.message


def test_a_broken_user_clause_set_names_its_own_file(city, tmp_path):
    write(tmp_path / "clauses" / "aoba.yaml", CLAUSES.replace("[confidentiality]", "[confidentiallity]"))
    with pytest.raises(FlowError) as err:
        load_flow(city)
    problem = err.value.problems[0]
    assert problem.file.endswith("clauses/aoba.yaml") and problem.line == 6 and "confidentiallity" in problem.message


def test_validate_leaves_out_the_profile_and_its_clause_sets(city, tmp_path):
    assert flow_files([tmp_path]) == [city]
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0 and "OK" in result.output and "aoba.yaml" not in result.output


def test_profiles_command_lists_the_profile_and_clause_sets_in_effect(city, tmp_path):
    result = CliRunner().invoke(main, ["profiles", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "青葉市" in result.output and "aoba-tokki: 青葉市 個人情報取扱特記事項(利用者" in result.output
    assert "市民" in result.output and str(city) in result.output
    result = CliRunner().invoke(main, ["profiles", str(FLOWS)])
    assert "新宿区" in result.output and "shinjuku-2023-31" in result.output


def test_national_cites_every_rule_whose_own_basis_names_a_municipality():
    national = builtin_profiles()["national"]
    local = re.compile(r"区|seed|(?<!第)\d+項|チェックリスト|付議")
    missing = [r.code for r in RULES if local.search(r.basis) and r.code not in national.citations]
    assert not missing, f"add a citation for these rules to flow/data/profiles/national.yaml: {missing}"
    assert not any(local.search(c) for c in national.citations.values())


@pytest.mark.parametrize("of, make, published", [
    ("profile", profile_schema, "profile.schema.json"), ("clauses", clauses_schema, "clauses.schema.json")])
def test_profile_and_clause_set_schemas_are_current(of, make, published):
    result = CliRunner().invoke(main, ["schema", "--of", of])
    assert result.exit_code == 0 and json.loads(result.output) == make()
    stored = json.loads((ROOT / "schema" / published).read_text(encoding="utf-8"))
    assert stored == make(), f"schema/{published} is stale: run `flowmap schema --of {of} > schema/{published}`"


def test_the_schemas_accept_the_shipped_profiles_and_clause_sets():
    import jsonschema
    from ruamel.yaml import YAML

    data = ROOT / "src" / "flowmap" / "flow" / "data"
    for path in (data / "profiles").glob("*.yaml"):
        jsonschema.validate(YAML(typ="safe").load(path.read_text(encoding="utf-8")), profile_schema())
    for path in (data / "clauses").glob("*.yaml"):
        jsonschema.validate(YAML(typ="safe").load(path.read_text(encoding="utf-8")), clauses_schema())


def test_a_flow_may_name_a_profile_file_by_path(tmp_path):
    write(tmp_path / "profiles" / "kawa.yaml", "name: 川辺町\nkind: town\n")
    flow = write(tmp_path / "f.yaml", "profile: profiles/kawa.yaml\n" + FLOW.replace("CLAUSES", "national-tei-11"))
    profile = load_flow(flow).profile_in_effect
    assert (profile.words.name, profile.words.residents, profile.words.own_measures) == (
        "川辺町", "町民", "委託にあたり町が行う情報保護対策")
    assert profile.files[0].endswith("kawa.yaml")


def test_a_citys_messages_name_its_vocabulary_in_its_own_words(city):
    """A label written where a code belongs is recognised, and the codes listed, in the city's
    words (市民・本人, 市職員 …), not the ward's; a ward's file still reads 区民."""
    text = city.read_text(encoding="utf-8")
    write(city, text + "  - {id: people, name: 市民, kind: 市民}\n")
    with pytest.raises(FlowError) as raised:
        load_flow(city)
    message = str(raised.value)
    assert "subjects = 市民・本人" in message and "区民" not in message
    write(city, text.replace("clauses: aoba-tokki}", "clauses: aoba-tokki, safeguards: [市職員と委託先が対面で授受]}"))
    with pytest.raises(FlowError) as raised:
        load_flow(city)
    assert "face_to_face_handover = 市職員と委託先が対面で授受" in str(raised.value)
    write(city, text + "  - {id: people, name: 市民, kind: 区民}\n" + "profile: shinjuku\n")
    with pytest.raises(FlowError) as raised:
        load_flow(city)
    assert "subjects = 区民・本人" in str(raised.value)
