"""The analysis API: sorted findings, stable ids, acceptance, stale acceptances, holdings."""

from __future__ import annotations

from dataclasses import replace

from flowmap.rules.analysis import analyse
from flowmap.flow.loading import load_flow
from flowmap.rules.context import Context
from rulecases import patched_flow

UNENCRYPTED = {"steps": [{"no": "②", "label": "提供", "kind": "provide", "from": "ward", "to": "contractor",
                          "items": ["氏名", "住所"], "medium": "usb", "transport": "hand_delivery",
                          "safeguards": ["locked_bag", "ledger"]}]}


def test_findings_are_sorted_and_carry_file_line(tmp_path):
    flow = patched_flow(UNENCRYPTED, tmp_path)
    findings = analyse(flow)
    assert findings == sorted(findings)
    fm101 = next(f for f in findings if f.code == "FM101")
    step = next(s for s in flow.steps if s.no == "②")
    assert fm101.line == step.line > 0
    assert fm101.file.endswith("case.yaml") and fm101.step == "②" and fm101.party == "contractor"
    assert fm101.items == ("氏名", "住所")


def test_ids_survive_edits_elsewhere(tmp_path):
    before = {f.code: f.id for f in analyse(patched_flow(UNENCRYPTED, tmp_path, "a.yaml"))}
    edited = dict(UNENCRYPTED, items=[{"id": "birth", "label": "生年月日", "category": "basic"}],
                  notes=["行がずれる", "さらにずれる"])
    after = {f.code: f.id for f in analyse(patched_flow(edited, tmp_path, "b.yaml"))}
    assert before["FM101"] == after["FM101"]


def test_accepted_finding_is_kept_and_marked(tmp_path):
    flow = patched_flow(UNENCRYPTED, tmp_path, "a.yaml")
    target = next(f for f in analyse(flow) if f.code == "FM101")
    patch = dict(UNENCRYPTED, accepted=[{"id": target.id, "reason": "暗号化済みと確認", "by": "例示課", "date": "2024-04-01"}])
    findings = analyse(patched_flow(patch, tmp_path, "b.yaml"))
    accepted = [f for f in findings if f.id == target.id]
    assert len(accepted) == 1 and accepted[0].accepted
    assert "暗号化済みと確認" in accepted[0].accepted_reason
    assert not any(f.code == "FM500" for f in findings)


def test_stale_acceptance_is_reported_at_its_line(tmp_path):
    patch = {"accepted": [{"id": "FM101-deadbeef", "reason": "古い", "by": "例示課", "date": "2024-04-01"}]}
    flow = patched_flow(patch, tmp_path)
    stale = [f for f in analyse(flow) if f.code == "FM500"]
    assert len(stale) == 1
    assert stale[0].line == flow.accepted[0].line > 0
    assert "FM101-deadbeef" in stale[0].message


def test_questions_are_marked_as_such(tmp_path):
    patch = {"checklist": {"ward": {"applied": ["clauses_attached"]}},
             "parties": [{"id": "contractor", "name": "委託先", "kind": "contractor",
                          "location": {"site": "own_site", "country": "japan"},
                          "safeguards": ["handlers_designated", "training"], "contract": {"title": "例"},
                          "declared": {"items": ["氏名", "住所"]},
                          "tasks": [{"id": "work", "label": "作業", "needs": ["氏名", "住所"]}]}]}
    finding = next(f for f in analyse(patched_flow(patch, tmp_path)) if f.code == "FM406")
    # a question (確認事項) is a kind of its own, not a gap with a 不明 prefix
    assert finding.question and finding.kind == "question" and finding.kind_label == "確認事項"
    assert not finding.message.startswith("不明")


def test_holdings_follow_the_numbers_and_owners():
    flow = load_flow("flows/001-keitai-toilet.yaml")
    ctx = Context(flow)
    h = ctx.holdings
    # the contractor's PC counts for the contractor; ⑨ returns everything, so nothing is left
    assert ctx.owner("contractor-pc") == "contractor"
    assert dict(h.held["contractor"]) == {}
    assert h.ever["contractor"]["caller-phone"].how == "collected"
    assert h.ever["contractor"]["sent-date"].how == "created"
    assert h.ended["contractor"]["caller-phone"].no == "⑨"
    # the carrier sees the address labels of ⑤
    assert set(h.seen["japan-post"]) == {"head-name-kanji", "postcode", "address-kanji", "address-katagaki"}
    assert h.orphans == []


def test_step_safeguards_remember_where(tmp_path):
    flow = load_flow("flows/001-keitai-toilet.yaml")
    ctx = Context(flow)
    second = next(s for s in flow.steps if s.no == "②'")
    found = ctx.step_safeguards(second)
    assert found["locked_bag"] == "チェックリスト(区) 運用上の対策 6"
    first = next(s for s in flow.steps if s.no == "②")
    assert ctx.step_safeguards(first)["locked_bag"] == "手順②"


def test_analysis_is_pure(tmp_path):
    flow = patched_flow(UNENCRYPTED, tmp_path)
    assert analyse(flow) == analyse(flow)
    assert [replace(f) for f in analyse(flow)] == analyse(flow)
