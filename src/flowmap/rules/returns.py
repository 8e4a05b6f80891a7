"""FM3xx — return paths: every contractor and sub-contractor that ends up holding personal data
must return or erase it, with proof. Not asked of the subjects, carriers, or a legally based
external link."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from flowmap.flow.clauses import Obligation
from flowmap.rules.findings import Finding, Severity
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import ENDING, Context
from flowmap.flow.vocabulary import EraseMethod, Medium, PartyKind, Proof, StepKind

HOW = {"received": "受領", "collected": "本人から取得", "created": "作成", "unexplained": "経路不明"}
RETURN_BASIS = "特記事項 資料等の返還等(31項 第20・21項、21項 第11・12項); チェックリスト 運用上の対策 9"


def holders(ctx: Context) -> list[str]:
    return [p.id for p in ctx.flow.parties if p.kind in (PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR)]


def imposed_by(ctx: Context, owner: str) -> str:
    """Where return/erasure is required other than in the diagram: the clause, or a safeguard."""
    ref = ctx.clause(owner, Obligation.RETURN, Obligation.ERASE)
    if ref:
        return ref.text
    found = ctx.has(ctx.party_safeguards(owner), "return_and_erase")
    return found[1] if found else ""


def how_list(ctx: Context, owner: str, items: list[str]) -> str:
    ever = ctx.holdings.ever[owner]
    return "、".join(f"{ctx.label(i)}({HOW[ever[i].how]})" for i in items)


@rule("FM301", "no-return-path", Severity.HIGH, RETURN_BASIS)
def no_return(self: Rule, ctx: Context) -> Iterator[Finding]:
    """委託先・再委託先が個人情報を保有したまま、返却も消去もしない。

    Why:
        業務が終わっても委託先に残るデータは誰も管理していない。区の外で個人情報を保有する当事者(受領・本人から
        の取得・作成のいずれでも。コールセンターの記録も含む)には、返却または証明付きの消去の手順が必要である。
        特記事項(やチェックリストの対策)が定めるだけで図に何もないときは、指摘ではなく確認事項(低)とし、条項だ
        けに拠ることを述べる。

    Bad:
        ```yaml
        steps:
          - {no: "③", label: 発送作業, kind: process, at: contractor, items: [氏名, 住所],
             medium: paper, transport: in_place}
        ```

    Good:
        ```yaml
        steps:
          - {no: "③", label: 返却, kind: return, from: contractor, to: ward, items: [氏名, 住所],
             medium: usb, transport: hand_delivery, proof: receipt,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        返却(確認書)または消去(消去証明書・報告書)の手順を図に加え、最後に保有するすべての項目を対象にする。
    """
    h = ctx.holdings
    for owner in holders(ctx):
        left = list(h.held[owner])
        if not left or h.ended[owner]:
            continue
        party = ctx.parties[owner]
        imposed = imposed_by(ctx, owner)
        yield self.finding(
            ctx, line=party.line, party=owner, items=left, question=bool(imposed),
            severity=Severity.LOW if imposed else None, basis=imposed or self.cited(ctx),
            message=f"{party.name}が保有する個人情報を返却・消去する手順が図にない: {how_list(ctx, owner, left)}。"
            + (f"返却・消去は{imposed}に拠るのみ。" if imposed else "特記事項等でも返却・消去が定められていない。"),
            fix="業務終了後の返却(確認書)または消去(消去証明書・報告書)の手順を図に加え、全ての保有項目を対象にする。",
        )


@rule("FM302", "return-misses-items", Severity.MEDIUM, RETURN_BASIS)
def partial_return(self: Rule, ctx: Context) -> Iterator[Finding]:
    """返却・消去の手順が当事者の保有項目の一部しか含まない(多くは自ら取得・作成した項目)。

    Why:
        「渡したデータ」だけの返却では、委託先が区民から取得し、または作成したもの(通話記録・予約記録・集計)が
        残る。特記事項は提供・取得・作成を区別なく対象にしており、図もそうあるべきである。特記事項が対象にしてい
        るときは確認事項(低)とし、その旨を述べる。

    Bad:
        ```yaml
        items:
          - {id: phone, label: 電話番号, category: contact}
        steps:
          - {no: "③", label: 問い合わせ, kind: collect, from: residents, to: contractor,
             items: [電話番号], medium: phone, transport: phone, safeguards: [purpose_statement]}
          - {no: "④", label: 返却, kind: return, from: contractor, to: ward, items: [氏名, 住所],
             medium: usb, transport: hand_delivery, proof: receipt,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Good:
        ```yaml
        items:
          - {id: phone, label: 電話番号, category: contact}
        steps:
          - {no: "③", label: 問い合わせ, kind: collect, from: residents, to: contractor,
             items: [電話番号], medium: phone, transport: phone, safeguards: [purpose_statement]}
          - {no: "④", label: 返却, kind: return, from: contractor, to: ward, items: [氏名, 住所, 電話番号],
             medium: usb, transport: hand_delivery, proof: receipt,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        残る項目を返却・消去の手順に加える。
    """
    h = ctx.holdings
    for owner in holders(ctx):
        left = list(h.held[owner])
        if not left or not h.ended[owner]:
            continue
        party = ctx.parties[owner]
        own = [i for i in left if h.ever[owner][i].how in ("collected", "created")]
        imposed = imposed_by(ctx, owner)
        yield self.finding(
            ctx, line=party.line, party=owner, items=left, question=bool(imposed),
            severity=Severity.LOW if imposed else None, basis=imposed or self.cited(ctx),
            message=f"{party.name}の返却・消去の手順が次の項目を含まない: {how_list(ctx, owner, left)}。"
            + ("自ら取得・作成した項目が残る。" if own else "")
            + (f"これらの返却・消去は{imposed}に拠るのみ。" if imposed else ""),
            fix="返却・消去の手順の items に残る項目を加える(取得・作成した記録も含める)。",
        )


@rule("FM303", "system-data-not-erased", Severity.MEDIUM, "特記事項 資料等の返還等(電子計算機上の個人情報の消去); チェックリスト 運用上の対策 9")
def system_not_erased(self: Rule, ctx: Context) -> Iterator[Finding]:
    """委託先のパソコン・システムで処理したデータを、媒体で返却するだけで消去しない。

    Why:
        USBメモリを返しても委託先のパソコン上の複製は消えない。特記事項は委託先の電子計算機上のデータの消去を
        求めており、図にも示すべきである。付議資料の対策(受託事業者に行わせる対策の「返却及び消去」など)に書かれ
        ていれば報告しない。特記事項だけが定めているときは確認事項(低)とし、条項を示す。

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
        パソコン・システム上のデータを消去する手順(消去証明書付き)を加えるか、理由を付けて承認する。
    """
    used_by: dict[str, list] = defaultdict(list)  # owner → steps on its systems: one pass, not one per owner
    erased_by: set[str] = set()
    for s in ctx.steps:
        place = s.at or s.to or ""
        if (place in ctx.parties and ctx.parties[place].kind == PartyKind.SYSTEM
                and s.medium in (Medium.PC, Medium.SYSTEM) and s.item_ids and s.kind not in ENDING
                and not ctx.dummy_only(s)):
            used_by[ctx.owner(place)].append(s)
        if s.kind == StepKind.ERASE:
            erased_by.add(ctx.owner(s.source))
    for owner in holders(ctx):
        used = used_by.get(owner, [])
        erased = owner in erased_by
        if not used or erased:
            continue
        party = ctx.parties[owner]
        items = list(dict.fromkeys(i for s in used for i in s.item_ids))
        if ctx.has(ctx.party_safeguards(owner), "return_and_erase"):
            continue  # the submission states the contractor's return and erasure
        ref = ctx.clause(owner, Obligation.ERASE)
        where = ref.text if ref else ""
        yield self.finding(
            ctx, line=used[0].line, step=used[0].no, party=owner, items=items, question=bool(ref),
            severity=Severity.LOW if ref else None, basis=where or self.cited(ctx),
            message=f"{party.name}のパソコン・システム上の個人情報({'、'.join(s.no for s in used)}で使用)を消去する手順が図にない。"
            + (f"消去は{where}に拠るのみ。" if where else ""),
            fix="委託先のパソコン・システム上のデータを消去する手順(消去証明書・報告書付き)を図に加える。",
        )


@rule("FM304", "erasure-without-proof", Severity.MEDIUM, "特記事項 消去証明書(31項 第21項・21項 第12項); 中野区 消去仕様")
def erasure_without_proof(self: Rule, ctx: Context) -> Iterator[Finding]:
    """消去の手順に証明(消去証明書・報告書)がない。

    Why:
        誰も証明しない消去は確かめようがない。特記事項は証明書を、チェックリストは報告書を求めている。当事者の特
        記事項が証明書を義務付けているときは手順ごとに繰り返さない(フローが証明なしとして特記事項に反するときだけ報告
        する)。

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training, clauses_attached], contract: {title: 例の委託},
             declared: {items: [氏名, 住所]}, tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
        steps:
          - {no: "⑩", label: データ消去, kind: erase, at: contractor, items: [氏名, 住所],
             medium: usb, transport: in_place, method: overwrite}
        ```

    Good:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, location: {site: own_site, country: japan},
             safeguards: [handlers_designated, training, clauses_attached], contract: {title: 例の委託},
             declared: {items: [氏名, 住所]}, tasks: [{id: work, label: 発送作業, needs: [氏名, 住所]}]}
        steps:
          - {no: "⑩", label: データ消去, kind: erase, at: contractor, items: [氏名, 住所],
             medium: usb, transport: in_place, method: overwrite, proof: certificate}
        ```

    Fix:
        消去証明書または消去報告書の提出を定め、`proof: certificate`(または
        `report`)と記載する。
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
        if ref and step.proof != Proof.NONE:
            continue  # the party's clause set requires the certificate; the flow does not contradict it
        yield self.finding(
            ctx, line=step.line, step=step.no, party=owner, items=step.item_ids,
            basis=ref.text if ref else None,
            message=f"手順{step.no}「{step.label}」の消去に証明書・報告書の記載がない。"
            if ref is None else f"手順{step.no}「{step.label}」は証明なし(proof: none)とするが、{ref.text} は証明書の提出を求める。",
            fix="消去証明書または消去報告書の提出を定め、proof に certificate か report を記載する。",
        )


@rule("FM305", "erase-method-unstated", Severity.LOW, "中野区 外部委託 消去仕様(上書き・磁気消去・物理破壊)")
def erase_method(self: Rule, ctx: Context) -> Iterator[Finding]:
    """再利用する電子記録媒体の消去方法が記載されていない。

    Why:
        ファイルの削除だけでは復元できる。再利用する媒体には上書き・磁気消去・物理破壊が必要である。消去すること
        は書かれていて方法だけが分からないため、確認事項とする。

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
        消去方法(`overwrite`・`degauss`・`destroy`)を記載する。
    """
    reusable = {Medium.USB, Medium.HDD, Medium.PC, Medium.SYSTEM, Medium.FILE}
    for step in ctx.steps:
        if step.kind != StepKind.ERASE or step.medium not in reusable:
            continue
        if step.method in (EraseMethod.OVERWRITE, EraseMethod.DEGAUSS, EraseMethod.DESTROY, EraseMethod.AUTO):
            continue
        owner = ctx.owner(step.source)
        yield self.finding(
            ctx, line=step.line, step=step.no, party=owner, items=step.item_ids, question=True,
            message=f"手順{step.no}「{step.label}」の消去方法(上書き・磁気消去・物理破壊)が記載されていない。",
            fix="消去方法を定め、method に overwrite・degauss・destroy のいずれかを記載する。",
        )


@rule("FM306", "retention-between-batches", Severity.INFO, "PIA(特定個人情報保護評価) 保管・消去")
def retention(self: Rule, ctx: Context) -> Iterator[Finding]:
    """委託先が繰り返し提供を受け、その間データを保有するが、保存期間が記載されていない。

    Why:
        月次の更新(②')があれば、委託先は数か月にわたり名簿を持ち続ける。モデルには保存期間がないため「不明」
        とし、定めるよう求める。

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
        各回のデータの保存期間と、差し替えた名簿の返却・消去の時期を定めて記載する。
    """
    from flowmap.flow.vocabulary import Frequency

    def batch(s) -> bool:
        return s.frequency not in (Frequency.ONCE, Frequency.UNKNOWN) or any(n.primes for n in s.numbers)

    for owner in holders(ctx):
        if any(s.kind in ENDING and batch(s) for s in ctx.steps_from(owner)):
            continue  # each batch is returned or erased in turn
        repeated = [s for s in ctx.steps_to(owner) if s.item_ids and s.kind == StepKind.PROVIDE
                    and batch(s)]
        if repeated:
            first = repeated[0]
            yield self.finding(
                ctx, line=first.line, step=first.no, party=owner, items=first.item_ids, question=True,
                message=f"{ctx.parties[owner].name}は{'・'.join(s.no for s in repeated)}で繰り返し提供を受けるが、各回のデータの保存期間・差し替え時の返却が記載されていない。",
                fix="各回のデータの保存期間と、差し替え時の返却・消去を定めて記載する。",
            )
