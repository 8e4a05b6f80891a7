"""Each rule's documentation is a test: its Bad snippet must raise the rule, its Good snippet must
not; docs/rules.md must match what the registry generates; the registry refuses duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from flowmap.rules.analysis import analyse
from flowmap.rules.findings import Severity
from flowmap.rules import docs
from flowmap.rules.base import Rule, rule, yaml_block
from flowmap.rules.registry import RULES, _build
from rulecases import findings_of, patched_flow

ROOT = Path(__file__).resolve().parents[1]


def snippet(entry: Rule, section: str) -> dict:
    text = yaml_block(entry.section(section))
    assert text, f"{entry.code}: no ```yaml block under {section}"
    return YAML(typ="safe").load(text)


def test_base_flow_is_clean(tmp_path):
    assert analyse(patched_flow({}, tmp_path)) == []


@pytest.mark.parametrize("entry", RULES, ids=lambda r: r.code)
def test_bad_snippet_raises_the_rule(entry, tmp_path):
    flow = patched_flow(snippet(entry, "Bad"), tmp_path)
    assert findings_of(flow, entry.code), f"{entry.code}: Bad example raised nothing"


@pytest.mark.parametrize("entry", RULES, ids=lambda r: r.code)
def test_good_snippet_does_not(entry, tmp_path):
    flow = patched_flow(snippet(entry, "Good"), tmp_path)
    assert findings_of(flow, entry.code) == []


@pytest.mark.parametrize("entry", RULES, ids=lambda r: r.code)
def test_every_rule_is_documented(entry):
    assert entry.summary and not entry.summary.isascii(), "summary (title) must be Japanese"
    for section in ("Why", "Fix"):
        assert entry.section(section), f"{entry.code} lacks {section}"
    assert entry.basis


def test_docs_are_current():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == docs.render(), "docs/rules.md is stale: run python -m flowmap.rules.docs"


def test_docs_list_every_rule():
    text = docs.render()
    for entry in RULES:
        assert f"### {entry.code} {entry.name}" in text


def test_registry_refuses_duplicate_codes():
    first = RULES[0]
    with pytest.raises(ValueError, match="used twice"):
        _build([first, first])


def test_rule_requires_code_shape_and_sections():
    with pytest.raises(ValueError, match="FM and three digits"):
        rule("X1", "x", Severity.LOW, "b")
    with pytest.raises(ValueError, match="lacks"):
        rule("FM999", "x", Severity.LOW, "b")(lambda self, ctx: iter(()))


def test_codes_are_unique_and_ordered():
    codes = [r.code for r in RULES]
    assert codes == sorted(set(codes))
