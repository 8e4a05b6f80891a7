"""FM5xx — the structure of the diagram: numbering, parties missing from the submission's tables,
items that appear from nowhere, and acceptances that no longer match anything."""

from __future__ import annotations

from typing import Iterator

from flowmap.findings import Finding, Severity
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import Context
from flowmap.vocabulary import PartyKind

PIA = "特定個人情報保護評価(全項目評価): 事務の流れの記載"


@rule("FM500", "stale-acceptance", Severity.LOW, "flowmap: accepted の管理")
def stale_acceptance(self: Rule, ctx: Context) -> Iterator[Finding]:
    """An accepted finding id matches no finding any more.

    Why:
        Acceptances must never go stale silently: when the flow changes so that the accepted
        finding is gone (fixed, or its subject renamed), the entry should be removed or renewed.
        The analysis itself applies this rule after all others have run.

    Bad:
        ```yaml
        accepted:
          - {id: FM101-00000000, reason: 暗号化USBを使用と確認, by: 区政情報課, date: 2024-01-10}
        ```

    Good:
        ```yaml
        accepted: []
        ```

    Fix:
        Remove the entry, or replace its id with the id of the finding it now means.
    """
    return iter(())


@rule("FM501", "step-number-gap", Severity.LOW, PIA)
def number_gap(self: Rule, ctx: Context) -> Iterator[Finding]:
    """Step numbers skip a number (① ② ④: where is ③?).

    Why:
        A missing number usually means a step was dropped when the diagram was redrawn; the council
        reads the numbers as the sequence of the work.

    Bad:
        ```yaml
        steps:
          - {no: "⑨", label: 返却, kind: return, from: contractor, to: ward, items: [氏名, 住所],
             medium: usb, transport: hand_delivery, proof: receipt,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
          - {no: "⑤", label: 作業, kind: process, at: contractor, items: [氏名, 住所], medium: paper, transport: in_place}
        ```

    Good:
        ```yaml
        steps:
          - {no: "③", label: 作業, kind: process, at: contractor, items: [氏名, 住所], medium: paper, transport: in_place}
        ```

    Fix:
        Renumber the steps, or add the missing one.
    """
    used = sorted({n.base for s in ctx.flow.steps for n in s.numbers})
    if not used:
        return
    missing = [n for n in range(1, used[-1] + 1) if n not in used]
    if missing:
        from flowmap.model import StepNumber

        labels = "・".join(str(StepNumber(n)) for n in missing)
        after = next(s for s in ctx.steps if s.numbers[0].base > missing[0])
        yield self.finding(
            ctx, line=after.line, step=after.no, subject="gap",
            message=f"手順番号 {labels} が欠けている。",
            fix="番号を振り直すか、欠けている手順を追加する。",
        )


@rule("FM502", "steps-out-of-order", Severity.INFO, PIA)
def out_of_order(self: Rule, ctx: Context) -> Iterator[Finding]:
    """Steps are written in the file in a different order than their numbers.

    Why:
        The file is read alongside the diagram; a step written out of order is easy to miss. The
        analysis follows the numbers.

    Bad:
        ```yaml
        steps:
          - {no: "⑩", label: データ消去, kind: erase, at: contractor, items: [氏名, 住所],
             medium: usb, transport: in_place, proof: certificate, method: overwrite}
          - {no: "③", label: 作業, kind: process, at: contractor, items: [氏名, 住所], medium: paper, transport: in_place}
        ```

    Good:
        ```yaml
        steps:
          - {no: "③", label: 作業, kind: process, at: contractor, items: [氏名, 住所], medium: paper, transport: in_place}
        ```

    Fix:
        Write the steps in the order of their numbers.
    """
    previous = None
    for step in ctx.flow.steps:
        if previous is not None and step.numbers[0] < previous.numbers[0]:
            yield self.finding(
                ctx, line=step.line, step=step.no,
                message=f"手順{step.no}がファイル上で手順{previous.no}の後に書かれている。",
                fix="手順を番号順に並べ替える。",
            )
        previous = step


@rule("FM503", "party-not-in-tables", Severity.MEDIUM, "付議事項の表(委託先・再委託先)")
def party_not_in_tables(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A contractor in the diagram has no table of its own in the submission (no contract, no
    declared items).

    Why:
        The council approves each contract by its table (委託先, 情報項目, 記録媒体, 対策). A
        contractor drawn in the diagram but missing from the tables escapes that approval.

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, clauses: shinjuku-2023-31,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
        ```

    Good:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, clauses: shinjuku-2023-31,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]},
             tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
        ```

    Fix:
        Add the party's table to the submission and record it as `contract` / `declared`.
    """
    for party in ctx.flow.parties:
        if party.kind in (PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR) and party.contract is None \
                and party.declared is None and ctx.holdings.seen.get(party.id):
            yield self.finding(
                ctx, line=party.line, party=party.id,
                message=f"{party.name}は図に現れ個人情報を扱うが、付議資料の表(委託内容・情報項目)がない。",
                fix="この当事者の表を付議資料に加え、contract と declared に記載する。",
            )


@rule("FM504", "item-from-nowhere", Severity.MEDIUM, PIA)
def from_nowhere(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A party uses or sends an item that no earlier step brought to it and none of its tasks creates.

    Why:
        Either a transfer is missing from the diagram (data arriving by a route nobody reviewed),
        or the step is mislabelled. Steps are read in the order of their numbers.

    Bad:
        ```yaml
        items:
          - {id: phone, label: 電話番号, category: contact}
        steps:
          - {no: "③", label: 架電, kind: process, at: contractor, items: [電話番号], medium: paper, transport: in_place}
        ```

    Good:
        ```yaml
        steps:
          - {no: "③", label: 作業, kind: process, at: contractor, items: [氏名, 住所], medium: paper, transport: in_place}
        ```

    Fix:
        Draw the step that brings the item, or declare the task that creates it (`produces`).
    """
    for orphan in ctx.holdings.orphans:
        party = ctx.parties[orphan.party]
        yield self.finding(
            ctx, line=orphan.step.line, step=orphan.step.no, party=orphan.party, items=orphan.items,
            subject=f"{orphan.step.no}|{orphan.party}",
            message=f"手順{orphan.step.no}で{party.name}が扱う次の項目は、それ以前のどの手順でも渡っておらず、業務で作成するものでもない: {'、'.join(ctx.label(i) for i in orphan.items)}。",
            fix="その項目を渡す手順を図に加えるか、作成する業務の produces に記載する。",
        )
