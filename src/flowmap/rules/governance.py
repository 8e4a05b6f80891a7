"""FM7xx — governance: whether the council saw an external provision or link, whether each task
stays inside the contract's purpose, and whether a list sent to a party that stands for many
sites is kept under control."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from flowmap.flow.clauses import Obligation
from flowmap.flow.model import Council, Step
from flowmap.flow.vocabulary import CouncilStatus, PartyKind, StepKind, TaskUse
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import Context
from flowmap.rules.findings import Finding, Severity

COUNCIL = "個人情報保護法第129条(審議会等への諮問); 各団体の個人情報保護条例(外部提供・オンライン結合の制限)"
PURPOSE = "個人情報保護法第66条第2項(委託を受けた者の安全管理措置); 委託契約の目的外利用の禁止"
SEEN = (CouncilStatus.ANSWERED, CouncilStatus.CONSULTED, CouncilStatus.REPORTED)


def council_of(ctx: Context, step: Step, party: str) -> Council | None:
    """The council record for a step: its own, else the external party's."""
    return step.council or ctx.parties[party].council


@rule("FM701", "external-provision-without-council", Severity.MEDIUM, COUNCIL)
def provision_without_council(self: Rule, ctx: Context) -> Iterator[Finding]:
    """外部への提供・外部結合について、審議会への諮問・報告(答申・了承)が記録されていない。

    Why:
        外部の機関への提供やオンライン結合は、審議会が最も確かめたい流れである。諮問・報告をしたか(答申の日付・
        番号)が書かれていなければ、了承の範囲が分からない。外部結合先ごとに一つ報告する。

    Bad:
        ```yaml
        parties:
          - {id: nation, name: 国, kind: external, legal_basis: 予防接種法}
        steps:
          - {no: "③", label: 対象者情報の登録, kind: external_link, from: ward, to: nation,
             items: [氏名, 住所], medium: l2wan, transport: network}
        ```

    Good:
        ```yaml
        parties:
          - {id: nation, name: 国, kind: external, legal_basis: 予防接種法,
             council: {status: answered, number: 答申第5号, date: 2021-03-25}}
        steps:
          - {no: "③", label: 対象者情報の登録, kind: external_link, from: ward, to: nation,
             items: [氏名, 住所], medium: l2wan, transport: network}
        ```

    Fix:
        審議会に諮問・報告したことを `council`(status・number・date)に記載する。本件で付議するなら
        `status: consulted`(諮問)か `reported`(報告)とする。
    """
    missing: dict[str, list[Step]] = defaultdict(list)
    for step in ctx.steps:
        if not step.item_ids or ctx.dummy_only(step):
            continue
        ends = [ctx.owner(step.source), ctx.owner(step.target)]
        external = [p for p in ends if ctx.parties[p].kind == PartyKind.EXTERNAL]
        if not external and step.kind != StepKind.EXTERNAL_LINK:
            continue
        party = external[0] if external else ends[1]
        council = council_of(ctx, step, party)
        if council is None or council.status not in SEEN:
            missing[party].append(step)
    for party, steps in missing.items():
        statuses = {(council_of(ctx, s, party) or Council()).status for s in steps}
        said_none = statuses == {CouncilStatus.NONE}
        yield self.finding(
            ctx, line=steps[0].line, step=steps[0].no, party=party,
            items=list(dict.fromkeys(i for s in steps for i in s.item_ids)), subject=f"{party}|council",
            message=f"{'・'.join(s.no for s in steps)}の「{ctx.parties[party].name}」への提供・結合について、{ctx.words.council}への諮問・報告"
            + ("をしていない。" if said_none else "が記録されていない。"),
            fix="審議会への諮問・報告(答申の日付・番号)を council に記載する。本件で付議するなら status: consulted か reported。",
        )


@rule("FM702", "task-outside-contract", Severity.HIGH, "特記事項 目的外利用の禁止; " + PURPOSE)
def outside_contract(self: Rule, ctx: Context) -> Iterator[Finding]:
    """委託先が、委託された業務の外(自らの事業・製品の学習など)で個人情報を使う。

    Why:
        委託先は、契約が定める業務のためにだけ個人情報を扱える。自社のサービスの改良や AI
        の学習に使えば、それは目的外利用であり、委託元の管理の外での利用になる。

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, clauses: shinjuku-2023-31,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]},
             tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]},
                     {id: ai, label: 自社AIの学習, needs: [氏名, 住所], use: product_training}]}
        ```

    Good:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, clauses: shinjuku-2023-31,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託, purposes: [広報紙の発送]}, declared: {items: [氏名, 住所]},
             tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
        ```

    Fix:
        契約の外の利用をやめ、その業務を `tasks` から外す。契約に含めるなら、契約の利用目的(`contract.purposes`)
        を改めて審議会に諮る。
    """
    for party in ctx.flow.parties:
        if party.kind in (PartyKind.WARD, PartyKind.WARD_DEPARTMENT, PartyKind.SUBJECTS):
            continue
        owner = ctx.owner(party.id)
        for task in party.tasks:
            if task.use == TaskUse.CONTRACTED or not task.needed_items:
                continue
            ref = ctx.clause(owner, Obligation.NO_THIRD_PARTY, Obligation.PURPOSE_LIMITATION)  # 目的外利用の禁止
            contract = ctx.parties[owner].contract
            allowed = f"(契約の利用目的: {'、'.join(contract.purposes)})" if contract and contract.purposes else ""
            yield self.finding(
                ctx, line=task.line or party.line, party=party.id, items=task.needed_items,
                subject=f"{party.id}|task|{task.id}", basis=f"{ref.text}; {PURPOSE}" if ref else self.basis,
                message=f"{party.name}の業務「{task.label}」は{task.use.label}であり、委託された業務の外で個人情報を使う{allowed}。",
                fix="契約の外での利用をやめる。必要なら契約の利用目的を改め、審議会に諮る。",
            )


@rule("FM703", "many-sites-without-control", Severity.MEDIUM, "特記事項 複写等の禁止(承諾時を除く); 個人情報保護委員会 ガイドライン(行政機関等編) 安全管理措置")
def many_sites(self: Rule, ctx: Context) -> Iterator[Finding]:
    """多数の拠点(組合の各店・医療機関・学校)からなる当事者に名簿を渡すのに、複製・配布の管理が書かれていない。

    Why:
        22 店の販売店に渡った名簿は、22 部の複製になる。どの拠点に何部あり、いつ回収・消去するかを管理しなければ
        、一部の紛失も気づかれない。管理が書かれていなければ、担当課への確認事項とする。

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 販売店組合, kind: contractor, clauses: shinjuku-2023-31,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]},
             count: {number: 22, description: 組合加盟の販売店},
             tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
        ```

    Good:
        ```yaml
        parties:
          - {id: contractor, name: 販売店組合, kind: contractor, clauses: shinjuku-2023-31,
             location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training, copies_controlled], contract: {title: 例の委託},
             declared: {items: [氏名, 住所]},
             count: {number: 22, description: 組合加盟の販売店, distribution: 組合本部が各店に担当区域分を配布},
             tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
        ```

    Fix:
        拠点ごとの部数・配布先・回収を記録することを定め、`copies_controlled` と記載する。配布のしかたは
        `count.distribution` に書く。
    """
    h = ctx.holdings
    for party in ctx.flow.parties:
        if party.count is None or not party.count.many or ctx.kind(party.id) == PartyKind.SUBJECTS:
            continue
        owner = ctx.owner(party.id)
        received = [i for i, acq in h.ever[owner].items() if acq.how == "received"]
        if not received or "copies_controlled" in ctx.party_safeguards(party.id):
            continue
        how = f"配布は「{party.count.distribution}」とされるが、" if party.count.distribution else ""
        ref = ctx.clause(owner, Obligation.NO_COPYING_UNLESS_APPROVED, Obligation.NO_COPYING)
        yield self.finding(
            ctx, line=party.count.line or party.line, party=party.id, items=received, question=True,
            basis=f"{ref.text}; 個人情報保護委員会 ガイドライン(行政機関等編) 安全管理措置" if ref else self.basis,
            subject=f"{party.id}|count",
            message=f"{party.name}({party.count.text}の拠点)に個人情報が渡る。{how}拠点ごとの複製・配布・回収の管理が書かれていない。",
            fix="拠点ごとの部数・配布先・回収の記録を定め、safeguards に copies_controlled を記載する(配布方法は count.distribution)。",
        )
