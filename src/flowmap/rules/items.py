"""FM2xx — items: data beyond need, My Number, sensitive items, and the diagram against the
submission's declared table."""

from __future__ import annotations

import difflib
from typing import Iterator

from flowmap.flow.clauses import Obligation
from flowmap.rules.findings import Finding, Severity
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import Context
from flowmap.flow.vocabulary import ItemCategory, PartyKind, StepKind

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
    """どの業務にも必要とされず、必要とする相手にも渡さない情報項目を受け取る。

    Why:
        委託で渡してよいのは業務に必要な項目だけである(保有の制限・必要最小限)。受け取る当事者のどの業務も必要
        とせず、必要とする相手にも渡さない項目は、そもそも渡すべきではない。手順が `tasks`
        で役立つ業務を名指すときは、その受渡しをその業務だけに照らして判断する(住所だけが要る発送のための受渡
        しに健康情報が載っていれば、別の業務が健康情報を要しても指摘する)。

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
        その項目を提供から外すか、その項目を必要とする業務を当事者の `tasks` に書く。受渡しが役立つ業務を手順の
        `tasks` に書いているときは、その業務に要る項目だけを渡す。
    """
    h = ctx.holdings
    for owner in outside_owners(ctx):
        if not ctx.needs(owner) and not any(t for p in ctx.members(owner) for t in ctx.parties[p].tasks):
            continue  # FM202 reports a party without tasks
        needed = ctx.needs(owner)
        extra = [i for i, acq in h.ever[owner].items()
                 if acq.how in ("received", "collected") and i not in needed and not passed_on_to_need(ctx, owner, i)]
        if extra:
            party = ctx.parties[owner]
            yield self.finding(
                ctx, line=party.line, party=owner, items=extra,
                basis=basis_for(ctx, owner, Obligation.PURPOSE_LIMITATION, Obligation.MINIMUM_COLLECTION),
                message=f"{party.name}は、どの業務にも必要とされず、必要とする相手にも渡さない情報項目を受け取る: {'、'.join(ctx.label(i) for i in extra)}。",
                fix="これらの項目を提供から外すか、その項目を必要とする業務を tasks に明記する。",
            )
        yield from beyond_named_tasks(self, ctx, owner, set(extra))


def beyond_named_tasks(self: Rule, ctx: Context, owner: str, reported: set[str]) -> Iterator[Finding]:
    """Hand-overs that name the tasks they serve (``tasks`` on the step), judged against those
    tasks only: an item another task of the party needs is still beyond need on this step."""
    tasks = {t.id: t for p in ctx.members(owner) for t in ctx.parties[p].tasks}
    for step in ctx.steps_to(owner):
        if not step.tasks or step.kind in (StepKind.RETURN, StepKind.ERASE) or ctx.dummy_only(step):
            continue
        named = {i for t in step.tasks if t in tasks for i in tasks[t].needed_items}
        beyond = [i for i in step.item_ids if i not in named and i not in reported
                  and not passed_on_to_need(ctx, owner, i)]
        if beyond:
            labels = "・".join(tasks[t].label for t in step.tasks if t in tasks)
            yield self.finding(
                ctx, line=step.line, step=step.no, party=owner, items=beyond,
                basis=basis_for(ctx, owner, Obligation.PURPOSE_LIMITATION, Obligation.MINIMUM_COLLECTION),
                message=f"手順{step.no}で{ctx.parties[owner].name}に渡る次の項目は、この受渡しが役立つ業務({labels})には必要とされない: {'、'.join(ctx.label(i) for i in beyond)}。",
                fix="この受渡しからこれらの項目を外すか、必要とする業務を手順の tasks に加える。",
            )


@rule("FM202", "recipient-without-tasks", Severity.MEDIUM, MIN)
def without_tasks(self: Rule, ctx: Context) -> Iterator[Finding]:
    """個人情報を扱う委託先の業務(tasks)が記載されておらず、必要性を判断できない。

    Why:
        最小限かどうかは当事者の業務に照らして判断する。`tasks`
        がなければ保有するすべての項目の必要性が説明されないため、推測せず「不明」として報告する。

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
        委託の内容を `tasks` に書き、各業務が必要とする情報項目を `needs` に記載する。
    """
    h = ctx.holdings
    for owner in outside_owners(ctx):
        has_tasks = any(ctx.parties[p].tasks for p in ctx.members(owner))
        if h.seen[owner] and not has_tasks:
            party = ctx.parties[owner]
            yield self.finding(
                ctx, line=party.line, party=owner, items=list(h.seen[owner]), question=True,
                message=f"{party.name}は個人情報を扱うが業務(tasks)が記載されておらず、必要な項目か判断できない。",
                fix="委託の内容を tasks に書き、各業務が必要とする情報項目を needs に記載する。",
            )


@rule("FM203", "my-number-reaches-party", Severity.HIGH, "番号法第19条(特定個人情報の提供の制限); 個人情報保護委員会 特定個人情報ガイドライン")
def my_number(self: Rule, ctx: Context) -> Iterator[Finding]:
    """マイナンバー(特定個人情報)が区のシステムや法令に基づく外部結合先以外の当事者に渡る。

    Why:
        特定個人情報は番号法が認める場合にしか提供できない。区の内部と法令に基づく外部結合では流れてよいが、委託
        先が扱うなら必ず報告し理由を示す必要がある。重要度は作業場所による:
        区の庁舎内なら中、それ以外は高。法令上の根拠のない外部結合先も高。

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
        委託先にマイナンバーを渡さない。法令上必要なら根拠を記載し、作業を区の庁舎と区のシステムの中にとどめる。
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
            if party.legal_basis or getattr(seen[items[0]], "legal_basis", None):
                continue
            why = f"法令上の根拠が記載されていない{ctx.words.external}"
        elif party.kind in CHECKED and ctx.on_ward_premises(owner):
            severity, why = Severity.MEDIUM, f"{ctx.words.premises}内で作業する委託先"
        else:
            why = ctx.words.label(party.kind)
        yield self.finding(
            ctx, line=party.line, party=owner, items=items, severity=severity,
            message=f"マイナンバー(特定個人情報)が{why}「{party.name}」に渡る。",
            fix="委託先にはマイナンバーを渡さない。必要な場合は番号法上の根拠と作業場所・安全管理措置を明記する。",
        )


@rule("FM204", "my-number-assessment", Severity.INFO, "特定個人情報保護評価に関する規則(しきい値評価・全項目評価)")
def my_number_assessment(self: Rule, ctx: Context) -> Iterator[Finding]:
    """マイナンバーを扱うフローであり、特定個人情報保護評価(しきい値評価)が必要。

    Why:
        特定個人情報ファイルを扱うには、事務の開始前(規則が認める場合は事後)に保護評価を行う。付議資料が評価の時
        期・段階を述べていれば(`submission.privacy_assessment`)報告しない。述べていなければ確認事項とする。

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
        特定個人情報保護評価の段階と時期を確認し、`submission.privacy_assessment` に記載する。
    """
    if ctx.flow.submission.privacy_assessment:
        return  # the submission states when and how the assessment is done
    mine = [i.id for i in ctx.flow.items if i.category == ItemCategory.MY_NUMBER]
    used = [i for i in mine if any(i in s.item_ids for s in ctx.steps)]
    if used:
        first = next(s for s in ctx.steps if set(used) & set(s.item_ids))
        yield self.finding(
            ctx, line=first.line, step=first.no, items=used, subject="flow", question=True,
            message="このフローはマイナンバー(特定個人情報)を扱う。特定個人情報保護評価の実施(時期・段階)を確認する。",
            fix="特定個人情報保護評価の実施状況を確認し、理由を付けてこの指摘を accepted に記録する。",
        )


@rule("FM205", "sensitive-without-extra-care", Severity.MEDIUM, "個人情報保護法 要配慮個人情報; 特記事項 収集禁止事項(21項 第5項)")
def sensitive(self: Rule, ctx: Context) -> Iterator[Finding]:
    """健康情報など要配慮個人情報が、追加的な対策なしに委託先に渡る。

    Why:
        健康情報(病歴・予診の回答・健診結果)は漏えいしたときの害が最も大きい。これを扱う委託先には、通常の対策
        に加えた追加的な安全管理措置(`extra_care_sensitive`)が必要である。

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
        要配慮個人情報としての追加的な措置(取扱者の限定・施錠保管・早期の返却など)を定め、`extra_car
        e_sensitive` と記載する。
    """
    health = {i.id for i in ctx.flow.items if i.category == ItemCategory.HEALTH}
    # items some step carries under extra care: one pass over the steps, not one per owner
    guarded = {i for s in ctx.steps if "extra_care_sensitive" in s.safeguards for i in s.item_ids}
    for owner in outside_owners(ctx):
        items = [i for i in ctx.holdings.seen[owner] if i in health]
        if not items:
            continue
        found = ctx.party_safeguards(owner)
        if "extra_care_sensitive" in found or any(i in guarded for i in items):
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


def compared(ctx: Context) -> list[str]:
    """Outside parties whose table can be compared with the diagram: those with a table and
    real data (a vendor working with dummy data only has the system's items in its table)."""
    return [o for o in outside_owners(ctx)
            if ctx.parties[o].declared is not None and "dummy_data_only" not in ctx.party_safeguards(o)]


def declared_labels(ctx: Context, owner: str) -> list[str]:
    declared = ctx.parties[owner].declared
    return list(declared.items) if declared else []


def names_of(ctx: Context, item_id: str) -> set[str]:
    item = ctx.items[item_id]
    return {item.label, item.id, *item.aliases, *(s.text for s in item.slips)}


@rule("FM206", "held-but-not-declared", Severity.MEDIUM, "付議事項の表「委託に伴い事業者に処理させる情報項目」")
def held_not_declared(self: Rule, ctx: Context) -> Iterator[Finding]:
    """図では当事者に渡る情報項目が、付議資料の表に記載されていない。

    Why:
        審議会が了承するのは表である。図では委託先が扱うのに表にない項目は了承されていない(seed 001 の
        コールセンターは電話番号・相談内容を取得するが、表にない)。表記の近い項目には「もしかして」を添える(削
        除フラグ/消除フラグ)。表が「など」や別紙参照で完全でない(`complete:
        false`)ときは「不明」とする。

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
        表(と付議資料)に項目を追加するか、図から外す。
    """
    for owner in compared(ctx):
        party = ctx.parties[owner]
        declared = declared_labels(ctx, owner)
        missing = [i for i in ctx.holdings.seen[owner] if i in ctx.items and not names_of(ctx, i) & set(declared)]
        if not missing:
            continue
        hints = near([ctx.label(i) for i in missing], declared)
        complete = party.declared.complete
        yield self.finding(
            ctx, line=party.declared.line or party.line, party=owner, items=missing, question=not complete,
            severity=None if complete else Severity.INFO,
            message=f"{party.name}が図では扱う次の項目が、表の情報項目にない: {'、'.join(ctx.label(i) for i in missing)}。{hints}"
            + ("" if complete else "(表は「など」等で完全ではない)"),
            fix="表(declared.items)と付議資料に項目を追加するか、図から外す。表記揺れなら表記を統一する。",
        )


@rule("FM207", "declared-but-not-in-flow", Severity.LOW, "付議事項の表「委託に伴い事業者に処理させる情報項目」")
def declared_not_held(self: Rule, ctx: Context) -> Iterator[Finding]:
    """表が当事者について挙げる情報項目が、図のどの手順でも渡らない。

    Why:
        図が受渡しを描き漏らしているか、表が扱わない項目を挙げているか、表記が違う(削除フラグ と 消除フラグ
        のような誤記。「もしかして」で示す)。審議では両者を一行ずつ突き合わせる。

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
        その項目を運ぶ手順を図に加えるか、表を訂正する。表記は統一する。
    """
    for owner in compared(ctx):
        party = ctx.parties[owner]
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
    """委託先が本人から個人情報を取得するのに、利用目的の明示が記載されていない。

    Why:
        本人から取得する者は、何に使うかを本人に示さなければならない(利用目的の明示)。当事者の特記事項が義務付けて
        いるときは、手順ごとに繰り返さない(特記事項にその条項がないときだけ報告する)。特記事項を付すことは分かるが
        どの特記事項か分からないときは確認事項とする。

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
        取得時に利用目的を示す方法(案内文・読み上げ・Web
        表示)を定め、`purpose_statement` と記載する。
    """
    for step in ctx.steps:
        dst = ctx.owner(step.target)
        if step.kind != StepKind.COLLECT or not step.item_ids or ctx.kind(dst) not in CHECKED:
            continue
        if "purpose_statement" in ctx.step_safeguards(step):
            continue
        if ctx.clause(dst, Obligation.PURPOSE_STATEMENT):
            continue  # the party's clause set imposes it; the flow does not contradict it
        unknown = ctx.clauses_unknown(dst)
        yield self.finding(
            ctx, line=step.line, step=step.no, party=dst, items=step.item_ids,
            severity=Severity.LOW if unknown else None, question=unknown,
            message=f"手順{step.no}「{step.label}」で本人から取得する際の利用目的の明示が記載されていない"
            + ("(添付の特記事項が特定できず、そこで定められているか確認できない)。" if unknown else "。"),
            fix="取得時に利用目的を明示する方法(案内文・読み上げ・Web表示)を定め、safeguards に purpose_statement を記載する。",
        )


@rule("FM209", "collection-not-from-person", Severity.MEDIUM, "特記事項 本人収集(21項 第4項)")
def indirect_collection(self: Rule, ctx: Context) -> Iterator[Finding]:
    """委託先が本人以外から個人情報を取得する。

    Why:
        委託先は、区が承諾した場合を除き本人から直接取得しなければならない(本人収集)。取得元が本人(subje
        cts)でない `collect` の手順がこれに当たる。

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
        本人から取得するか、区の承諾を記録したうえで区からの提供として図示する。
    """
    for step in ctx.steps:
        dst = ctx.owner(step.target)
        if step.kind == StepKind.COLLECT and ctx.kind(dst) in CHECKED and ctx.kind(step.source) != PartyKind.SUBJECTS:
            yield self.finding(
                ctx, line=step.line, step=step.no, party=dst, items=step.item_ids,
                basis=basis_for(ctx, dst, Obligation.DIRECT_COLLECTION, default=self.cited(ctx)),
                message=f"手順{step.no}で{ctx.parties[dst].name}が本人以外({ctx.parties[ctx.owner(step.source)].name})から個人情報を取得する。",
                fix=f"本人から直接取得するか、{ctx.words.body}の承諾を記録したうえで{ctx.words.body}からの提供として図示する。",
            )
