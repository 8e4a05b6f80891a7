"""One finding per gap per subject (flowmap.rules.merge), and stable ids through the merge: an
acceptance recorded under the id of a finding that is now part of a merged one is carried to it
(fully when every part is accepted, as 一部承認済み otherwise) and never silently lost."""

from __future__ import annotations

import datetime as dt

from flowmap.rules.analysis import analyse
from flowmap.rules.findings import Severity
from rulecases import patched_flow

BARE_USB = {"steps": [{"no": "②", "label": "提供", "kind": "provide", "from": "ward", "to": "contractor",
                       "items": ["氏名", "住所"], "medium": "usb", "transport": "hand_delivery"}]}


def on_step(findings, no):
    return [f for f in findings if f.step == no]


def with_acceptance(patch: dict, *ids: str) -> dict:
    entries = [{"id": i, "reason": "確認済み", "by": "例示課", "date": dt.date(2024, 7, 1)} for i in ids]
    return {**patch, "accepted": entries}


def test_a_handover_lacking_three_safeguards_is_one_finding(tmp_path):
    (finding,) = on_step(analyse(patched_flow(BARE_USB, tmp_path)), "②")
    assert finding.code == "FM100" and finding.severity == Severity.HIGH and not finding.question
    assert [p.code for p in finding.parts] == ["FM101", "FM103", "FM104"]
    assert "暗号化(高)、鍵付きカバン等(中)、管理簿・確認書への記録(中)" in finding.message
    for part in finding.parts:  # a basis for each missing safeguard
        assert part.basis in finding.basis


def test_an_internet_link_without_encryption_or_device_is_one_finding(tmp_path):
    patch = {"steps": [{"no": "②", "label": "送信", "kind": "provide", "from": "ward", "to": "contractor",
                        "items": ["氏名", "住所"], "medium": "internet", "transport": "network"}]}
    (finding,) = on_step(analyse(patched_flow(patch, tmp_path)), "②")
    assert finding.code == "FM100" and sorted(p.code for p in finding.parts) == ["FM106", "FM107"]


def test_a_weaker_clause_set_and_its_missing_handlers_are_one_finding(tmp_path):
    patch = {"parties": [{"id": "contractor", "name": "委託先", "kind": "contractor", "clauses": "national-tei-11",
                          "location": {"site": "own_site", "country": "japan"}, "contract": {"title": "例"},
                          "declared": {"items": ["氏名", "住所"]},
                          "tasks": [{"id": "work", "label": "発送作業", "needs": ["氏名", "住所"]}]}]}
    about = [f for f in analyse(patched_flow(patch, tmp_path)) if f.party == "contractor" and not f.step]
    codes = [f.code for f in about]
    assert "FM412" not in codes and codes.count("FM405") == 1
    host = next(f for f in about if f.code == "FM405")
    assert "FM412" in host.codes and "【FM412】" in host.message


def test_a_party_and_its_own_system_are_reported_once(tmp_path):
    patch = {"parties": [
        {"id": "contractor", "name": "委託先", "kind": "contractor", "clauses": "shinjuku-2023-31",
         "location": {"site": "cloud", "country": "unknown"}, "safeguards": ["handlers_designated", "training"],
         "contract": {"title": "例"}, "declared": {"items": ["氏名", "住所"]},
         "tasks": [{"id": "work", "label": "発送作業", "needs": ["氏名", "住所"]}]},
        {"id": "booking", "name": "予約システム", "kind": "system", "within": "contractor",
         "location": {"site": "cloud", "country": "unknown"}}]}
    found = [f for f in analyse(patched_flow(patch, tmp_path)) if f.code == "FM409"]
    assert [f.party for f in found] == ["contractor"]
    assert [p.party for p in found[0].parts] == ["contractor", "booking"]


def test_an_acceptance_of_a_part_is_carried_and_shown_as_partial(tmp_path):
    # before: only the locked bag was missing, and the reviewer accepted that FM103 finding
    before = {"steps": [{**BARE_USB["steps"][0], "safeguards": ["encrypted_medium", "password_separate", "ledger"]}]}
    (old,) = on_step(analyse(patched_flow(before, tmp_path, "before.yaml")), "②")
    assert old.code == "FM103"
    # after: encryption and the ledger are gone too; the FM103 id is now a part of FM100
    after = analyse(patched_flow(with_acceptance(BARE_USB, old.id), tmp_path, "after.yaml"))
    (merged,) = on_step(after, "②")
    assert merged.code == "FM100" and old.id in [p.id for p in merged.parts]
    assert not merged.accepted and merged.accepted_reason.startswith("一部承認済み") and old.id in merged.accepted_reason
    assert not [f for f in after if f.code == "FM500"]  # carried, not stale


def test_accepting_every_part_accepts_the_merged_finding(tmp_path):
    (merged,) = on_step(analyse(patched_flow(BARE_USB, tmp_path, "first.yaml")), "②")
    ids = [p.id for p in merged.parts]
    found = analyse(patched_flow(with_acceptance(BARE_USB, *ids), tmp_path, "second.yaml"))
    (again,) = on_step(found, "②")
    assert again.accepted and all(i in again.accepted_reason for i in ids)
    assert not [f for f in found if f.code == "FM500"]


def test_a_repeated_step_is_one_handover_and_accepting_the_repeat_alone_is_partial(tmp_path):
    repeat = {**BARE_USB["steps"][0], "no": "②'", "safeguards": ["encrypted_medium", "password_separate", "ledger"]}
    first = {**BARE_USB["steps"][0], "safeguards": ["encrypted_medium", "password_separate", "ledger"]}
    patch = {"steps": [first, repeat]}
    found = [f for f in analyse(patched_flow(patch, tmp_path, "first.yaml")) if f.code == "FM103"]
    assert len(found) == 1 and found[0].step == "②" and "②'" in found[0].message
    repeat_id = next(p.id for p in found[0].parts if p.step == "②'")
    again = [f for f in analyse(patched_flow(with_acceptance(patch, repeat_id), tmp_path, "second.yaml")) if f.code == "FM103"]
    assert not again[0].accepted and again[0].accepted_reason.startswith("一部承認済み")


def test_an_accepted_merged_id_that_no_longer_exists_is_reported(tmp_path):
    (merged,) = on_step(analyse(patched_flow(BARE_USB, tmp_path, "first.yaml")), "②")
    fixed = {"steps": [{**BARE_USB["steps"][0], "safeguards": ["encrypted_medium", "password_separate", "ledger"]}]}
    found = analyse(patched_flow(with_acceptance(fixed, merged.id), tmp_path, "second.yaml"))
    stale = [f for f in found if f.code == "FM500"]
    assert len(stale) == 1 and merged.id in stale[0].message
