"""FM4xx — parties and contracts: sub-contracting, clause sets, where the work happens, and who a
contractor may pass data to."""

from __future__ import annotations

from typing import Iterator

from flowmap.clauses import Obligation
from flowmap.findings import Finding, Severity
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import Context
from flowmap.model import FreeSafeguard
from flowmap.vocabulary import SAFEGUARDS, Approval, Country, PartyKind, Site, StepKind

SG = "杉並区 特記ガイドライン"
PCC = "個人情報保護委員会 委託先の監督"
CONTRACTING = (PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR)
STANDARD = (Obligation.ERASURE_CERTIFICATE, Obligation.HANDLER_DESIGNATION, Obligation.AUDIT_YEARLY,
            Obligation.INCIDENT_REPORT, Obligation.TRAINING)


def contracting(ctx: Context, *kinds: PartyKind) -> list:
    return [p for p in ctx.flow.parties if p.kind in (kinds or CONTRACTING)]


def handles_data(ctx: Context, party_id: str) -> bool:
    return bool(ctx.holdings.seen.get(party_id))


@rule("FM401", "subcontract-without-approval", Severity.HIGH, "特記事項 再委託等の禁止(31項 第11・12項); " + PCC)
def subcontract_approval(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A sub-contractor handles personal data without recorded prior approval, or under a clause
    set that bans sub-contracting outright.

    Why:
        The ward must approve every 再委託 in advance (31-clause set, 11–12); the older 21-clause
        set bans it absolutely. An unapproved sub-contractor is a leak the contract does not cover.
        An approval sought in this very submission (`approval: requested`) is not flagged.

    Bad:
        ```yaml
        parties:
          - {id: printer, name: 印刷会社, kind: subcontractor, serves: contractor, approval: none,
             clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training], contract: {title: 印刷の再委託},
             tasks: [{id: print, label: 印刷, needs: [氏名, 住所]}]}
        ```

    Good:
        ```yaml
        parties:
          - {id: printer, name: 印刷会社, kind: subcontractor, serves: contractor, approval: approved,
             clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training], contract: {title: 印刷の再委託},
             tasks: [{id: print, label: 印刷, needs: [氏名, 住所]}]}
        ```

    Fix:
        Record the ward's prior approval (`approval: approved`) or seek it in the submission.
    """
    for party in contracting(ctx, PartyKind.SUBCONTRACTOR):
        principal = party.serves or ""
        banned = ctx.clause(principal, Obligation.SUBCONTRACT_BANNED) if principal in ctx.parties else None
        consent = ctx.clause(principal, Obligation.SUBCONTRACT_BY_CONSENT) if principal in ctx.parties else None
        if banned and not consent:
            yield self.finding(
                ctx, line=party.line, party=party.id, basis=f"特記事項 {banned.text}", subject=f"{party.id}|banned",
                message=f"{ctx.parties[principal].name}の特記事項({banned.text})は再委託を一切禁じているが、{party.name}に再委託している。",
                fix="再委託を認める特記事項(承諾制)に改めて承諾を得るか、再委託をやめる。",
            )
        if party.approval in (Approval.APPROVED, Approval.REQUESTED):
            continue
        unknown = party.approval in (None, Approval.UNKNOWN)
        yield self.finding(
            ctx, line=party.line, party=party.id, unknown=unknown,
            severity=Severity.MEDIUM if unknown else None,
            basis=f"特記事項 {consent.text}" if consent else self.basis,
            message=f"再委託先「{party.name}」について区の事前承諾が" + ("記録されていない。" if unknown else "ない。"),
            fix="再委託の事前承諾を得て approval: approved と記載する(本件で承諾を求めるなら requested)。",
        )


@rule("FM402", "subcontractor-without-clauses", Severity.MEDIUM, "特記事項 再委託先への義務の継承(31項 第13・16項); 別紙3(丙の特記事項)")
def flow_down(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A sub-contractor is bound by no clause set: the obligations are not passed down.

    Why:
        The contractor must bind its sub-contractor by the same duties (本特記事項に定める義務) and
        write them into the sub-contract; seed 004 attaches a separate 丙 set for this.

    Bad:
        ```yaml
        parties:
          - {id: printer, name: 印刷会社, kind: subcontractor, serves: contractor, approval: approved,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 印刷の再委託}, tasks: [{id: print, label: 印刷, needs: [氏名, 住所]}]}
        ```

    Good:
        ```yaml
        parties:
          - {id: printer, name: 印刷会社, kind: subcontractor, serves: contractor, approval: approved,
             clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training], contract: {title: 印刷の再委託},
             tasks: [{id: print, label: 印刷, needs: [氏名, 住所]}]}
        ```

    Fix:
        Name the clause set that binds the sub-contractor (`clauses:`), e.g. the 丙 set.
    """
    for party in contracting(ctx, PartyKind.SUBCONTRACTOR):
        if party.clauses:
            continue
        principal = party.serves or ""
        ref = ctx.clause(principal, Obligation.SUBCONTRACT_FLOW_DOWN) if principal in ctx.parties else None
        yield self.finding(
            ctx, line=party.line, party=party.id, basis=f"特記事項 {ref.text}" if ref else self.basis,
            message=f"再委託先「{party.name}」を拘束する特記事項が記載されていない(義務が引き継がれているか確認できない)。",
            fix="再委託先に付す特記事項(丙の特記事項など)を clauses に記載する。",
        )


@rule("FM403", "delegation-chain", Severity.MEDIUM, SG + "(再委託); " + PCC)
def chain(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A chain of delegation is longer than one level (a sub-contractor of a sub-contractor).

    Why:
        Each further tier weakens the ward's oversight; guidelines ask for every tier to be named,
        approved and bound, and the older clause sets forbid a 丙 to sub-contract at all.

    Bad:
        ```yaml
        parties:
          - {id: printer, name: 印刷会社, kind: subcontractor, serves: contractor, approval: approved,
             clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training], contract: {title: 印刷}}
          - {id: binder, name: 製本会社, kind: subcontractor, serves: printer, approval: approved,
             clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training], contract: {title: 製本}}
        ```

    Good:
        ```yaml
        parties:
          - {id: printer, name: 印刷会社, kind: subcontractor, serves: contractor, approval: approved,
             clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training], contract: {title: 印刷}}
        ```

    Fix:
        Avoid the second tier, or name, approve and bind it explicitly and justify it.
    """
    for party in contracting(ctx, PartyKind.SUBCONTRACTOR):
        principal = ctx.parties.get(party.serves or "")
        if principal is not None and principal.kind == PartyKind.SUBCONTRACTOR:
            yield self.finding(
                ctx, line=party.line, party=party.id,
                message=f"「{party.name}」は再委託先「{principal.name}」からさらに委託を受けている(再々委託)。",
                fix="再々委託を避けるか、各段階の承諾・特記事項・監督方法を明記する。",
            )


@rule("FM404", "task-forbidden-by-clauses", Severity.MEDIUM, "特記事項 複写等の禁止(21項 第9項)")
def forbidden_task(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A task copies data while the party's clause set forbids copying without exception.

    Why:
        The older 21-clause set bans copying outright (no approval exception), yet seed 002's
        contract asks the contractor to copy ID documents (本人確認書類の複写). Contract and clauses
        contradict each other; one must change. Rated medium because the ward itself orders the
        copying; the newer sets allow copying with approval and are not flagged.

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, clauses: shinjuku-old-21,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]},
             tasks: [{id: work, label: 本人確認書類の複写, needs: [氏名, 住所], copies_documents: true}]}
        ```

    Good:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, clauses: shinjuku-2023-31,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]},
             tasks: [{id: work, label: 本人確認書類の複写, needs: [氏名, 住所], copies_documents: true}]}
        ```

    Fix:
        Add an approval exception to the clause (甲の指示又は承諾があるときを除き) or drop the copying.
    """
    for party in contracting(ctx):
        ref = ctx.clause(party.id, Obligation.NO_COPYING)
        if ref is None:
            continue
        for task in party.tasks:
            if task.copies_documents:
                yield self.finding(
                    ctx, line=task.line, party=party.id, items=task.needed_items,
                    basis=f"特記事項 {ref.text}", subject=f"{party.id}|{task.id}",
                    message=f"{party.name}の業務「{task.label}」は複写を伴うが、特記事項 {ref.text} は例外なく複写を禁じている。",
                    fix="特記事項に区の指示・承諾による例外を設けるか、複写を伴う業務を見直す。",
                )


@rule("FM405", "weaker-clause-set", Severity.MEDIUM, "新宿区 特記事項(31項)を標準として; " + SG)
def weaker_clauses(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A party's clause set lacks duties of the ward's standard set (erasure certificate, handler
    designation, yearly audit, incident report, training).

    Why:
        A contractor bound by a weaker set (e.g. the national 注意事項 for medical institutions)
        owes the ward less: no erasure certificate, no named handlers, no yearly check. The gap
        should be known and compensated by other measures.

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, clauses: national-tei-11,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]},
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
        Attach the ward's standard clauses, or record compensating safeguards and accept the finding.
    """
    for party in contracting(ctx):
        clause_set = ctx.clause_set(party.id)
        if clause_set is None:
            continue
        lacking = [o for o in STANDARD if o not in clause_set.obligations]
        if lacking:
            yield self.finding(
                ctx, line=party.line, party=party.id, basis=f"{clause_set.title}; {self.basis}",
                message=f"{party.name}の特記事項「{clause_set.title}」には区の標準にある次の義務がない: {'、'.join(o.label for o in lacking)}。",
                fix="区の標準の特記事項を付すか、欠ける義務を補う対策を定めて記載する。",
            )


@rule("FM406", "no-clauses-attached", Severity.HIGH, "チェックリスト 運用上の対策 1; 特記事項")
def no_clauses(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A contractor has no clause set (特記事項) attached, or the flow does not say which.

    Why:
        The clause set is where return, erasure, audit and sub-contracting duties come from. When
        the submission says one is attached (checklist line 1) but not which, the finding is 不明.

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]},
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
        Name the attached clause set in `clauses:`.
    """
    for party in contracting(ctx, PartyKind.CONTRACTOR):
        if party.clauses or not handles_data(ctx, party.id):
            continue
        unknown = ctx.clauses_unknown(party.id)
        yield self.finding(
            ctx, line=party.line, party=party.id, unknown=unknown, severity=Severity.INFO if unknown else None,
            message=f"{party.name}に付す特記事項が" + ("特定されていない(付すことはチェックリスト等に記載あり)。" if unknown else "記載されていない。"),
            fix="付す特記事項を clauses に記載する。",
        )


def own_codes(party) -> set[str]:
    return {s for s in party.safeguards if not isinstance(s, FreeSafeguard)}


@rule("FM407", "sibling-lacks-safeguard", Severity.LOW, "同種業務の委託先間の対策の整合")
def sibling_gap(self: Rule, ctx: Context) -> Iterator[Finding]:
    """Parties doing the same kind of work for the same principal differ: one lacks a safeguard
    all the others have.

    Why:
        Two sub-contractors of one contractor doing the same task should meet the same bar; a
        safeguard present at one and missing at the other is usually an omission in the submission.
        Same kind of work means the same `kind`, the same principal and at least one task id in common.

    Bad:
        ```yaml
        parties:
          - {id: a, name: 委託先A, kind: contractor, clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training, locked_storage], contract: {title: A},
             tasks: [{id: delivery, label: 配達}]}
          - {id: b, name: 委託先B, kind: contractor, clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training], contract: {title: B},
             tasks: [{id: delivery, label: 配達}]}
        ```

    Good:
        ```yaml
        parties:
          - {id: a, name: 委託先A, kind: contractor, clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training, locked_storage], contract: {title: A},
             tasks: [{id: delivery, label: 配達}]}
          - {id: b, name: 委託先B, kind: contractor, clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training, locked_storage], contract: {title: B},
             tasks: [{id: delivery, label: 配達}]}
        ```

    Fix:
        Give the party the same safeguard, or note why it does not need it.
    """
    parties = contracting(ctx)
    for party in parties:
        tasks = {t.id for t in party.tasks}
        peers = [q for q in parties if q.id != party.id and q.kind == party.kind and q.serves == party.serves
                 and tasks & {t.id for t in q.tasks}]
        if not peers:
            continue
        common = set.intersection(*(own_codes(q) for q in peers))
        lacking = sorted(common - set(ctx.party_safeguards(party.id)))
        if lacking:
            yield self.finding(
                ctx, line=party.line, party=party.id,
                message=f"{party.name}には、同種の業務を行う{'・'.join(q.name for q in peers)}にある対策がない: {'、'.join(SAFEGUARDS[c].label for c in lacking)}。",
                fix="同じ対策を記載するか、不要な理由を記録して accepted に残す。",
            )


@rule("FM408", "external-link-without-basis", Severity.HIGH, "新宿区個人情報保護条例 第17条(法令等に基づく外部との結合)")
def external_basis(self: Rule, ctx: Context) -> Iterator[Finding]:
    """An external link exchanges personal data with no legal basis stated.

    Why:
        An online link to an outside organisation is allowed only on a legal basis (法令等に基づく
        外部結合). Without one stated, the council cannot approve it.

    Bad:
        ```yaml
        parties:
          - {id: nation, name: 国, kind: external}
        steps:
          - {no: "③", label: 対象者情報の登録, kind: external_link, from: ward, to: nation,
             items: [氏名, 住所], medium: l2wan, transport: network}
        ```

    Good:
        ```yaml
        parties:
          - {id: nation, name: 国, kind: external, legal_basis: 予防接種法・手引き(地方自治法第245条の9の処理基準)}
        steps:
          - {no: "③", label: 対象者情報の登録, kind: external_link, from: ward, to: nation,
             items: [氏名, 住所], medium: l2wan, transport: network}
        ```

    Fix:
        State the law or standard the link rests on (`legal_basis` on the external party or step).
    """
    for step in ctx.steps:
        ends = [ctx.owner(step.source), ctx.owner(step.target)]
        external = [p for p in ends if ctx.parties[p].kind == PartyKind.EXTERNAL]
        if not step.item_ids or not (external or step.kind == StepKind.EXTERNAL_LINK):
            continue
        if step.legal_basis or any(ctx.parties[p].legal_basis for p in external):
            continue
        party = external[0] if external else ends[1]
        yield self.finding(
            ctx, line=step.line, step=step.no, party=party, items=step.item_ids,
            message=f"手順{step.no}「{step.label}」の外部結合に法令等の根拠が記載されていない。",
            fix="結合の根拠となる法令・処理基準を legal_basis に記載する。",
        )


@rule("FM409", "abroad-or-cloud", Severity.HIGH, "チェックリスト システム上の対策 11; 個人情報保護委員会 FAQ(外的環境の把握)")
def abroad(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A contractor works abroad, or in a cloud, without the domestic-law safeguard.

    Why:
        Data processed abroad falls under foreign law; the checklist (システム上の対策 11) asks
        for servers under Japanese law. A cloud whose country is not confirmed is rated medium.

    Bad:
        ```yaml
        parties:
          - {id: cloud, name: 予約システム, kind: system, within: contractor, location: {site: cloud, country: unknown}}
        ```

    Good:
        ```yaml
        parties:
          - {id: cloud, name: 予約システム, kind: system, within: contractor, location: {site: cloud, country: japan},
             safeguards: [domestic_law_server]}
        ```

    Fix:
        Keep the data in Japan under Japanese law and record `domestic_law_server`.
    """
    for party in ctx.flow.parties:
        if ctx.kind(party.id) not in CONTRACTING:
            continue
        location = party.location
        if location.country != Country.ABROAD and location.site != Site.CLOUD:
            continue
        if "domestic_law_server" in ctx.party_safeguards(party.id):
            continue
        abroad_ = location.country == Country.ABROAD
        yield self.finding(
            ctx, line=party.line, party=party.id, severity=None if abroad_ else Severity.MEDIUM,
            message=f"「{party.name}」は" + ("国外で" if abroad_ else "クラウドで") + "個人情報を扱うが、国内法が適用されるサーバ環境の記載がない。",
            fix="日本国内の法が適用される環境で扱うこととし、safeguards に domestic_law_server を記載する。",
        )


@rule("FM410", "work-location-unspecified", Severity.INFO, "特記事項 持出しの禁止(甲が指定した場所); " + SG)
def location_unknown(self: Rule, ctx: Context) -> Iterator[Finding]:
    """Where a contractor handles the data is not stated.

    Why:
        The no-take-out clause refers to a place the ward names; without it, neither that clause
        nor the foreign-law question can be checked. Reported as 不明.

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, clauses: shinjuku-2023-31,
             safeguards: [handlers_designated, training], contract: {title: 例の委託},
             declared: {items: [氏名, 住所]}, tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
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
        State `location: {site: ..., country: ...}` for the party.
    """
    for party in contracting(ctx):
        if party.location.site == Site.UNKNOWN and handles_data(ctx, party.id):
            yield self.finding(
                ctx, line=party.line, party=party.id, unknown=True,
                message=f"{party.name}が個人情報を扱う場所(自社拠点・区の庁舎内・クラウド等)が記載されていない。",
                fix="作業場所を location.site と location.country に記載する。",
            )


def allowed_recipients(ctx: Context, owner: str) -> set[str]:
    """Its own systems, its sub-contractors (any tier), and for a sub-contractor its principals."""
    allowed = ctx.members(owner)
    parties = ctx.flow.parties
    frontier = {owner}
    while frontier:
        below = {p.id for p in parties if p.serves in frontier and p.id not in allowed}
        allowed |= below
        frontier = below
    up = ctx.parties[owner].serves
    while up and up in ctx.parties and up not in allowed:
        allowed.add(up)
        up = ctx.parties[up].serves
    return allowed


@rule("FM411", "third-party-recipient", Severity.HIGH, "特記事項 目的外利用及び第三者への提供等の禁止(31項 第8項・21項 第7項)")
def third_party(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A contractor passes data to someone other than the ward, the subjects or its own
    sub-contractors.

    Why:
        The clause sets forbid a contractor to provide data to a third party. A step from a
        contractor to any other party (another contractor, a company outside the contract) is
        such a provision unless it is a legally based external link.

    Bad:
        ```yaml
        parties:
          - {id: other, name: 別会社, kind: contractor, clauses: shinjuku-2023-31,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 別契約}, tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
        steps:
          - {no: "③", label: 名簿の共有, kind: provide, from: contractor, to: other, items: [氏名, 住所],
             medium: usb, transport: hand_delivery, safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "③", label: 配達状況の報告, kind: report, from: contractor, to: ward, items: [氏名, 住所],
             medium: usb, transport: hand_delivery, safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        Route the data through the ward, or make the recipient an approved sub-contractor.
    """
    for step in ctx.steps:
        src, dst = ctx.owner(step.source), ctx.owner(step.target)
        if not step.item_ids or src == dst or ctx.kind(src) not in CONTRACTING:
            continue
        kind = ctx.kind(dst)
        if kind in (PartyKind.WARD, PartyKind.WARD_DEPARTMENT, PartyKind.SUBJECTS) or dst in allowed_recipients(ctx, src):
            continue
        if kind == PartyKind.EXTERNAL and (step.legal_basis or ctx.parties[dst].legal_basis):
            continue
        ref = ctx.clause(src, Obligation.NO_THIRD_PARTY)
        yield self.finding(
            ctx, line=step.line, step=step.no, party=src, items=step.item_ids,
            basis=f"特記事項 {ref.text}" if ref else self.basis,
            message=f"手順{step.no}で{ctx.parties[src].name}が区・本人・承諾された再委託先以外の「{ctx.parties[dst].name}」に個人情報を渡す。",
            fix="区を経由させるか、相手を承諾を得た再委託先として位置づける。",
        )


@rule("FM412", "handlers-or-training-missing", Severity.MEDIUM, "特記事項 取扱者の指定・従事者の教育(31項 第22・26項); チェックリスト 運用上の対策 3")
def baseline(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A contractor handling personal data has no designated handlers or no staff training, in the
    flow or in its clause set.

    Why:
        Named handlers (取扱責任者・取扱者) and training are the baseline of every clause set and
        checklist. When no clause set is named but one is said to be attached, the finding is 不明.

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor,
             location: {site: own_site, country: japan}, safeguards: [clauses_attached],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]},
             tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
        ```

    Good:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor,
             location: {site: own_site, country: japan},
             safeguards: [clauses_attached, handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]},
             tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
        ```

    Fix:
        Record `handlers_designated` and `training` (or name the clause set that imposes them).
    """
    duties = (("handlers_designated", Obligation.HANDLER_DESIGNATION), ("training", Obligation.TRAINING))
    for party in contracting(ctx):
        if not handles_data(ctx, party.id):
            continue
        found = ctx.party_safeguards(party.id)
        missing = [code for code, obligation in duties if code not in found and not ctx.clause(party.id, obligation)]
        if missing:
            unknown = ctx.clauses_unknown(party.id)
            yield self.finding(
                ctx, line=party.line, party=party.id, unknown=unknown, severity=Severity.INFO if unknown else None,
                message=f"{party.name}について次の記載がない: {'、'.join(SAFEGUARDS[c].label for c in missing)}"
                + ("(付す特記事項が特定できず、そこで定められているか確認できない)。" if unknown else "。"),
                fix="取扱責任者・取扱者の指定と従事者研修を対策に記載するか、それを定める特記事項を clauses に記載する。",
            )
