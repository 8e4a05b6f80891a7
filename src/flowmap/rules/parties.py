"""FM4xx — parties and contracts: sub-contracting, clause sets, where the work happens, and who a
contractor may pass data to."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterator

from flowmap.flow.clauses import Obligation
from flowmap.rules.findings import Finding, Severity
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import Context
from flowmap.flow.model import FreeSafeguard
from flowmap.flow.vocabulary import SAFEGUARDS, Approval, Country, Medium, PartyKind, Site, StepKind

SG = "杉並区 特記ガイドライン"
PCC = "個人情報保護委員会 委託先の監督"
CONTRACTING = (PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR)


def contracting(ctx: Context, *kinds: PartyKind) -> list:
    return [p for p in ctx.flow.parties if p.kind in (kinds or CONTRACTING)]


def handles_data(ctx: Context, party_id: str) -> bool:
    return bool(ctx.holdings.seen.get(party_id))


@rule("FM401", "subcontract-without-approval", Severity.HIGH, "特記事項 再委託等の禁止(31項 第11・12項); " + PCC)
def subcontract_approval(self: Rule, ctx: Context) -> Iterator[Finding]:
    """再委託先が事前の承諾なしに個人情報を扱う、または特記事項が再委託を一切禁じている。

    Why:
        再委託には区の事前承諾が必要である(31項の特記事項 第11・12項)。古い21項の特記事項は再委託を一
        切禁じている。承諾のない再委託先は契約の外での漏えいになる。本件で承諾を求めている場合(`approva
        l: requested`)は対象としない。

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
        区の事前承諾を記録する(`approval: approved`)か、付議資料で承諾を求める。
    """
    for party in contracting(ctx, PartyKind.SUBCONTRACTOR):
        principal = party.serves or ""
        banned = ctx.clause(principal, Obligation.SUBCONTRACT_BANNED) if principal in ctx.parties else None
        consent = ctx.clause(principal, Obligation.SUBCONTRACT_BY_CONSENT) if principal in ctx.parties else None
        if banned and not consent:
            yield self.finding(
                ctx, line=party.line, party=party.id, basis=banned.text, subject=f"{party.id}|banned",
                message=f"{ctx.parties[principal].name}の{banned.text}は再委託を一切禁じているが、{party.name}に再委託している。",
                fix="再委託を認める特記事項(承諾制)に改めて承諾を得るか、再委託をやめる。",
            )
        if party.approval in (Approval.APPROVED, Approval.REQUESTED):
            continue
        unknown = party.approval in (None, Approval.UNKNOWN)
        yield self.finding(
            ctx, line=party.line, party=party.id, question=unknown,
            severity=Severity.MEDIUM if unknown else None,
            basis=consent.text if consent else self.cited(ctx),
            message=f"再委託先「{party.name}」について{ctx.words.body}の事前承諾が" + ("記録されていない。" if unknown else "ない。"),
            fix="再委託の事前承諾を得て approval: approved と記載する(本件で承諾を求めるなら requested)。",
        )


@rule("FM402", "subcontractor-without-clauses", Severity.MEDIUM, "特記事項 再委託先への義務の継承(31項 第13・16項); 別紙3(丙の特記事項)")
def flow_down(self: Rule, ctx: Context) -> Iterator[Finding]:
    """再委託先を拘束する特記事項がなく、義務が引き継がれていない。

    Why:
        委託先は再委託先に同じ義務を守らせ、再委託契約に明記しなければならない。seed 004
        は再委託先用の特記事項(丙)を別に付している。委託元の特記事項が引継ぎを定めているときは、どの特記事項で
        拘束するかを尋ねる確認事項とし、定めていないときは指摘とする。

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
        再委託先を拘束する特記事項(丙の特記事項など)を `clauses` に記載する。
    """
    for party in contracting(ctx, PartyKind.SUBCONTRACTOR):
        if party.clauses:
            continue
        principal = party.serves or ""
        ref = ctx.clause(principal, Obligation.SUBCONTRACT_FLOW_DOWN) if principal in ctx.parties else None
        yield self.finding(
            ctx, line=party.line, party=party.id, basis=ref.text if ref else self.cited(ctx), question=bool(ref),
            message=f"再委託先「{party.name}」を拘束する特記事項が記載されていない"
            + (f"({ref.text} は義務の引継ぎを求めるが、どの特記事項で拘束するかが分からない)。" if ref
               else "(委託元の特記事項も義務の引継ぎを定めていない)。"),
            fix="再委託先に付す特記事項(丙の特記事項など)を clauses に記載する。",
        )


@rule("FM403", "delegation-chain", Severity.MEDIUM, SG + "(再委託); " + PCC)
def chain(self: Rule, ctx: Context) -> Iterator[Finding]:
    """委託の連鎖が一段階を超える(再委託先がさらに委託する)。

    Why:
        段階が増えるほど区の監督は弱まる。指針は各段階の明示・承諾・拘束を求め、古い特記事項は丙の再委託そのもの
        を禁じている。

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
        二段目を避けるか、各段階を明示して承諾を得、特記事項で拘束し、理由を示す。
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
    """当事者の特記事項が例外なく禁じる複写を、業務として行わせる。

    Why:
        古い21項の特記事項は複写を一切禁じている(承諾による例外がない)のに、seed 002 の契約は本人確
        認書類の複写を委託している。契約と特記事項が矛盾しており、どちらかを改める必要がある。複写は区自身が指示
        するものなので重要度は中とする。新しい特記事項は承諾による複写を認めるため対象としない。

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
        特記事項に区の指示・承諾による例外を設けるか、複写を伴う業務を見直す。
    """
    for party in contracting(ctx):
        ref = ctx.clause(party.id, Obligation.NO_COPYING)
        if ref is None:
            continue
        for task in party.tasks:
            if task.copies_documents:
                yield self.finding(
                    ctx, line=task.line, party=party.id, items=task.needed_items,
                    basis=ref.text, subject=f"{party.id}|{task.id}",
                    message=f"{party.name}の業務「{task.label}」は複写を伴うが、{ref.text} は例外なく複写を禁じている。",
                    fix=f"特記事項に{ctx.words.body}の指示・承諾による例外を設けるか、複写を伴う業務を見直す。",
                )


@rule("FM405", "weaker-clause-set", Severity.MEDIUM, "新宿区 特記事項(31項)を標準として; " + SG)
def weaker_clauses(self: Rule, ctx: Context) -> Iterator[Finding]:
    """当事者の特記事項に、区の標準にある義務(消去証明書・取扱者の指定・年1回の確認・事故報告・研修)がない。

    Why:
        弱い特記事項(医療機関向けの国の注意事項など)で拘束される委託先は、区に対する義務が少ない:
        消去証明書も取扱者の指定も年1回の確認もない。その差を把握し、他の対策で補うべきである。

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
        区の標準の特記事項を付すか、欠ける義務を補う対策を記載して承認する。
    """
    for party in contracting(ctx):
        clause_set = ctx.clause_set(party.id)
        if clause_set is None:
            continue
        lacking = [o for o in ctx.profile.standard_duties.obligations if o not in clause_set.obligations]
        if lacking:
            yield self.finding(
                ctx, line=party.line, party=party.id, basis=f"{clause_set.title}; {self.cited(ctx)}",
                message=f"{party.name}の特記事項「{clause_set.title}」には{ctx.words.body}の標準にある次の義務がない: {'、'.join(o.label for o in lacking)}。",
                fix=f"{ctx.words.body}の標準の特記事項を付すか、欠ける義務を補う対策を定めて記載する。",
            )


@rule("FM406", "no-clauses-attached", Severity.HIGH, "チェックリスト 運用上の対策 1; 特記事項")
def no_clauses(self: Rule, ctx: Context) -> Iterator[Finding]:
    """委託先に特記事項が付されていない、または付す特記事項が特定されていない。

    Why:
        返却・消去・監査・再委託の義務は特記事項から生じる。付すこと(チェックリスト
        1)は書かれていても、どの特記事項かが分からないときは「不明」とする。

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
        付す特記事項を `clauses` に記載する。
    """
    for party in contracting(ctx, PartyKind.CONTRACTOR):
        if party.clauses or not handles_data(ctx, party.id):
            continue
        unknown = ctx.clauses_unknown(party.id)
        yield self.finding(
            ctx, line=party.line, party=party.id, question=unknown, severity=Severity.INFO if unknown else None,
            message=f"{party.name}に付す特記事項が" + ("特定されていない(付すことはチェックリスト等に記載あり)。" if unknown else "記載されていない。"),
            fix="付す特記事項を clauses に記載する。",
        )


MAX_PEERS_NAMED = 10  # a finding names this many peers, then counts the rest


def own_codes(party) -> set[str]:
    return {s for s in party.safeguards if not isinstance(s, FreeSafeguard)}


# what a party must handle for a safeguard to matter to it (any of these); a code not listed
# (handlers, training, incident procedures, entry control …) matters to every party with data
SAFEGUARD_NEEDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("locked_storage", "locked_bag", "ledger", "face_to_face_handover", "tracked_delivery",
                     "sealed"), frozenset({"paper", "media"})),
    **dict.fromkeys(("encrypt_data", "encrypted_medium", "password_separate"), frozenset({"media"})),
    "print_log": frozenset({"paper"}),
    **dict.fromkeys(("closed_network", "network_device_control", "encrypted_communication", "dedicated_device"),
                    frozenset({"network"})),
    **dict.fromkeys(("antivirus", "authentication", "access_control", "monitoring_logs", "internet_separated",
                     "perimeter_defence", "redundancy_backup", "user_management", "domestic_law_server"),
                    frozenset({"pc", "system", "network"})),
    **dict.fromkeys(("server_only_storage", "separate_database"), frozenset({"system"})),
    **dict.fromkeys(("auto_delete_after_send", "loss_theft_measures"), frozenset({"device"})),
}
HANDLING = {
    Medium.PAPER: "paper", Medium.MAIL_ITEM: "paper", Medium.USB: "media", Medium.DVD_R: "media",
    Medium.CD_R: "media", Medium.HDD: "media", Medium.FILE: "media", Medium.PC: "pc", Medium.SYSTEM: "system",
    Medium.TABLET: "device", Medium.L2WAN: "network", Medium.LGWAN: "network",
    Medium.DEDICATED_LINE: "network", Medium.INTERNET: "network", Medium.PHONE: "phone",
}


def handling(ctx: Context, owner: str) -> set[str]:
    """What kinds of thing a party handles personal data on: paper, media, pc, system, network …"""
    kinds = {HANDLING[s.medium] for s in (*ctx.steps_from(owner), *ctx.steps_to(owner))
             if s.item_ids and s.medium in HANDLING}
    for member in ctx.members(owner) - {owner}:
        kinds.add("device" if ctx.parties[member].kind == PartyKind.DEVICE else "system")
    return kinds


def peer_groups(party) -> list[tuple]:
    """The groups a party is compared within: sub-contractors of one contractor; contractors
    (or sub-contractors) sharing a task id."""
    if party.serves is not None:
        return [(party.kind, party.serves, None)]
    return [(party.kind, None, task) for task in sorted({t.id for t in party.tasks})]


@rule("FM407", "sibling-lacks-safeguard", Severity.LOW, "同種業務の委託先間の対策の整合")
def sibling_gap(self: Rule, ctx: Context) -> Iterator[Finding]:
    """同じ委託先のもとの再委託先(または同じ業務を行う委託先)のうち、一者だけが、自らの扱うものに関わる対策を他者が持つのに欠く。

    Why:
        同じ委託先のもとで働く再委託先は、同じ水準を満たすべきである。一方にあって他方にない対策は、多くの場合付
        議資料の書き漏らしである。ただし比べるのは、その当事者が実際に扱うもの(紙・記録媒体・パソコン・システム・
        回線・電話)に関わる対策だけである: 印刷しないコールセンターに印刷ログを、記録媒体を受け取らない者に媒体の
        暗号化を求めない。比べる相手は、同じ委託先に仕える再委託先と、業務(tasks)の id を共有する委託先。

    Bad:
        ```yaml
        parties:
          - {id: a, name: 委託先A, kind: contractor, clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training, locked_storage], contract: {title: A},
             tasks: [{id: delivery, label: 配達, needs: [氏名, 住所]}]}
          - {id: b, name: 委託先B, kind: contractor, clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training], contract: {title: B},
             tasks: [{id: delivery, label: 配達, needs: [氏名, 住所]}]}
        steps:
          - {no: "④", label: 名簿の提供, kind: provide, from: ward, to: b, items: [氏名, 住所], medium: paper,
             transport: hand_delivery, safeguards: [locked_bag, ledger]}
          - {no: "⑤", label: 名簿の返却, kind: return, from: b, to: ward, items: [氏名, 住所], medium: paper,
             transport: hand_delivery, proof: receipt, safeguards: [locked_bag, ledger]}
        ```

    Good:
        ```yaml
        parties:
          - {id: a, name: 委託先A, kind: contractor, clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training, locked_storage], contract: {title: A},
             tasks: [{id: delivery, label: 配達, needs: [氏名, 住所]}]}
          - {id: b, name: 委託先B, kind: contractor, clauses: shinjuku-2023-31, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training, locked_storage], contract: {title: B},
             tasks: [{id: delivery, label: 配達, needs: [氏名, 住所]}]}
        ```

    Fix:
        同じ対策を記載するか、不要な理由を記録して承認する。
    """
    # Linear in parties: a party's peers are the members of its groups (sub-contractors of one
    # contractor; contractors sharing a task id); a code counts when every other member of one
    # group holds it, found from a count per group instead of comparing every pair.
    parties = contracting(ctx)
    order = {p.id: n for n, p in enumerate(parties)}
    groups: dict[tuple, list] = defaultdict(list)
    for party in parties:
        for key in peer_groups(party):
            groups[key].append(party)
    counts = {key: Counter(c for q in members for c in own_codes(q))
              for key, members in groups.items() if len(members) > 1}
    for party in parties:
        keys = [k for k in peer_groups(party) if k in counts]
        if not keys or not handles_data(ctx, party.id):
            continue
        mine = own_codes(party)
        offered = {c for k in keys for c, n in counts[k].items() if n - (c in mine) == len(groups[k]) - 1}
        handled = handling(ctx, party.id)
        lacking = sorted(c for c in offered - set(ctx.party_safeguards(party.id))
                         if c not in SAFEGUARD_NEEDS or SAFEGUARD_NEEDS[c] & handled)
        if lacking:
            peers = sorted({q.id: q for k in keys for q in groups[k] if q.id != party.id}.values(), key=lambda q: order[q.id])
            named = "・".join(q.name for q in peers[:MAX_PEERS_NAMED]) + (
                f" ほか {len(peers) - MAX_PEERS_NAMED} 者" if len(peers) > MAX_PEERS_NAMED else "")
            yield self.finding(
                ctx, line=party.line, party=party.id,
                message=f"{party.name}には、同じく{named}にある次の対策がない(扱うものに関わるもののみ): {'、'.join(SAFEGUARDS[c].label for c in lacking)}。",
                fix="同じ対策を記載するか、不要な理由を記録して accepted に残す。",
            )


@rule("FM408", "external-link-without-basis", Severity.HIGH, "新宿区個人情報保護条例 第17条(法令等に基づく外部との結合)")
def external_basis(self: Rule, ctx: Context) -> Iterator[Finding]:
    """法令等の根拠が記載されていない外部結合で個人情報をやり取りする。

    Why:
        外部の機関のシステムとのオンライン結合は、法令等に基づく場合にしか認められない。根拠が書かれていなければ
        審議会は了承できない。

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
        結合の根拠となる法令・処理基準を外部結合先または手順の `legal_basis` に記載する。
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
            message=f"手順{step.no}「{step.label}」の{ctx.words.external_link}に法令等の根拠が記載されていない。",
            fix="結合の根拠となる法令・処理基準を legal_basis に記載する。",
        )


@rule("FM409", "abroad-or-cloud", Severity.HIGH, "チェックリスト システム上の対策 11; 個人情報保護委員会 FAQ(外的環境の把握)")
def abroad(self: Rule, ctx: Context) -> Iterator[Finding]:
    """委託先が国外で、または国内法の適用の記載がないクラウドで個人情報を扱う。

    Why:
        国外で処理されるデータには外国の法令が及ぶ。チェックリスト(システム上の対策
        11)は日本国内の法が適用されるサーバ環境を求めている。国が確認できないクラウドは中とする。`country:
        japan` のクラウドは国内法の環境とみなす。提供事業者・保存場所・準拠法を `cloud` に書いた当事者は
        FM610〜FM612 が判断する。

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
        日本国内の法が適用される環境でデータを扱うこととし、`domestic_law_server`
        と記載する。
    """
    for party in ctx.flow.parties:
        if ctx.kind(party.id) not in CONTRACTING:
            continue
        location = party.location
        if party.cloud is not None:
            continue  # a described cloud is judged by FM610–FM612
        if location.country != Country.ABROAD and location.site != Site.CLOUD:
            continue
        if location.country == Country.JAPAN:
            continue  # a cloud in Japan counts as the domestic-law environment
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
    """委託先が個人情報を扱う場所が記載されていない。

    Why:
        持出し禁止の条項は区が指定した場所を前提にしており、場所が分からなければその条項も国外の問題も確かめられ
        ない。「不明」として報告する。

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
        当事者の `location: {site: ..., country: ...}` を記載する。
    """
    for party in contracting(ctx):
        if party.location.site == Site.UNKNOWN and handles_data(ctx, party.id):
            yield self.finding(
                ctx, line=party.line, party=party.id, question=True,
                message=f"{party.name}が個人情報を扱う場所(自社拠点・{ctx.words.premises}内・クラウド等)が記載されていない。",
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
    """委託先が区・本人・自らの再委託先以外の者に個人情報を渡す。

    Why:
        特記事項は委託先による第三者提供を禁じている。委託先から他の当事者(別の委託先、契約外の会社)への手順は
        、法令に基づく外部結合でない限り第三者提供に当たる。

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
        区を経由させるか、相手を承諾を得た再委託先として位置づける。
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
            basis=ref.text if ref else self.cited(ctx),
            message=f"手順{step.no}で{ctx.parties[src].name}が{ctx.words.body}・本人・承諾された再委託先以外の「{ctx.parties[dst].name}」に個人情報を渡す。",
            fix=f"{ctx.words.body}を経由させるか、相手を承諾を得た再委託先として位置づける。",
        )


@rule("FM412", "handlers-or-training-missing", Severity.MEDIUM, "特記事項 取扱者の指定・従事者の教育(31項 第22・26項); チェックリスト 運用上の対策 3")
def baseline(self: Rule, ctx: Context) -> Iterator[Finding]:
    """個人情報を扱う委託先について、取扱者の指定または従事者の研修がフローにも特記事項にもない。

    Why:
        取扱責任者・取扱者の指定と研修は、どの特記事項とチェックリストにもある基本である。特記事項が特定されてい
        ないが付すとされているときは「不明」とする。

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
        `handlers_designated` と `training`
        を記載するか、それを定める特記事項を `clauses` に記載する。
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
                ctx, line=party.line, party=party.id, question=unknown, severity=Severity.INFO if unknown else None,
                message=f"{party.name}について次の記載がない: {'、'.join(SAFEGUARDS[c].label for c in missing)}"
                + ("(付す特記事項が特定できず、そこで定められているか確認できない)。" if unknown else "。"),
                fix="取扱責任者・取扱者の指定と従事者研修を対策に記載するか、それを定める特記事項を clauses に記載する。",
            )
