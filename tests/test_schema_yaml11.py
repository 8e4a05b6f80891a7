"""The published schema as other tools use it: every seed, example and documented flow, read by a
YAML 1.1 loader (PyYAML, as validators built on YAML 1.1 read them), validates against
schema/flow.schema.json; dates are strings for YAML 1.1 and 1.2 loaders alike; every vocabulary,
safeguards included, is an enum whose codes carry their Japanese labels."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from ruamel.yaml import YAML

from flowmap.flow.vocabulary import LABELS, SAFEGUARDS, VOCABULARIES

from conftest import ROOT

SCHEMA = json.loads((ROOT / "schema" / "flow.schema.json").read_text(encoding="utf-8"))
GUIDE = ROOT / "docs" / "ja" / "02-flow-no-kakikata.md"


def _flow_files() -> list[Path]:
    found = sorted((ROOT / "flows").glob("*.yaml"))
    found += [p for p in sorted((ROOT / "examples").glob("*.yaml")) if p.name != "flowmap.yaml"]
    return found


def _documented_flows() -> dict[str, str]:
    texts = {p.name: p.read_text(encoding="utf-8") for p in _flow_files()}
    match = re.search(r"<!-- 例: 完成.*?-->\n```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    texts["docs/ja worked example"] = match.group(1)
    from flowmap.cli.new import starter_text
    texts["flowmap new"] = starter_text("-", "starter", "件名", "青葉市", "課")
    return texts


def _json_strict(value, where: str = ""):
    """The loaded YAML as JSON sees it; a value JSON has no type for (a date) is a failure."""
    if isinstance(value, dict):
        return {_key(k, where): _json_strict(v, f"{where}/{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_json_strict(v, f"{where}/{i}") for i, v in enumerate(value)]
    if isinstance(value, (dt.date, dt.datetime)):
        raise AssertionError(f"{where}: YAML 1.1 reads {value} as a date, not a string: quote it")
    return value


def _key(key, where: str) -> str:
    # the key `no` of a step (and of a clause) is a boolean in YAML 1.1 (the one word of the format
    # that is); a YAML 1.1 tool sees it as false: documented in docs/ja/04, the only difference allowed
    if key is False and re.search(r"/(steps|clauses)/\d+$", where):
        return "no"
    assert isinstance(key, str), f"{where}: key {key!r} is not a string in YAML 1.1"
    return key


FLOWS = _documented_flows()


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_yaml_1_1_reading_validates_against_the_schema(name):
    data = _json_strict(yaml.safe_load(FLOWS[name]))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_yaml_1_1_and_1_2_loaders_agree(name):
    old = _json_strict(yaml.safe_load(FLOWS[name]))
    new = json.loads(json.dumps(YAML(typ="safe").load(FLOWS[name])))
    assert old == new


def test_an_unquoted_date_is_what_this_test_catches():
    with pytest.raises(AssertionError, match="quote it"):
        _json_strict(yaml.safe_load("submission:\n  date: 2024-07-01\n"))


def test_a_safeguard_outside_the_vocabulary_fails_the_schema():
    data = _json_strict(yaml.safe_load(FLOWS["001-keitai-toilet.yaml"]))
    data["steps"][1]["safeguards"] = ["鍵付きカバン"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(data)
    data["steps"][1]["safeguards"] = [{"text": "鍵付きカバン"}, "locked_bag"]
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


@pytest.mark.parametrize("vocabulary", [v.__name__ for v in VOCABULARIES])
def test_every_vocabulary_is_an_enum_with_japanese_labels(vocabulary):
    entry = SCHEMA["$defs"][vocabulary]
    labels = LABELS[vocabulary]
    assert entry["enum"] == list(labels)
    assert entry["enumDescriptions"] == [labels[c] for c in entry["enum"]]
    for code, label in labels.items():
        assert f"{code} = {label}" in entry["description"]
        assert f"| `{code}` | {label} |" in entry["markdownDescription"]


def test_safeguards_are_an_enum_with_japanese_labels_wherever_they_are_written():
    entry = SCHEMA["$defs"]["Safeguard"]
    assert entry["enum"] == list(SAFEGUARDS)
    assert entry["enumDescriptions"][0].startswith(SAFEGUARDS[entry["enum"][0]].label)
    assert "`encrypted_medium` | 暗号化機能付き記録媒体" in entry["markdownDescription"]
    text = json.dumps(SCHEMA)
    # steps, parties, the flow and both checklist lists point at it
    assert text.count('"$ref": "#/$defs/Safeguard"') >= 5


def test_every_vocabulary_has_a_japanese_topic():
    from flowmap.flow.schema import TOPICS

    assert {v.__name__ for v in VOCABULARIES} <= set(TOPICS)


PROFILE_SCHEMA = json.loads((ROOT / "schema" / "profile.schema.json").read_text(encoding="utf-8"))
CLAUSES_SCHEMA = json.loads((ROOT / "schema" / "clauses.schema.json").read_text(encoding="utf-8"))
DATA = ROOT / "src" / "flowmap" / "flow" / "data"


@pytest.mark.parametrize("path", [ROOT / "examples" / "flowmap.yaml", *sorted((DATA / "profiles").glob("*.yaml"))],
                         ids=lambda p: p.name)
def test_profiles_read_by_yaml_1_1_validate_against_their_schema(path):
    data = _json_strict(yaml.safe_load(path.read_text(encoding="utf-8")))
    jsonschema.Draft202012Validator(PROFILE_SCHEMA).validate(data)


@pytest.mark.parametrize("path", [*sorted((ROOT / "examples" / "clauses").glob("*.yaml")), *sorted((DATA / "clauses").glob("*.yaml"))],
                         ids=lambda p: p.name)
def test_clause_sets_read_by_yaml_1_1_validate_against_their_schema(path):
    data = _json_strict(yaml.safe_load(path.read_text(encoding="utf-8")))
    jsonschema.Draft202012Validator(CLAUSES_SCHEMA).validate(data)


def test_a_profile_checklist_line_must_be_a_safeguard_code():
    data = _json_strict(yaml.safe_load((DATA / "profiles" / "shinjuku.yaml").read_text(encoding="utf-8")))
    data["checklist"]["operational"][0] = "鍵付きカバン"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(PROFILE_SCHEMA).validate(data)


def _texts(node, path=""):
    """(path, text) of every title and description in a schema (keys named so included as keys only)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "description") and isinstance(value, str):
                yield f"{path}/{key}", value
            elif key == "properties" and isinstance(value, dict):
                for name, sub in value.items():
                    yield from _texts(sub, f"{path}/properties/{name}")
            else:
                yield from _texts(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{path}/{index}")


@pytest.mark.parametrize("name", ["flow", "profile", "clauses"])
def test_every_title_and_description_an_editor_shows_is_japanese(name):
    """Staff hover keys in their editor: no English title or description reaches them (add a new
    model or key to MODELS / KEY_TITLES in flowmap.flow.schema, and describe fields in Japanese)."""
    from flowmap.cli.validate import SCHEMAS

    schema = SCHEMAS[name]()
    english = [(path, text) for path, text in _texts(schema) if not re.search(r"[^\x00-\x7f]", text)]
    assert not english, english
    for def_name, entry in [*schema["$defs"].items(), ("(root)", schema)]:
        for key, prop in entry.get("properties", {}).items():
            assert "title" in prop, f"{def_name}.{key}: add its Japanese title to KEY_TITLES"
