"""FM1xx — transport and media: edges that carry personal items without the safeguards their
medium calls for. Safeguards count wherever the flow places them (the step, either party, the
whole flow, a checklist line); findings say where one was found when it matters."""

from __future__ import annotations

from typing import Iterator

from flowmap.rules.findings import Finding, Severity
from flowmap.flow.model import Step
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import Context
from flowmap.flow.vocabulary import CLOSED_NETWORKS, NETWORK_MEDIA, ONLINE_SERVICES, REMOVABLE_MEDIA, Medium, PartyKind, Transport

PMN = "個人情報保護委員会 特定個人情報ガイドライン(記録媒体の持出し)"


def edges(ctx: Context) -> Iterator[Step]:
    """Steps that move personal items from one owner to another (not work on another's system)."""
    return iter(ctx.transfers)


def handovers(ctx: Context) -> Iterator[Step]:
    """Transfers between two organisations: what the hand-over rules (media, bags, ledgers, post)
    are written for. A resident sending their own data (a reply envelope, a call, an e-mail) is a
    collection, and what is sent to a resident about that resident is a delivery: neither is a
    hand-over of the ward's data, and rules written for them judge them (FM108, FM111, FM208)."""
    return (s for s in ctx.transfers if not (to_subjects(ctx, s) or from_subjects(ctx, s)))


def to_subjects(ctx: Context, step: Step) -> bool:
    return ctx.kind(step.target) == PartyKind.SUBJECTS


def from_subjects(ctx: Context, step: Step) -> bool:
    return ctx.kind(step.source) == PartyKind.SUBJECTS


def inside_ward(ctx: Context, step: Step) -> bool:
    """Both ends work on the ward's premises: the data does not leave the building."""
    return ctx.on_ward_premises(step.source) and ctx.on_ward_premises(step.target)


def where(found: tuple[str, str] | None) -> str:
    return f"({found[1]}で確認)" if found else ""


@rule("FM100", "handover-lacks-safeguards", Severity.HIGH, "チェックリスト 運用上の対策 5–7; " + PMN)
def handover_lacks_safeguards(self: Rule, ctx: Context) -> Iterator[Finding]:
    """一つの受渡しに、その媒体と運搬方法が求める対策が複数欠けている(欠ける対策をまとめた指摘)。

    Why:
        暗号化も鍵付きカバンも管理簿もない受渡しは、一つの弱い受渡しである。対策ごとの規則(FM101–FM109)の
        指摘を手順ごとに一つにまとめ、欠ける対策をすべて挙げ、重要度は最も重いものとし、対策ごとの根拠を示す。
        欠ける対策が一つだけなら、その対策の規則の指摘がそのまま出る。まとめる前の指摘の id で記録した承認は、
        まとめた指摘に引き継がれる(すべて承認済みなら承認済み、一部なら「一部承認済み」)。この規則は分析自身が
        他の規則の後に適用する。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 対象者情報の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: usb, transport: hand_delivery, safeguards: [ledger]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 対象者情報の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: usb, transport: hand_delivery,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        挙げられた対策を定めて手順(または受渡しの既定 `handover_defaults`)に記載する。
    """
    return iter(())


@rule("FM101", "unencrypted-electronic-medium", Severity.HIGH, "チェックリスト 運用上の対策 5; " + PMN)
def unencrypted_medium(self: Rule, ctx: Context) -> Iterator[Finding]:
    """電子記録媒体(USBメモリ・DVD-R・CD-R・HDD・電子ファイル)で暗号化せずに個人情報を運ぶ。

    Why:
        USBメモリやDVD-Rを紛失すれば、暗号化していない限り記録された全件が漏えいする。チェックリスト(運
        用上の対策 5)は記録媒体上の個人情報をパスワード付きで暗号化するよう求めている。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 対象者情報の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: usb, transport: hand_delivery, safeguards: [locked_bag, ledger]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 対象者情報の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: usb, transport: hand_delivery,
             safeguards: [locked_bag, ledger, encrypted_medium, password_separate]}
        ```

    Fix:
        暗号化機能付きの記録媒体を使うかファイルをパスワード付きで暗号化し、手順に
        `encrypted_medium`(当事者・チェックリストなら
        `encrypt_data`)と記載する。
    """
    for step in handovers(ctx):
        if step.medium in REMOVABLE_MEDIA and not ctx.has(ctx.step_safeguards(step), "encrypted_medium", "encrypt_data"):
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
                message=f"手順{step.no}「{step.label}」は{step.medium.label}で個人情報を運ぶが、暗号化の記載が手順・当事者・チェックリストのいずれにもない。",
                fix="暗号化機能付きの記録媒体を使うかデータをパスワード付きで暗号化し、手順の safeguards に encrypted_medium を記載する。",
            )


@rule("FM102", "password-with-medium", Severity.LOW, "チェックリスト 運用上の対策 5(パスワード通知書は別の機会に受渡し)")
def password_with_medium(self: Rule, ctx: Context) -> Iterator[Finding]:
    """暗号化した記録媒体を渡すが、パスワードを別に渡すことが記載されていない。

    Why:
        パスワード通知書が同じカバンで同じ機会に運ばれれば、暗号化は何も守らない。チェックリスト(運用上の対策
        5)と seed 004 は、媒体とパスワード通知書をそれぞれ別の機会に受け渡すよう求めている。モデルか
        らは受渡しの機会が分からないため、`password_separate`
        がどこにも記載されていなければ「不明」として報告する。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 対象者情報の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: dvd_r, transport: hand_delivery,
             safeguards: [encrypted_medium, locked_bag, ledger]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 対象者情報の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: dvd_r, transport: hand_delivery,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        パスワード通知書を媒体とは別の機会に渡すこととし、`password_separate`
        と記載する。チェックリストの運用上の対策 5 が ○
        なら、その文言に「別の機会」が含まれるため満たすものとみなす。
    """
    for step in handovers(ctx):
        if step.medium not in REMOVABLE_MEDIA:
            continue
        found = ctx.step_safeguards(step)
        encrypted = ctx.has(found, "encrypted_medium", "encrypt_data")
        if not encrypted or "password_separate" in found or step.password is not None:
            continue  # a stated password route is judged by FM602 (PPAP is not separate)
        if ctx.in_checklist(step, "encrypt_data"):
            continue  # checklist line 5's text includes 別の機会 for the password notice
        yield self.finding(
            ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids, question=True,
            message=f"手順{step.no}は暗号化した{step.medium.label}を渡す{where(encrypted)}が、パスワード通知書を別の機会に渡すかどうかの記載がない。",
            fix="パスワード通知書を媒体とは別の機会に渡すことを定め、safeguards に password_separate を記載する。",
        )


@rule("FM103", "hand-delivery-without-locked-bag", Severity.MEDIUM, "チェックリスト 運用上の対策 6; " + PMN)
def hand_delivery_unlocked(self: Rule, ctx: Context) -> Iterator[Finding]:
    """個人情報を手渡しで庁舎の外へ運ぶのに、鍵付きカバン等の記載がない。

    Why:
        街中を運ぶ媒体や紙は紛失・盗難に遭う。チェックリスト(運用上の対策 6)は手交のたびに鍵付きカバン等を使
        うよう求めている。双方が区の庁舎内で作業する受渡しは建物の外に出ないため対象としない。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 名簿の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: paper, transport: hand_delivery, safeguards: [ledger]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 名簿の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: paper, transport: hand_delivery, safeguards: [ledger, locked_bag]}
        ```

    Fix:
        鍵付きカバン・施錠容器に入れて運搬し、`locked_bag` と記載する。
    """
    for step in handovers(ctx):
        if ctx.transport(step) != Transport.HAND_DELIVERY:
            continue
        if inside_ward(ctx, step):
            continue
        if not ctx.has(ctx.step_safeguards(step), "locked_bag"):
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
                message=f"手順{step.no}「{step.label}」は{step.medium.label}を手渡しで運ぶが、鍵付きカバン等の記載がない。{ctx.transport_note(step)}",
                fix="鍵付きカバン等に入れて運搬し、safeguards に locked_bag を記載する。",
            )


@rule("FM104", "handover-without-ledger", Severity.MEDIUM, "チェックリスト 運用上の対策 7(管理簿・確認書)")
def handover_without_ledger(self: Rule, ctx: Context) -> Iterator[Finding]:
    """個人情報の受渡しを管理簿・確認書に記録する記載がない。

    Why:
        日時・取扱者・内容・数量の記録がなければ、何を渡し何が戻ったかを誰も確かめられない(チェックリスト
        運用上の対策 7、seed 004
        の確認書)。双方が区の庁舎内で作業する受渡し(窓口の書類を区職員へ引き継ぐなど)はデータが建物の外に出な
        いため対象としない。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 名簿の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: paper, transport: hand_delivery, safeguards: [locked_bag]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 名簿の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: paper, transport: hand_delivery, safeguards: [locked_bag, ledger]}
        ```

    Fix:
        受渡しのたびに日時・取扱者・内容・数量を管理簿(確認書)に記録し、`ledger` と記載する。
    """
    for step in handovers(ctx):
        if ctx.transport(step) != Transport.HAND_DELIVERY:
            continue
        if ctx.has(ctx.step_safeguards(step), "ledger") or inside_ward(ctx, step):
            continue
        yield self.finding(
            ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
            message=f"手順{step.no}「{step.label}」の受渡しを管理簿・確認書に記録する記載がない。{ctx.transport_note(step)}",
            fix="受渡しの日時・取扱者・内容・数量を管理簿(確認書)に記録し、safeguards に ledger を記載する。",
        )


@rule("FM105", "untracked-post", Severity.HIGH, PMN + "(追跡可能な移送手段)")
def untracked_post(self: Rule, ctx: Context) -> Iterator[Finding]:
    """記録媒体や紙を追跡できない郵送・運送で送る。

    Why:
        普通郵便は行方不明になっても追跡できない。個人情報保護委員会のガイドラインは、個人情報を送るときは追跡可
        能な手段(簡易書留等)を求めている。電子記録媒体は紙より重く評価する。本人あての配布物は区のデータの移送
        ではないため対象としない。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: データの送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: dvd_r, transport: post, safeguards: [encrypted_medium, password_separate]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: データの送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: dvd_r, transport: tracked_post,
             safeguards: [encrypted_medium, password_separate]}
        ```

    Fix:
        追跡可能な方法で送り(`transport: tracked_post`)、または
        `tracked_delivery` と記載する。
    """
    for step in handovers(ctx):
        if ctx.transport(step) not in (Transport.POST, Transport.COURIER):
            continue
        if ctx.has(ctx.step_safeguards(step), "tracked_delivery"):
            continue
        electronic = step.medium in REMOVABLE_MEDIA
        yield self.finding(
            ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
            severity=None if electronic else Severity.MEDIUM,
            message=f"手順{step.no}「{step.label}」は{step.medium.label}を{ctx.transport(step).label}で送るが、追跡可能な方法の記載がない。",
            fix="簡易書留など追跡可能な方法で送付し、transport を tracked_post にするか safeguards に tracked_delivery を記載する。",
        )


@rule("FM106", "network-without-encryption", Severity.HIGH, "チェックリスト システム上の対策 1・3")
def network_unencrypted(self: Rule, ctx: Context) -> Iterator[Finding]:
    """閉域網でも暗号化通信でもない回線で個人情報を送る。

    Why:
        開かれた回線上のデータは途中で読まれ、改ざんされうる。チェックリスト(システム上の対策 1・3)は特定相
        手以外との通信の禁止と通信内容の暗号化を求めている。LGWAN・L2WAN・専用線は閉域網とみなす。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: データ送信, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: internet, transport: network, safeguards: [dedicated_device]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: データ送信, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: lgwan, transport: network}
        ```

    Fix:
        閉域網(LGWAN・L2WAN・専用線)を使うか通信を暗号化し、`encrypted_communica
        tion`(特定相手とのみ通信するなら `closed_network`)と記載する。
    """
    for step in edges(ctx):
        network = step.medium in NETWORK_MEDIA or ctx.transport(step) in (Transport.NETWORK, Transport.WEB)
        if not network or step.medium in CLOSED_NETWORKS:
            continue
        if step.medium in ONLINE_SERVICES or step.medium == Medium.OTHER:
            continue  # e-mail and file services have FM601; a medium in words is FM630's question
        if ctx.has(ctx.step_safeguards(step), "encrypted_communication", "closed_network"):
            continue
        yield self.finding(
            ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
            message=f"手順{step.no}「{step.label}」は回線({step.medium.label})で個人情報を送るが、閉域網でも通信の暗号化の記載もない。",
            fix="LGWAN・L2WAN・専用線などの閉域網を使うか通信を暗号化し、safeguards に encrypted_communication を記載する。",
        )


@rule("FM107", "internet-without-dedicated-device", Severity.HIGH, "seed 004 外部結合の情報保護対策(国が配布した端末のみアクセス可能)")
def internet_without_device(self: Rule, ctx: Context) -> Iterator[Finding]:
    """専用端末以外からインターネット経由で個人情報を送る。

    Why:
        インターネット経由では、感染した端末や共用の端末がそのまま侵入口になる。seed 004
        は、国が配布したその業務専用のタブレットからのみインターネット経由の登録を認めている。区民が自ら入力する
        Web 予約は対象とせず、その暗号化は FM106 が扱う。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 結果の登録, kind: provide, from: contractor, to: ward,
             items: [氏名, 住所], medium: internet, transport: network, safeguards: [encrypted_communication]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 結果の登録, kind: provide, from: contractor, to: ward,
             items: [氏名, 住所], medium: internet, transport: network,
             safeguards: [encrypted_communication, dedicated_device]}
        ```

    Fix:
        専用端末または閉域の経路からのみアクセスできるようにし、`dedicated_device`
        と記載する。
    """
    for step in handovers(ctx):
        if step.medium != Medium.INTERNET:
            continue
        if ctx.kind(step.source) == PartyKind.DEVICE or ctx.parties[step.source].kind == PartyKind.DEVICE:
            continue
        if ctx.has(ctx.step_safeguards(step), "dedicated_device", "closed_network"):
            continue
        yield self.finding(
            ctx, line=step.line, step=step.no, party=ctx.owner(step.source), items=step.item_ids,
            message=f"手順{step.no}「{step.label}」はインターネット経由で個人情報を送るが、専用端末・閉域の経路の記載がない。",
            fix="専用端末からのみアクセスできるようにし、safeguards に dedicated_device を記載する。",
        )


@rule("FM108", "unknown-medium-or-transport", Severity.MEDIUM, "PIA(特定個人情報保護評価): 事務の流れの記載")
def unknown_medium(self: Rule, ctx: Context) -> Iterator[Finding]:
    """個人情報を運ぶ手順の記録媒体または運搬方法が記載されていない。

    Why:
        媒体が分からなければ必要な対策も確かめられず、他の運搬のルールはこの手順を判断できない。モデルからは判断で
        きないため確認事項とする。双方が区の庁舎内で作業する受渡し(窓口越しの書類の受渡しなど)は建物の外に出な
        いため、本人あてにその本人の情報を送る配布は送り方を問う理由がないため、対象としない。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 名簿の提供, kind: provide, from: ward, to: contractor, items: [氏名, 住所]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 名簿の提供, kind: provide, from: ward, to: contractor, items: [氏名, 住所],
             medium: paper, transport: hand_delivery, safeguards: [locked_bag, ledger]}
        ```

    Fix:
        付議資料の記載どおりに `medium` と `transport`(USBメモリ・手渡し
        など)を記入する。
    """
    for step in edges(ctx):
        if inside_ward(ctx, step):
            continue  # handed across a desk inside the ward office: nothing leaves the building
        if to_subjects(ctx, step) and not step.reveals_others:
            continue  # a resident's own data posted to that resident: how it travels is not asked
        missing = [name for name, value in (("記録媒体", step.medium), ("運搬方法", ctx.transport(step)))
                   if value.value == "unknown"]
        if missing:
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
                severity=Severity.LOW if to_subjects(ctx, step) else None, question=True,
                message=f"手順{step.no}「{step.label}」の{'・'.join(missing)}が記載されていない。",
                fix="図・表の記載に合わせて medium と transport を記入する(不明なら担当課に確認する)。",
            )


@rule("FM109", "paper-unsealed", Severity.MEDIUM, PMN)
def paper_unsealed(self: Rule, ctx: Context) -> Iterator[Finding]:
    """個人情報を記載した紙を封緘せずに郵送・運送・ポスト投函で区の外へ出す。

    Why:
        封をしていない封筒や束は、扱う人すべてに中身を見せてしまう。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 名簿の送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: paper, transport: tracked_post}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 名簿の送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: paper, transport: tracked_post, safeguards: [sealed]}
        ```

    Fix:
        封入封緘して送り、`sealed` と記載する。
    """
    for step in handovers(ctx):
        if step.medium != Medium.PAPER:
            continue
        if ctx.transport(step) not in (Transport.POST, Transport.TRACKED_POST, Transport.COURIER, Transport.MAILBOX):
            continue
        if not ctx.has(ctx.step_safeguards(step), "sealed"):
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
                message=f"手順{step.no}「{step.label}」は紙を{ctx.transport(step).label}で送るが、封入封緘の記載がない。",
                fix="封入封緘して送付し、safeguards に sealed を記載する。",
            )


@rule("FM111", "delivery-reveals-others", Severity.HIGH, "特記事項 目的外利用及び第三者への提供等の禁止(31項 第8項); 個人情報保護法 第69条")
def delivery_reveals_others(self: Rule, ctx: Context) -> Iterator[Finding]:
    """本人あての配布物が、あて先の本人以外の者の個人情報を見せてしまう。

    Why:
        本人にその本人の情報を送ることは提供の目的そのものだが、一覧表や他の世帯員の情報を載せた通知は、あて先に
        他人の個人情報を提供することになる。本人あての配布(`deliver`)は、本人以外の情報を含む
        (`reveals_others: true`)ときだけ報告する。

    Bad:
        ```yaml
        steps:
          - {no: "④", label: 参加者一覧の送付, kind: deliver, from: contractor, to: residents,
             items: [氏名, 住所], medium: mail_item, transport: post, reveals_others: true}
        ```

    Good:
        ```yaml
        steps:
          - {no: "④", label: 参加証の送付, kind: deliver, from: contractor, to: residents,
             items: [氏名, 住所], medium: mail_item, transport: post}
        ```

    Fix:
        あて先の本人の情報だけを載せる(一覧を送らない、世帯員の情報を伏せる)。
    """
    for step in edges(ctx):
        if to_subjects(ctx, step) and step.reveals_others:
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.owner(step.source), items=step.item_ids,
                message=f"手順{step.no}「{step.label}」の配布物は、あて先の本人以外の個人情報を含む。",
                fix="あて先の本人の情報だけを載せる(一覧を送らない、他の世帯員の情報を伏せる)。",
            )
