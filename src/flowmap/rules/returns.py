"""FM3xx — return paths: every contractor and sub-contractor that ends up holding personal data
must return or erase it, with proof. Not asked of the subjects, carriers, or a legally based
external link."""

from __future__ import annotations

from typing import Iterator

from flowmap.clauses import Obligation
from flowmap.findings import Finding, Severity
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import ENDING, Context
from flowmap.vocabulary import EraseMethod, Medium, PartyKind, Proof, StepKind

HOW = {"received": "受領", "collected": "本人から取得", "created": "作成", "unexplained": "経路不明"}
RETURN_BASIS = "特記事項 資料等の返還等(31項 第20・21項、21項 第11・12項); チェックリスト 運用上の対策 9"


def holders(ctx: Context) -> list[str]:
    return [p.id for p in ctx.flow.parties if p.kind in (PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR)]


def imposed_by(ctx: Context, owner: str) -> str:
    """Where return/erasure is required other than in the diagram: the clause, or a safeguard."""
    ref = ctx.clause(owner, Obligation.RETURN, Obligation.ERASE)
    if ref:
        return f"特記事項 {ref.text}"
    found = ctx.has(ctx.party_safeguards(owner), "return_and_erase")
    return found[1] if found else ""


def how_list(ctx: Context, owner: str, items: list[str]) -> str:
    ever = ctx.holdings.ever[owner]
    return "、".join(f"{ctx.label(i)}({HOW[ever[i].how]})" for i in items)


@rule("FM301", "no-return-path", Severity.HIGH, RETURN_BASIS)
def no_return(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A contractor or sub-contractor ends up holding personal data and never returns or erases it.

    Why:
        Data left with a contractor after the work ends is data nobody controls. Every party
        outside the ward that holds personal data — received, collected from residents or created
        (call-centre records count) — needs a step that returns it or erases it with proof. When
        only its clause set (or a safeguard line) requires it and the diagram shows nothing, the
        finding is lower and says that it rests on the clause alone.

    Bad:
        ```yaml
        steps:
          - {no: "⑨", label: 作業メモ, kind: process, at: contractor, medium: paper, transport: in_place}
          - {no: "⑩", label: 控えの廃棄, kind: process, at: contractor, medium: paper, transport: in_place}
        parties:
          - {id: contractor, name: 委託先, kind: contractor,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]},
             tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "⑨", label: 返却, kind: return, from: contractor, to: ward, items: [氏名, 住所],
             medium: usb, transport: hand_delivery, proof: receipt,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        Draw the return (返却) or erasure (消去) step with its proof (確認書, 消去証明書・報告書)
        covering every item the party holds at the end.
    """
    h = ctx.holdings
    for owner in holders(ctx):
        left = list(h.held[owner])
        if not left or h.ended[owner]:
            continue
        party = ctx.parties[owner]
        imposed = imposed_by(ctx, owner)
        yield self.finding(
            ctx, line=party.line, party=owner, items=left,
            severity=Severity.LOW if imposed else None, basis=imposed or self.basis,
            message=f"{party.name}が保有する個人情報を返却・消去する手順が図にない: {how_list(ctx, owner, left)}。"
            + (f"返却・消去は{imposed}に拠るのみ。" if imposed else "特記事項等でも返却・消去が定められていない。"),
            fix="業務終了後の返却(確認書)または消去(消去証明書・報告書)の手順を図に加え、全ての保有項目を対象にする。",
        )


@rule("FM302", "return-misses-items", Severity.MEDIUM, RETURN_BASIS)
def partial_return(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A return or erasure covers some of the party's items but not all (often those it collected
    or created itself).

    Why:
        A return of "the data we gave you" leaves behind what the contractor collected from
        residents or created (call logs, booking records, tallies). The clause sets cover
        提供・取得・作成 alike; the diagram should too. When the clause set covers them the finding
        is lower and says so.

    Bad:
        ```yaml
        items:
          - {id: phone, label: 電話番号, category: contact}
        steps:
          - {no: "③", label: 問い合わせ, kind: collect, from: residents, to: contractor,
             items: [電話番号], medium: phone, transport: phone, safeguards: [purpose_statement]}
        ```

    Good:
        ```yaml
        items:
          - {id: phone, label: 電話番号, category: contact}
        steps:
          - {no: "③", label: 問い合わせ, kind: collect, from: residents, to: contractor,
             items: [電話番号], medium: phone, transport: phone, safeguards: [purpose_statement]}
          - {no: "⑨", label: 返却, kind: return, from: contractor, to: ward, items: [氏名, 住所, 電話番号],
             medium: usb, transport: hand_delivery, proof: receipt,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        Add the missing items to the return or erasure step.
    """
    h = ctx.holdings
    for owner in holders(ctx):
        left = list(h.held[owner])
        if not left or not h.ended[owner]:
            continue
        party = ctx.parties[owner]
        own = [i for i in left if h.ever[owner][i].how in ("collected", "created")]
        ref = ctx.clause(owner, Obligation.RETURN, Obligation.ERASE)
        yield self.finding(
            ctx, line=party.line, party=owner, items=left,
            severity=Severity.LOW if ref else None, basis=f"特記事項 {ref.text}" if ref else self.basis,
            message=f"{party.name}の返却・消去の手順が次の項目を含まない: {how_list(ctx, owner, left)}。"
            + ("自ら取得・作成した項目が残る。" if own else "")
            + (f"返却は特記事項 {ref.text} に拠るのみ。" if ref else ""),
            fix="返却・消去の手順の items に残る項目を加える(取得・作成した記録も含める)。",
        )


@rule("FM303", "system-data-not-erased", Severity.MEDIUM, "特記事項 資料等の返還等(電子計算機上の個人情報の消去); チェックリスト 運用上の対策 9")
def system_not_erased(self: Rule, ctx: Context) -> Iterator[Finding]:
    """Data processed on a contractor's PC or system is returned on a medium but never erased there.

    Why:
        Returning the USB stick does not remove the copies on the contractor's PC. The clause sets
        require data on the contractor's computers to be erased; the diagram should show it. When a
        safeguard or the clause set covers it, the finding is lower and says where.

    Bad:
        ```yaml
        parties:
          - {id: contractor-pc, name: 委託先パソコン, kind: system, within: contractor}
        steps:
          - {no: "③", label: 宛名印字, kind: process, at: contractor-pc, items: [氏名, 住所],
             medium: pc, transport: in_place}
        ```

    Good:
        ```yaml
        parties:
          - {id: contractor-pc, name: 委託先パソコン, kind: system, within: contractor}
        steps:
          - {no: "③", label: 宛名印字, kind: process, at: contractor-pc, items: [氏名, 住所],
             medium: pc, transport: in_place}
          - {no: "⑩", label: パソコンのデータ消去, kind: erase, at: contractor-pc, items: [氏名, 住所],
             medium: pc, transport: in_place, proof: certificate, method: overwrite}
        ```

    Fix:
        Add an erase step at the PC or system (with 消去証明書), or accept with the reason.
    """
    for owner in holders(ctx):
        systems = ctx.members(owner)
        used = [s for s in ctx.steps if s.at in systems and s.medium in (Medium.PC, Medium.SYSTEM)
                and s.item_ids and s.kind not in ENDING and ctx.parties[s.at].kind == PartyKind.SYSTEM]
        erased = any(s.kind == StepKind.ERASE and ctx.owner(s.source) == owner for s in ctx.steps)
        if not used or erased:
            continue
        party = ctx.parties[owner]
        items = list(dict.fromkeys(i for s in used for i in s.item_ids))
        found = ctx.has(ctx.party_safeguards(owner), "return_and_erase")
        ref = ctx.clause(owner, Obligation.ERASE)
        lower = found or ref
        where = found[1] if found else (f"特記事項 {ref.text}" if ref else "")
        yield self.finding(
            ctx, line=used[0].line, step=used[0].no, party=owner, items=items,
            severity=Severity.LOW if lower else None, basis=where or self.basis,
            message=f"{party.name}のパソコン・システム上の個人情報({'、'.join(s.no for s in used)}で使用)を消去する手順が図にない。"
            + (f"消去は{where}に拠るのみ。" if where else ""),
            fix="委託先のパソコン・システム上のデータを消去する手順(消去証明書・報告書付き)を図に加える。",
        )


@rule("FM304", "erasure-without-proof", Severity.MEDIUM, "特記事項 消去証明書(31項 第21項・21項 第12項); 中野区 消去仕様")
def erasure_without_proof(self: Rule, ctx: Context) -> Iterator[Finding]:
    """An erasure step has no proof (消去証明書 or report).

    Why:
        An erasure nobody certifies cannot be checked. The clause sets require a certificate
        (証明書) and the checklist a report (報告書). If the clause set requires it the finding is
        lower and cites the clause.

    Bad:
        ```yaml
        steps:
          - {no: "⑩", label: データ消去, kind: erase, at: contractor, items: [氏名, 住所],
             medium: usb, transport: in_place, method: overwrite}
        ```

    Good:
        ```yaml
        steps:
          - {no: "⑩", label: データ消去, kind: erase, at: contractor, items: [氏名, 住所],
             medium: usb, transport: in_place, method: overwrite, proof: certificate}
        ```

    Fix:
        Require a 消去証明書 or 消去報告書 and record `proof: certificate` (or `report`).
    """
    for step in ctx.steps:
        owner = ctx.owner(step.source)
        if step.kind != StepKind.ERASE or ctx.kind(owner) not in (PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR):
            continue
        if step.proof in (Proof.CERTIFICATE, Proof.REPORT, Proof.WITNESSED):
            continue
        if step.method == EraseMethod.AUTO:
            continue  # device deletes after sending; nothing to certify per batch
        ref = ctx.clause(owner, Obligation.ERASURE_CERTIFICATE)
        yield self.finding(
            ctx, line=step.line, step=step.no, party=owner, items=step.item_ids,
            severity=Severity.LOW if ref else None, basis=f"特記事項 {ref.text}" if ref else self.basis,
            message=f"手順{step.no}「{step.label}」の消去に証明書・報告書の記載がない。"
            + (f"証明書の提出は特記事項 {ref.text} に拠るのみ。" if ref else ""),
            fix="消去証明書または消去報告書の提出を定め、proof に certificate か report を記載する。",
        )


@rule("FM305", "erase-method-unstated", Severity.LOW, "中野区 外部委託 消去仕様(上書き・磁気消去・物理破壊)")
def erase_method(self: Rule, ctx: Context) -> Iterator[Finding]:
    """An erasure on a reusable electronic medium does not say how the data is erased.

    Why:
        Deleting files leaves them recoverable; media that are reused need overwriting, degaussing
        or physical destruction.

    Bad:
        ```yaml
        steps:
          - {no: "⑩", label: データ消去, kind: erase, at: contractor, items: [氏名, 住所],
             medium: usb, transport: in_place, proof: certificate}
        ```

    Good:
        ```yaml
        steps:
          - {no: "⑩", label: データ消去, kind: erase, at: contractor, items: [氏名, 住所],
             medium: usb, transport: in_place, proof: certificate, method: overwrite}
        ```

    Fix:
        State the method (`overwrite`, `degauss`, `destroy`).
    """
    reusable = {Medium.USB, Medium.HDD, Medium.PC, Medium.SYSTEM, Medium.FILE}
    for step in ctx.steps:
        if step.kind != StepKind.ERASE or step.medium not in reusable:
            continue
        if step.method in (EraseMethod.OVERWRITE, EraseMethod.DEGAUSS, EraseMethod.DESTROY, EraseMethod.AUTO):
            continue
        owner = ctx.owner(step.source)
        yield self.finding(
            ctx, line=step.line, step=step.no, party=owner, items=step.item_ids,
            message=f"手順{step.no}「{step.label}」の消去方法(上書き・磁気消去・物理破壊)が記載されていない。",
            fix="消去方法を定め、method に overwrite・degauss・destroy のいずれかを記載する。",
        )


@rule("FM306", "retention-between-batches", Severity.INFO, "PIA(特定個人情報保護評価) 保管・消去")
def retention(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A contractor receives repeated batches and keeps data between them with no stated retention.

    Why:
        Monthly updates (②') mean the contractor keeps a growing list for months. The model has
        no retention period, so this says 不明 and asks for one.

    Bad:
        ```yaml
        steps:
          - {no: "②'", label: 月次の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: usb, transport: hand_delivery, frequency: monthly,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 対象者情報の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: usb, transport: hand_delivery, frequency: once,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        State how long each batch is kept and when superseded lists are returned or erased.
    """
    from flowmap.vocabulary import Frequency

    for owner in holders(ctx):
        repeated = [s for s in ctx.steps_to(owner) if s.item_ids and s.kind == StepKind.PROVIDE
                    and (s.frequency not in (Frequency.ONCE, Frequency.UNKNOWN) or any(n.primes for n in s.numbers))]
        if repeated:
            first = repeated[0]
            yield self.finding(
                ctx, line=first.line, step=first.no, party=owner, items=first.item_ids, unknown=True,
                message=f"{ctx.parties[owner].name}は{'・'.join(s.no for s in repeated)}で繰り返し提供を受けるが、各回のデータの保存期間・差し替え時の返却が記載されていない。",
                fix="各回のデータの保存期間と、差し替え時の返却・消去を定めて記載する。",
            )
