"""FM5xx — the structure of the diagram: numbering, parties missing from the submission's tables,
items that appear from nowhere, and acceptances that no longer match anything."""

from __future__ import annotations

from typing import Iterator

from flowmap.rules.findings import Finding, Severity
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import Context
from flowmap.flow.vocabulary import PartyKind

PIA = "特定個人情報保護評価(全項目評価): 事務の流れの記載"


@rule("FM500", "stale-acceptance", Severity.LOW, "flowmap: accepted の管理")
def stale_acceptance(self: Rule, ctx: Context) -> Iterator[Finding]:
    """承認済みの指摘 id に当たる指摘がもうない。

    Why:
        承認は黙って古くなってはならない。フローが変わって承認した指摘が消えた(直った、または対象の名前が変わっ
        た)ときは、項目を削除するか更新する。この規則は他のすべての規則の後に分析自身が適用する。

    Bad:
        ```yaml
        accepted:
          - {id: FM101-00000000, reason: 暗号化USBを使用と確認, by: 区政情報課, date: "2024-01-10"}
        ```

    Good:
        ```yaml
        accepted: []
        ```

    Fix:
        その項目を削除するか、いま対象としている指摘の id に置き換える。
    """
    return iter(())


MAX_GAPS_LISTED = 20  # a report stays bounded however the numbers are spread


@rule("FM501", "step-number-gap", Severity.LOW, PIA)
def number_gap(self: Rule, ctx: Context) -> Iterator[Finding]:
    """手順番号が飛んでいる(①②④ なら ③ はどこか)。

    Why:
        番号の欠けは、図を描き直したときに手順を落とした印であることが多い。審議会は番号を業務の順序として読む。

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
        番号を振り直すか、欠けている手順を加える。
    """
    used = sorted({n.base for s in ctx.flow.steps for n in s.numbers})
    runs, previous = [], 0  # (first, last) of each run of missing numbers: bounded by the steps
    for number in used:
        if number > previous + 1:
            runs.append((previous + 1, number - 1))
        previous = number
    if runs:
        from flowmap.flow.model import StepNumber

        def run_label(first: int, last: int) -> str:
            if last - first >= 2:
                return f"{StepNumber(first)}〜{StepNumber(last)}"
            return "・".join(str(StepNumber(n)) for n in range(first, last + 1))

        labels = "・".join(run_label(*run) for run in runs[:MAX_GAPS_LISTED])
        if len(runs) > MAX_GAPS_LISTED:
            labels += f" ほか {len(runs) - MAX_GAPS_LISTED} 箇所"
        after = next(s for s in ctx.steps if s.numbers[0].base > runs[0][0])
        yield self.finding(
            ctx, line=after.line, step=after.no, subject="gap",
            message=f"手順番号 {labels} が欠けている。",
            fix="番号を振り直すか、欠けている手順を追加する。",
        )


@rule("FM502", "steps-out-of-order", Severity.INFO, PIA)
def out_of_order(self: Rule, ctx: Context) -> Iterator[Finding]:
    """手順がファイル上で番号と違う順に書かれている。

    Why:
        ファイルは図と並べて読まれるため、順序の違う手順は見落とされやすい。分析は番号の順に従う。

    Bad:
        ```yaml
        steps:
          - {no: "⑤", label: データ消去, kind: erase, at: contractor, items: [氏名, 住所],
             medium: usb, transport: in_place, proof: certificate, method: overwrite}
          - {no: "④", label: 作業, kind: process, at: contractor, items: [氏名, 住所], medium: paper, transport: in_place}
        ```

    Good:
        ```yaml
        steps:
          - {no: "③", label: 作業, kind: process, at: contractor, items: [氏名, 住所], medium: paper, transport: in_place}
        ```

    Fix:
        手順を番号順に並べる。
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
    """図に現れる委託先に、付議資料の表(委託内容・情報項目)がない。

    Why:
        審議会は委託ごとにその表(委託先・情報項目・記録媒体・対策)で了承する。図には描かれているが表のない委託
        先は、その了承を経ていない。

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
        その当事者の表を付議資料に加え、`contract` と `declared` に記載する。
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
    """当事者が、それ以前のどの手順でも渡っておらず業務で作成もしない項目を扱う。

    Why:
        図にない経路でデータが届いている(誰も審査していない)か、手順の記載が誤っている。手順は番号の順に読む。

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
        その項目を渡す手順を図に加えるか、作成する業務の `produces` に記載する。
    """
    for orphan in ctx.holdings.orphans:
        party = ctx.parties[orphan.party]
        yield self.finding(
            ctx, line=orphan.step.line, step=orphan.step.no, party=orphan.party, items=orphan.items,
            subject=f"{orphan.step.no}|{orphan.party}",
            message=f"手順{orphan.step.no}で{party.name}が扱う次の項目は、それ以前のどの手順でも渡っておらず、業務で作成するものでもない: {'、'.join(ctx.label(i) for i in orphan.items)}。",
            fix="その項目を渡す手順を図に加えるか、作成する業務の produces に記載する。",
        )


@rule("FM505", "item-written-two-ways", Severity.LOW, "付議資料の図と表の整合(審査での突合せ)")
def written_two_ways(self: Rule, ctx: Context) -> Iterator[Finding]:
    """付議資料が同じ情報項目を場所によって違う言葉で書いている(図と表の不一致など)。

    Why:
        審議会は図と表を一行ずつ突き合わせる。図が「削除フラグ」、表が「消除フラグ」と書けば、どちらが正しいのか、
        別の項目なのかを問われる。フローは両方の言葉をそのまま記録し(`slips`)、この不一致を報告する。黙って
        直すことはしない。

    Bad:
        ```yaml
        items:
          - {id: flag, label: 消除フラグ, category: record,
             slips: [{text: 削除フラグ, where: 図の配布対象者情報の枠}]}
        ```

    Good:
        ```yaml
        items:
          - {id: flag, label: 消除フラグ, category: record}
        ```

    Fix:
        付議資料の図と表の言葉を統一する(直したら `slips` を消す)。
    """
    for item in ctx.flow.items:
        for slip in item.slips:
            yield self.finding(
                ctx, line=slip.line or item.line, items=(item.id,), subject=f"slip|{item.id}|{slip.text}",
                message=f"情報項目「{item.label}」を{slip.where}では「{slip.text}」と書いている(付議資料の表記の不一致)。",
                fix="付議資料の図と表の言葉を統一する。直したらフローの slips を削除する。",
            )
