"""Per-rule fixtures: tests/fixtures/rules/FMxxx.yaml lists named cases that must trip the rule
(with what the finding must say) and cases that must not. One parametrised driver runs them all.

A case is a patch on tests/fixtures/rules/_base.yaml (see tests/rulecases.py for how it merges):

    rule: FM101
    cases:
      - name: usb-without-encryption
        trips: true
        expect: {step: "②", party: contractor, severity: high}
        patch: {steps: [...]}
"""

from __future__ import annotations

import pytest

from flowmap.rules.registry import RULES
from rulecases import FIXTURES, findings_of, patched_flow, read_yaml

FILES = sorted(FIXTURES.glob("FM*.yaml"))


def cases():
    for path in FILES:
        data = read_yaml(path)
        assert data["rule"] == path.stem, f"{path.name}: rule must be {path.stem}"
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


def test_every_rule_has_a_fixture_with_both_outcomes():
    for entry in RULES:
        path = FIXTURES / f"{entry.code}.yaml"
        assert path.exists(), f"missing fixture {path.name}"
        outcomes = {bool(c["trips"]) for c in read_yaml(path)["cases"]}
        assert outcomes == {True, False}, f"{path.name} needs a case that trips and one that does not"


@pytest.mark.parametrize("code,case", list(cases()))
def test_case(code, case, tmp_path):
    found = findings_of(patched_flow(case.get("patch"), tmp_path), code)
    if not case["trips"]:
        assert found == [], f"{case['name']}: unexpected {[f.message for f in found]}"
        return
    assert found, f"{case['name']}: {code} did not trip"
    expect = case.get("expect", {})
    matching = [f for f in found if all(_matches(f, key, value) for key, value in expect.items())]
    assert matching, f"{case['name']}: no finding matches {expect}: {[(f.step, f.party, f.severity.name, f.items, f.message) for f in found]}"


def _matches(finding, key, value) -> bool:
    if key == "severity":
        return finding.severity.name.lower() == value
    if key == "items":
        return sorted(finding.items) == sorted(value)
    if key == "message_has":
        return value in finding.message
    if key == "basis_has":
        return value in finding.basis
    return getattr(finding, key) == value
