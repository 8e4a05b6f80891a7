"""flowmap.compare.diff: what changed between two versions of a flow."""

from __future__ import annotations

import dataclasses

from compare_helpers import BASE, ITEM_ADDED, load, variant
from flowmap.compare.diff import diff_flows
from flowmap.rules.findings import Finding, Severity


def changes(old, new, **kwargs):
    return diff_flows(load(old), load(new), analyse=kwargs.pop("analyse", None), **kwargs).changes


def test_a_flow_is_identical_to_itself():
    result = diff_flows(load(BASE), load(BASE), analyse=None)
    assert result.identical and result.changes == ()


def test_one_added_item_is_reported_on_every_step_and_party_that_carries_it_and_nothing_else():
    found = changes(BASE, ITEM_ADDED)
    for change in found:
        assert change.kind == "added" and change.subject == "旧氏" or (
            change.added == ("旧氏",) and change.removed == ()), change
    by_section = {(c.section, c.key, c.field, c.part) for c in found}
    assert by_section == {
        ("items", "kyuuji", "", ""),
        ("steps", "①", "items", ""), ("steps", "②", "items", ""), ("steps", "②'", "items", ""),
        ("steps", "⑨", "items", ""),
        ("parties", "ward", "holdings", ""), ("parties", "host", "holdings", ""),
        ("parties", "contractor", "holdings", ""), ("parties", "contractor", "declared.items", ""),
        ("parties", "contractor", "task.needs", "配布物の封入・封緘・発送"),
        ("parties", "contractor", "task.needs", "梱包物への宛名印字"),
    }


def test_the_reverse_diff_reports_the_item_removed():
    found = changes(ITEM_ADDED, BASE)
    assert found and all(c.removed == ("旧氏",) or (c.kind == "removed" and c.subject == "旧氏") for c in found)


def test_steps_are_matched_by_number_not_by_position(tmp_path):
    text = BASE.read_text(encoding="utf-8")
    start = text.index('  - no: "⑨"')
    end = text.index("\nchecklist:")
    last = text[start:end]
    moved = text[:start] + text[end:]
    moved = moved.replace("steps:\n", "steps:\n" + last.rstrip("\n") + "\n", 1)
    path = tmp_path / "moved.yaml"
    path.write_text(moved, encoding="utf-8")
    assert load(path).steps[0].no == "⑨"
    assert changes(BASE, path) == ()


def test_a_renumbered_step_is_one_change_of_number(tmp_path):
    new = variant(tmp_path, BASE, "renumbered.yaml", ('no: "⑧"', 'no: "⑩"'))
    (change,) = changes(BASE, new)
    assert (change.section, change.field, change.old, change.new) == ("steps", "no", "⑧", "⑩")


def test_changed_endpoints_medium_and_safeguards_are_reported_on_the_step(tmp_path):
    new = variant(
        tmp_path, BASE, "changed.yaml",
        ("    to: ward\n    items: [配布状況]\n    medium: usb", "    to: host\n    items: [配布状況]\n    medium: paper"),
        ("safeguards: [locked_bag, encrypted_medium, ledger]", "safeguards: [locked_bag, ledger]"),
    )
    found = {(c.key, c.field): c for c in changes(BASE, new) if c.section == "steps"}
    assert found[("⑥", "to")].old == "新宿区 危機管理課" and found[("⑥", "to")].new == "ホストコンピューター"
    assert (found[("⑥", "medium")].old, found[("⑥", "medium")].new) == ("USBメモリ", "紙")
    assert found[("②", "safeguards")].removed == ("暗号化機能付き記録媒体(USBメモリ・DVD-R等)",)
    # ⑥ now reaches the host, so the host holds 配布状況's items and the ward no longer gets them by ⑥
    parties = {(c.key, c.field): c for c in changes(BASE, new) if c.section == "parties"}
    assert "発送年月日" in parties[("host", "holdings")].added


def test_added_party_step_and_clause_set(tmp_path):
    new = variant(
        tmp_path, BASE, "subcontract.yaml",
        ("  - id: contractor-pc\n", "  - id: printer\n    name: 印刷会社\n    kind: subcontractor\n    serves: contractor\n  - id: contractor-pc\n"),
        ("    kind: contractor\n", "    kind: contractor\n    clauses: shinjuku-2023-31\n"),
        ("\nchecklist:", '\n  - no: "⑩"\n    label: 宛名データの提供\n    kind: provide\n    from: contractor\n    to: printer\n    items: [宛名]\n    medium: usb\n    transport: hand_delivery\n\nchecklist:'),
    )
    found = changes(BASE, new)
    assert any(c.section == "parties" and c.key == "printer" and c.kind == "added" and c.new == "再委託先" for c in found)
    assert any(c.section == "steps" and c.key == "⑩" and c.kind == "added" and "漢字住所" in c.added for c in found)
    clauses = [c for c in found if c.field == "clauses"]
    assert len(clauses) == 1 and clauses[0].old is None and clauses[0].new == "shinjuku-2023-31"
    back = changes(new, BASE)
    assert any(c.key == "printer" and c.kind == "removed" for c in back)
    assert any(c.key == "⑩" and c.kind == "removed" and "漢字住所" in c.removed for c in back)


def test_items_whose_id_changed_are_matched_by_label(tmp_path):
    new = variant(tmp_path, BASE, "renamed-id.yaml", ("{id: setai-no, label: 世帯番号", "{id: household-no, label: 世帯番号"))
    assert changes(BASE, new) == ()


def test_removed_task_and_checklist_line(tmp_path):
    new = variant(
        tmp_path, BASE, "less.yaml",
        ("      - id: delivery-records\n        label: 配布・返還状況等の記録\n        needs: [世帯番号]\n        produces: [配布状況]\n", ""),
        ("applied: [clauses_attached, on_site_inspection, handlers_designated, shared_workflow, encrypt_data, locked_bag, ledger, locked_storage",
         "applied: [clauses_attached, on_site_inspection, handlers_designated, shared_workflow, encrypt_data, ledger, locked_storage"),
    )
    found = changes(BASE, new)
    assert any(c.field == "task" and c.kind == "removed" and c.part == "配布・返還状況等の記録" for c in found)
    checklist = [c for c in found if c.field == "checklist.ward.applied"]
    assert len(checklist) == 1 and checklist[0].removed == ("鍵付きカバンに入れて運搬",)


def _usb_without_encryption(flow):
    """A small rule for the test: each USB step whose own safeguards lack encrypted_medium."""
    for step in flow.steps:
        if step.medium.value == "usb" and "encrypted_medium" not in step.safeguards:
            yield Finding(flow.source, step.line, "FMT01", Severity.HIGH, flow.submission.id,
                          "暗号化されていないUSBメモリ", "暗号化する", step=step.no,
                          items=tuple(flow.item(i).label for i in step.item_ids))


def test_findings_that_appear_disappear_or_change_items_are_matched_across_submission_ids(tmp_path):
    new = variant(
        tmp_path, ITEM_ADDED, "fixed.yaml",
        ("    frequency: monthly\n    when: R6.7.2~12.31\n", "    frequency: monthly\n    when: R6.7.2~12.31\n    safeguards: [encrypted_medium]\n"),
    )
    old_flow, new_flow = load(BASE), load(new)
    assert old_flow.submission.id != new_flow.submission.id
    found = [c for c in diff_flows(old_flow, new_flow, analyse=_usb_without_encryption).changes
             if c.section == "findings"]
    disappeared = [c for c in found if c.kind == "removed"]
    changed = [c for c in found if c.kind == "changed"]
    assert [c.key for c in disappeared] == [next(f for f in _usb_without_encryption(old_flow) if f.step == "②'").id]
    # ⑨ still lacks encryption and now also carries 旧氏: the same finding, its items changed
    assert [(c.added, c.removed) for c in changed] == [(("旧氏",), ())]
    assert not [c for c in found if c.kind == "added"]


def test_finding_ids_in_the_diff_are_the_new_flows_ids(tmp_path):
    new = variant(tmp_path, BASE, "no-enc.yaml", ("safeguards: [locked_bag, encrypted_medium, ledger]", "safeguards: [locked_bag, ledger]"))
    new_flow = load(new)
    (appeared,) = [c for c in diff_flows(load(BASE), new_flow, analyse=_usb_without_encryption).changes
                   if c.section == "findings"]
    expected = next(f for f in _usb_without_encryption(new_flow) if f.step == "②")
    assert appeared.kind == "added" and appeared.key == expected.id
    assert dataclasses.replace(expected, flow="x").id != expected.id  # ids do hash the flow
