"""FM2xx — items: data beyond need, My Number, sensitive items, and the diagram against the
submission's declared table."""

from __future__ import annotations

import difflib
from typing import Iterator

from flowmap.clauses import Obligation
from flowmap.findings import Finding, Severity
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import Context
from flowmap.vocabulary import ItemCategory, PartyKind, StepKind

MIN = "委託基準(必要最小限の情報項目)"
CHECKED = (PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR)


def outside_owners(ctx: Context) -> list[str]:
    return [p.id for p in ctx.flow.parties if p.kind in CHECKED]


def passed_on_to_need(ctx: Context, owner: str, item: str) -> bool:
    """The owner hands the item to someone who uses it: a party whose task needs it, the ward
    (a report), or the subjects themselves (what is delivered to them)."""
    for step in ctx.steps_from(owner):
        if item not in step.item_ids or step.kind in (StepKind.RETURN, StepKind.ERASE):
            continue
        target = ctx.owner(step.target)
        if target == owner:
            continue
        if ctx.is_ward(target) or ctx.kind(target) == PartyKind.SUBJECTS or item in ctx.needs(target):
            return True
    return False


def basis_for(ctx: Context, party: str, *obligations: Obligation, default: str = MIN) -> str:
    ref = ctx.clause(party, *obligations)
    return f"{ref.text}; {default}" if ref else default


@rule("FM201", "item-beyond-need", Severity.MEDIUM, "特記事項 保有の制限(31項 第3項・21項 第3項); " + MIN)
def beyond_need(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A party receives items that none of its tasks needs and that it passes to no one who does.

    Why:
        Outsourcing may hand over only what the work needs (保有の制限・必要最小限). An item that
        no task of the recipient needs, and that it does not pass on to a party whose task needs
        it, should not be sent at all.

    Bad:
        ```yaml
        items:
          - {id: birth, label: 生年月日, category: basic}
        steps:
          - {no: "②", label: 対象者情報の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所, 生年月日], medium: usb, transport: hand_delivery,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Good:
        ```yaml
        items:
          - {id: birth, label: 生年月日, category: basic}
        steps:
          - {no: "②", label: 対象者情報の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: usb, transport: hand_delivery,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        Remove the item from the transfer, or add the task that needs it to the party's `tasks`.
    """
    h = ctx.holdings
    for owner in outside_owners(ctx):
        if not ctx.needs(owner) and not any(t for p in ctx.members(owner) for t in ctx.parties[p].tasks):
            continue  # FM202 reports a party without tasks
        needed = ctx.needs(owner)
        extra = [i for i, acq in h.ever[owner].items()
                 if acq.how == "received" and i not in needed and not passed_on_to_need(ctx, owner, i)]
        if extra:
            party = ctx.parties[owner]
            yield self.finding(
                ctx, line=party.line, party=owner, items=extra,
                basis=basis_for(ctx, owner, Obligation.PURPOSE_LIMITATION, Obligation.MINIMUM_COLLECTION),
                message=f"{party.name}は、どの業務にも必要とされず、必要とする相手にも渡さない情報項目を受け取る: {'、'.join(ctx.label(i) for i in extra)}。",
                fix="これらの項目を提供から外すか、その項目を必要とする業務を tasks に明記する。",
            )


@rule("FM202", "recipient-without-tasks", Severity.MEDIUM, MIN)
def without_tasks(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A contractor holds personal items but no task of it is declared, so need cannot be judged.

    Why:
        Minimisation is judged against what the party does. With no `tasks`, every item it holds
        is unexplained; the finding says 不明 rather than guessing which ones are needed.

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, clauses: shinjuku-2023-31,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]}}
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
        List the party's tasks (委託の内容) and the items each needs.
    """
    h = ctx.holdings
    for owner in outside_owners(ctx):
        has_tasks = any(ctx.parties[p].tasks for p in ctx.members(owner))
        if h.seen[owner] and not has_tasks:
            party = ctx.parties[owner]
            yield self.finding(
                ctx, line=party.line, party=owner, items=list(h.seen[owner]), unknown=True,
                message=f"{party.name}は個人情報を扱うが業務(tasks)が記載されておらず、必要な項目か判断できない。",
                fix="委託の内容を tasks に書き、各業務が必要とする情報項目を needs に記載する。",
            )


@rule("FM203", "my-number-reaches-party", Severity.HIGH, "番号法第19条(特定個人情報の提供の制限); 個人情報保護委員会 特定個人情報ガイドライン")
def my_number(self: Rule, ctx: Context) -> Iterator[Finding]:
    """My Number (特定個人情報) reaches a party other than the ward's systems or a legal link.

    Why:
        特定個人情報 may be provided only where the マイナンバー法 allows it. Inside the ward and over
        a legally based external link it may flow; a contractor handling it at all must be
        reported and justified. The rating follows where the work happens: on the ward's premises
        it is medium, elsewhere high; an external party without a legal basis is high.

    Bad:
        ```yaml
        items:
          - {id: mynumber, label: マイナンバー, category: my_number}
        steps:
          - {no: "②", label: 対象者情報の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所, マイナンバー], medium: usb, transport: hand_delivery,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Good:
        ```yaml
        items:
          - {id: mynumber, label: マイナンバー, category: my_number}
        steps:
          - {no: "②", label: 対象者情報の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: usb, transport: hand_delivery,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        Do not send My Number to contractors; if the law requires it, state the legal basis and
        keep the work on the ward's premises and systems.
    """
    mine = {i.id for i in ctx.flow.items if i.category == ItemCategory.MY_NUMBER}
    if not mine:
        return
    for owner, seen in ctx.holdings.seen.items():
        items = [i for i in seen if i in mine]
        if not items or owner not in ctx.parties:
            continue
        party = ctx.parties[owner]
        if party.kind in (PartyKind.WARD, PartyKind.WARD_DEPARTMENT, PartyKind.SUBJECTS):
            continue
        severity = None
        if party.kind == PartyKind.EXTERNAL:
            if party.legal_basis or seen[items[0]].legal_basis:
                continue
            why = "法令上の根拠が記載されていない外部結合先"
        elif party.kind in CHECKED and ctx.on_ward_premises(owner):
            severity, why = Severity.MEDIUM, "区の庁舎内で作業する委託先"
        else:
            why = f"{party.kind.label}"
        yield self.finding(
            ctx, line=party.line, party=owner, items=items, severity=severity,
            message=f"マイナンバー(特定個人情報)が{why}「{party.name}」に渡る。",
            fix="委託先にはマイナンバーを渡さない。必要な場合は番号法上の根拠と作業場所・安全管理措置を明記する。",
        )


@rule("FM204", "my-number-assessment", Severity.INFO, "特定個人情報保護評価に関する規則(しきい値評価・全項目評価)")
def my_number_assessment(self: Rule, ctx: Context) -> Iterator[Finding]:
    """The flow handles My Number: a 特定個人情報保護評価 (threshold assessment) is due.

    Why:
        Any 特定個人情報ファイル requires a protection assessment before the work starts (or after,
        in the cases the rules allow). The flow cannot tell whether it was done, so it reminds.

    Bad:
        ```yaml
        items:
          - {id: mynumber, label: マイナンバー, category: my_number}
        steps:
          - {no: "①", label: 抽出, kind: process, at: ward, items: [氏名, 住所, マイナンバー],
             medium: system, transport: in_place}
        ```

    Good:
        ```yaml
        steps:
          - {no: "①", label: 抽出, kind: process, at: ward, items: [氏名, 住所], medium: system, transport: in_place}
        ```

    Fix:
        Confirm the 特定個人情報保護評価 (its stage and date) and accept this finding with that reason.
    """
    mine = [i.id for i in ctx.flow.items if i.category == ItemCategory.MY_NUMBER]
    used = [i for i in mine if any(i in s.item_ids for s in ctx.steps)]
    if used:
        first = next(s for s in ctx.steps if set(used) & set(s.item_ids))
        yield self.finding(
            ctx, line=first.line, step=first.no, items=used, subject="flow",
            message="このフローはマイナンバー(特定個人情報)を扱う。特定個人情報保護評価の実施(時期・段階)を確認する。",
            fix="特定個人情報保護評価の実施状況を確認し、理由を付けてこの指摘を accepted に記録する。",
        )


@rule("FM205", "sensitive-without-extra-care", Severity.MEDIUM, "個人情報保護法 要配慮個人情報; 特記事項 収集禁止事項(21項 第5項)")
def sensitive(self: Rule, ctx: Context) -> Iterator[Finding]:
    """Health or other 要配慮 items reach a contractor without extra safeguards.

    Why:
        Health data (病歴, 予診の回答, 健診結果) harm people most when leaked. A contractor holding
        them needs stated extra care (`extra_care_sensitive`) beyond the usual measures.

    Bad:
        ```yaml
        items:
          - {id: survey, label: 健康アンケート, category: health}
        steps:
          - {no: "③", label: アンケート回収, kind: collect, from: residents, to: contractor,
             items: [健康アンケート], medium: paper, transport: counter, safeguards: [purpose_statement]}
        ```

    Good:
        ```yaml
        items:
          - {id: survey, label: 健康アンケート, category: health}
        steps:
          - {no: "③", label: アンケート回収, kind: collect, from: residents, to: contractor,
             items: [健康アンケート], medium: paper, transport: counter,
             safeguards: [purpose_statement, extra_care_sensitive]}
        ```

    Fix:
        State the extra safeguards for 要配慮個人情報 (access limited to named staff, locked storage,
        early return) and record `extra_care_sensitive`.
    """
    health = {i.id for i in ctx.flow.items if i.category == ItemCategory.HEALTH}
    for owner in outside_owners(ctx):
        items = [i for i in ctx.holdings.seen[owner] if i in health]
        if not items:
            continue
        found = ctx.party_safeguards(owner)
        steps = [s for s in ctx.steps if set(items) & set(s.item_ids)]
        if "extra_care_sensitive" in found or any("extra_care_sensitive" in s.safeguards for s in steps):
            continue
        party = ctx.parties[owner]
        yield self.finding(
            ctx, line=party.line, party=owner, items=items,
            message=f"{party.name}が要配慮個人情報(健康情報)を扱うが、追加的な安全管理措置の記載がない。",
            fix="要配慮個人情報としての追加的な措置(取扱者の限定・施錠保管・早期の返却等)を定め、extra_care_sensitive を記載する。",
        )


def near(labels: list[str], candidates: list[str]) -> str:
    """"Did you mean" for near-miss labels: 削除フラグ → 消除フラグ."""
    pairs = []
    for label in labels:
        close = difflib.get_close_matches(label, [c for c in candidates if c != label], n=1, cutoff=0.6)
        if close:
            pairs.append(f"{label}→{close[0]}")
    return f"(もしかして: {'、'.join(pairs)})" if pairs else ""


def declared_labels(ctx: Context, owner: str) -> list[str]:
    declared = ctx.parties[owner].declared
    return list(declared.items) if declared else []


def names_of(ctx: Context, item_id: str) -> set[str]:
    item = ctx.items[item_id]
    return {item.label, item.id, *item.aliases}


@rule("FM206", "held-but-not-declared", Severity.MEDIUM, "付議事項の表「委託に伴い事業者に処理させる情報項目」")
def held_not_declared(self: Rule, ctx: Context) -> Iterator[Finding]:
    """The diagram gives a party items that the submission's table does not declare for it.

    Why:
        The council approves the table; items the diagram shows at the contractor but the table
        leaves out were never approved (seed 001's call centre collects 電話番号 and 相談内容, which
        its table does not list). Near-miss labels get a "did you mean" (削除フラグ / 消除フラグ).
        When the table says など or refers elsewhere (`complete: false`), the finding says 不明.

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, clauses: shinjuku-2023-31,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名]},
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
        Add the items to the table (and the submission), or remove them from the flow.
    """
    for owner in outside_owners(ctx):
        party = ctx.parties[owner]
        if party.declared is None:
            continue
        declared = declared_labels(ctx, owner)
        missing = [i for i in ctx.holdings.seen[owner] if i in ctx.items and not names_of(ctx, i) & set(declared)]
        if not missing:
            continue
        hints = near([ctx.label(i) for i in missing], declared)
        complete = party.declared.complete
        yield self.finding(
            ctx, line=party.declared.line or party.line, party=owner, items=missing, unknown=not complete,
            severity=None if complete else Severity.INFO,
            message=f"{party.name}が図では扱う次の項目が、表の情報項目にない: {'、'.join(ctx.label(i) for i in missing)}。{hints}"
            + ("" if complete else "(表は「など」等で完全ではない)"),
            fix="表(declared.items)と付議資料に項目を追加するか、図から外す。表記揺れなら表記を統一する。",
        )


@rule("FM207", "declared-but-not-in-flow", Severity.LOW, "付議事項の表「委託に伴い事業者に処理させる情報項目」")
def declared_not_held(self: Rule, ctx: Context) -> Iterator[Finding]:
    """The table declares items for a party that no step of the diagram brings to it.

    Why:
        Either the diagram misses a transfer, or the table names an item that is not handled —
        or it names it differently (a slip such as 削除フラグ for 消除フラグ, shown as "did you
        mean"). Reviewers compare the two line by line.

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor, clauses: shinjuku-2023-31,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所, 電話番号]},
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
        Draw the step that brings the item, or correct the table; unify spelling.
    """
    for owner in outside_owners(ctx):
        party = ctx.parties[owner]
        if party.declared is None:
            continue
        held = {n for i in ctx.holdings.seen[owner] if i in ctx.items for n in names_of(ctx, i)}
        absent = [label for label in declared_labels(ctx, owner) if label not in held]
        if not absent:
            continue
        held_labels = [ctx.label(i) for i in ctx.holdings.seen[owner] if i in ctx.items]
        hints = near(absent, held_labels)
        yield self.finding(
            ctx, line=party.declared.line or party.line, party=owner, items=(),
            message=f"表が{party.name}について挙げる次の項目は、図のどの手順でも渡らない: {'、'.join(absent)}。{hints}",
            fix="その項目を運ぶ手順を図に加えるか、表を訂正する。表記揺れなら表記を統一する。",
        )


@rule("FM208", "collection-without-purpose", Severity.MEDIUM, "特記事項 利用目的の明示(31項 第6項・21項 第4項)")
def collection_without_purpose(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A contractor collects personal data from residents with no purpose statement recorded.

    Why:
        Whoever collects from the person must tell them what for (利用目的の明示). When only the
        clause set requires it and the flow does not show it, the finding is lower and says so.

    Bad:
        ```yaml
        parties:
          - {id: contractor, name: 委託先, kind: contractor,
             location: {site: own_site, country: japan}, safeguards: [handlers_designated, training],
             contract: {title: 例の委託}, declared: {items: [氏名, 住所]},
             tasks: [{id: work, label: 受付, needs: [氏名, 住所]}]}
        steps:
          - {no: "③", label: 申込受付, kind: collect, from: residents, to: contractor,
             items: [氏名, 住所], medium: phone, transport: phone}
        ```

    Good:
        ```yaml
        steps:
          - {no: "③", label: 申込受付, kind: collect, from: residents, to: contractor,
             items: [氏名, 住所], medium: phone, transport: phone, safeguards: [purpose_statement]}
        ```

    Fix:
        Tell the person the purpose when collecting (script, form, web page) and record
        `purpose_statement`.
    """
    for step in ctx.steps:
        dst = ctx.owner(step.target)
        if step.kind != StepKind.COLLECT or not step.item_ids or ctx.kind(dst) not in CHECKED:
            continue
        if "purpose_statement" in ctx.step_safeguards(step):
            continue
        ref = ctx.clause(dst, Obligation.PURPOSE_STATEMENT)
        unknown = ref is None and ctx.clauses_unknown(dst)
        yield self.finding(
            ctx, line=step.line, step=step.no, party=dst, items=step.item_ids,
            severity=Severity.LOW if ref or unknown else None, unknown=unknown,
            basis=ref.text if ref else self.basis,
            message=f"手順{step.no}「{step.label}」で本人から取得する際の利用目的の明示が図にない"
            + (f"(特記事項 {ref.text} が義務付けるのみ)。" if ref else "(添付の特記事項は特定できない)。" if unknown else "。"),
            fix="取得時に利用目的を明示する方法(案内文・読み上げ・Web表示)を定め、safeguards に purpose_statement を記載する。",
        )


@rule("FM209", "collection-not-from-person", Severity.MEDIUM, "特記事項 本人収集(21項 第4項)")
def indirect_collection(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A contractor collects personal data from someone other than the person concerned.

    Why:
        Contractors must collect from the person directly unless the ward approves otherwise
        (本人収集). A `collect` step whose source is not the subjects is such a case.

    Bad:
        ```yaml
        parties:
          - {id: other, name: 他団体, kind: external, legal_basis: 協定}
        steps:
          - {no: "③", label: 名簿の取得, kind: collect, from: other, to: contractor,
             items: [氏名, 住所], medium: paper, transport: hand_delivery, safeguards: [locked_bag, ledger]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "③", label: 申込受付, kind: collect, from: residents, to: contractor,
             items: [氏名, 住所], medium: phone, transport: phone, safeguards: [purpose_statement]}
        ```

    Fix:
        Collect from the person, or record the ward's approval and model it as a provision.
    """
    for step in ctx.steps:
        dst = ctx.owner(step.target)
        if step.kind == StepKind.COLLECT and ctx.kind(dst) in CHECKED and ctx.kind(step.source) != PartyKind.SUBJECTS:
            yield self.finding(
                ctx, line=step.line, step=step.no, party=dst, items=step.item_ids,
                basis=basis_for(ctx, dst, Obligation.DIRECT_COLLECTION, default=self.basis),
                message=f"手順{step.no}で{ctx.parties[dst].name}が本人以外({ctx.parties[ctx.owner(step.source)].name})から個人情報を取得する。",
                fix="本人から直接取得するか、区の承諾を記録したうえで区からの提供として図示する。",
            )
