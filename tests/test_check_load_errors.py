"""Integrators see load failures in the machine-readable outputs: JSON has an ``errors`` list,
SARIF a tool execution notification located at the file, line and column; every SARIF URI is
relative under a uriBaseId, whatever path the user gave."""

from __future__ import annotations

import json
import os

import jsonschema
import pytest
from click.testing import CliRunner

from flowmap.cli import main

from conftest import ROOT, SEED_001

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
BAD = "submission:\n  id: bad\n  title: 壊れた\n  department: 課\nparties:\n  - {id: ward, name: 区, kind: 区}\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.yaml").write_bytes(SEED_001.read_bytes())
    return tmp_path


def check(*args: str):
    result = CliRunner().invoke(main, ["check", *args, "--fail-on", "never"])
    assert "Traceback" not in result.output
    return result


def test_json_lists_the_files_that_failed(folder):
    result = check(str(folder), "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [f["file"] for f in data["flows"]] == [str(folder / "good.yaml")]
    assert data["errors"] == [{"file": str(folder / "bad.yaml"), "line": 6, "column": 25,
                               "message": "'kind' の値 '区' は使えません。コードで書いてください (もしかして: ward = 区)"}]


def test_json_of_valid_files_has_an_empty_errors_list():
    assert json.loads(check(str(SEED_001), "--format", "json").stdout)["errors"] == []


def test_sarif_carries_the_failure_as_a_notification(folder, monkeypatch):
    monkeypatch.chdir(folder)
    result = check(".", "--format", "sarif")
    assert result.exit_code == 2
    sarif = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "'kind' の値 '区'" in note["message"]["text"]
    location = note["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "bad.yaml", "uriBaseId": "SRCROOT"}
    assert location["region"] == {"startLine": 6, "startColumn": 25}


def test_sarif_uris_are_relative_for_absolute_and_parent_paths(folder, monkeypatch):
    work = folder / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = check(str(folder / "good.yaml"), os.path.join("..", "bad.yaml"), "--format", "sarif")
    sarif = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    run = sarif["runs"][0]
    locations = [loc["physicalLocation"]["artifactLocation"] for r in run["results"] for loc in r["locations"]]
    locations += [loc["physicalLocation"]["artifactLocation"]
                  for n in run["invocations"][0]["toolExecutionNotifications"] for loc in n["locations"]]
    assert locations
    for artifact in locations:
        assert not artifact["uri"].startswith("/") and ".." not in artifact["uri"].split("/")
        assert artifact["uriBaseId"] in run["originalUriBaseIds"]
    assert run["originalUriBaseIds"]["FSROOT"] == {"uri": "file:///"}


def test_sarif_of_a_clean_run_is_successful():
    sarif = json.loads(check(str(SEED_001), "--format", "sarif").stdout)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation == {"executionSuccessful": True, "toolExecutionNotifications": []}


@pytest.mark.parametrize("command", [["diff", "{bad}", "{good}"], ["compare", "{folder}", "--no-findings"]])
def test_diff_and_compare_json_carry_the_load_errors(folder, command):
    args = [a.format(bad=folder / "bad.yaml", good=folder / "good.yaml", folder=folder) for a in command]
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 2
    errors = json.loads(result.stdout)["errors"]
    assert [(e["file"], e["line"]) for e in errors] == [(str(folder / "bad.yaml"), 6)]
    assert f"{folder / 'bad.yaml'}:6:" in result.stderr
    # other formats keep standard output empty: the messages are on standard error
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and result.stdout == ""
