"""The committed review of the seed findings (docs/review/seed-findings.md) and the findings
themselves must agree: the test fails when the seed findings change and the review does not.

For each seed flow the review lists every current finding (its id, code and kind, whether a reviewer
would raise it, and why, quoting the seed) and what became of every finding from before issue 11
(kept, made a question, merged into another — its id must be a part of that one — or removed). The
figures in the README are counted from the review here, so they cannot drift either."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flowmap.flow.loading import load_flow
from flowmap.rules.analysis import analyse
from flowmap.rules.findings import Severity

ROOT = Path(__file__).resolve().parents[1]
FLOWS = ROOT / "flows"
REVIEW = ROOT / "docs" / "review" / "seed-findings.md"
KINDS = {"指摘": "gap", "確認事項": "question"}


def table(text: str) -> list[list[str]]:
    """The rows of the first markdown table in ``text`` (header and rule left out)."""
    rows = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[2:]]


def review() -> dict[str, dict[str, list[list[str]]]]:
    """Per flow file: its 現在 and 以前 tables."""
    out = {}
    for section in re.split(r"^## ", REVIEW.read_text(encoding="utf-8"), flags=re.M)[1:]:
        name = section.split(" ", 1)[0]
        now, before = section.split("### 現在", 1)[1].split("### 以前", 1)
        out[name] = {"now": table(now), "before": table(before)}
    return out


REVIEWED = review()


def test_every_seed_flow_is_reviewed():
    assert sorted(REVIEWED) == sorted(p.name for p in FLOWS.glob("*.yaml"))


@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_the_review_lists_exactly_the_current_findings(name):
    found = analyse(load_flow(FLOWS / name))
    listed = sorted((row[1], row[2], KINDS[row[0]]) for row in REVIEWED[name]["now"])
    assert listed == sorted((f.id, f.code, f.kind) for f in found), \
        f"{name}: the findings changed; review them against the seed and update {REVIEW.relative_to(ROOT)}"
    for row in REVIEWED[name]["now"]:
        assert row[5] in ("はい", "確認", "いいえ") and row[6], row


@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_what_became_of_each_earlier_finding_is_true(name):
    found = analyse(load_flow(FLOWS / name))
    current = {f.id: f for f in found}
    parts = {p.id: f for f in found for p in f.parts}
    for what, old_id, code, _step, verdict, reason in REVIEWED[name]["before"]:
        assert old_id.startswith(code + "-") and verdict in ("はい", "確認", "いいえ") and reason
        if what in KINDS:      # kept: the same id, now of this kind (alone, or as the host of a merge)
            assert old_id in current and current[old_id].kind == KINDS[what], (name, old_id)
        elif what == "統合":    # merged: a part of the finding the reason names, so acceptances carry
            host = parts.get(old_id)
            assert host is not None and host.id != old_id and host.id in reason, (name, old_id)
        else:
            assert what == "削除" and old_id not in current and old_id not in parts, (name, old_id)


def figures() -> list[str]:
    """The README's rows, counted from the review: per seed flow, then before and after in all."""
    rows = []
    for name, flow in sorted(REVIEWED.items()):
        gaps = sum(row[0] == "指摘" for row in flow["now"])
        rows.append(f"| {name.removesuffix('.yaml')} | {len(flow['before'])} | {len(flow['now'])} | {gaps} | "
                    f"{len(flow['now']) - gaps} |")
    before = [row for flow in REVIEWED.values() for row in flow["before"]]
    now = [row for flow in REVIEWED.values() for row in flow["now"]]
    raised_before = sum(row[4] == "はい" for row in before)
    gaps = [row for row in now if row[0] == "指摘"]
    raised = sum(row[5] == "はい" for row in gaps)
    rows.append(f"| before | {len(before)} | {len(before)} | 0 | {raised_before} of {len(before)} ({raised_before / len(before):.0%}) |")
    rows.append(f"| after | {len(now)} | {len(gaps)} | {len(now) - len(gaps)} | {raised} of {len(gaps)} ({raised / len(gaps):.0%}) |")
    return rows


def test_the_readme_shows_the_figures_of_the_review():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for row in figures():
        assert row in readme, f"README: replace the seed findings figures with\n{row}"


def test_at_least_four_in_five_gaps_are_ones_a_reviewer_would_raise():
    gaps = [row for flow in REVIEWED.values() for row in flow["now"] if row[0] == "指摘"]
    assert sum(row[5] == "はい" for row in gaps) >= 0.8 * len(gaps)


@pytest.mark.parametrize("name", ["002-kyuuji-before.yaml", "002-kyuuji-after.yaml"])
def test_no_high_finding_on_seed_002(name):
    # all work on the ward's premises, paper face to face and returned
    assert not [f for f in analyse(load_flow(FLOWS / name)) if f.severity == Severity.HIGH]


def test_seed_004_national_link_and_dummy_data_vendor_raise_nothing():
    findings = analyse(load_flow(FLOWS / "004-covid-vaccine.yaml"))
    assert not [f for f in findings if f.party in ("kuni-vrs", "ryobi")]


def test_seed_004_my_number_stays_in_the_ward_and_the_legal_link():
    findings = analyse(load_flow(FLOWS / "004-covid-vaccine.yaml"))
    assert not [f for f in findings if f.code == "FM203"]


def test_seed_findings_cite_their_basis_and_line():
    for name in REVIEWED:
        for f in analyse(load_flow(FLOWS / name)):
            assert f.basis and f.line > 0 and f.message and f.fix, (name, f.code)
