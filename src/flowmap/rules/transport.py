"""FM1xx — transport and media: edges that carry personal items without the safeguards their
medium calls for. Safeguards count wherever the flow places them (the step, either party, the
whole flow, a checklist line); findings say where one was found when it matters."""

from __future__ import annotations

from typing import Iterator

from flowmap.findings import Finding, Severity
from flowmap.model import Step
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import Context
from flowmap.vocabulary import CLOSED_NETWORKS, NETWORK_MEDIA, REMOVABLE_MEDIA, Medium, PartyKind, StepKind, Transport

PMN = "個人情報保護委員会 特定個人情報ガイドライン(記録媒体の持出し)"


def edges(ctx: Context) -> Iterator[Step]:
    """Steps that move personal items from one owner to another (not work on another's system)."""
    for step in ctx.steps:
        if (step.item_ids and step.kind != StepKind.ACCESS and not ctx.dummy_only(step)
                and ctx.owner(step.source) != ctx.owner(step.target)):
            yield step


def to_subjects(ctx: Context, step: Step) -> bool:
    return ctx.kind(step.target) == PartyKind.SUBJECTS


def from_subjects(ctx: Context, step: Step) -> bool:
    return ctx.kind(step.source) == PartyKind.SUBJECTS


def where(found: tuple[str, str] | None) -> str:
    return f"({found[1]}で確認)" if found else ""


@rule("FM101", "unencrypted-electronic-medium", Severity.HIGH, "チェックリスト 運用上の対策 5; " + PMN)
def unencrypted_medium(self: Rule, ctx: Context) -> Iterator[Finding]:
    """An electronic medium (USB, DVD-R, CD-R, HDD, file) carries personal items without encryption.

    Why:
        A lost USB stick or DVD-R is a leak of every record on it unless the data is encrypted.
        The checklist (運用上の対策 5) requires personal data on media to be encrypted with a
        password.

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
        Use an encrypted medium (暗号化機能付きUSBメモリ) or encrypt the file with a password, and
        record it as `encrypted_medium` on the step (or `encrypt_data` on the party or checklist).
    """
    for step in edges(ctx):
        if step.medium in REMOVABLE_MEDIA and not ctx.has(ctx.step_safeguards(step), "encrypted_medium", "encrypt_data"):
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
                message=f"手順{step.no}「{step.label}」は{step.medium.label}で個人情報を運ぶが、暗号化の記載が手順・当事者・チェックリストのいずれにもない。",
                fix="暗号化機能付きの記録媒体を使うかデータをパスワード付きで暗号化し、手順の safeguards に encrypted_medium を記載する。",
            )


@rule("FM102", "password-with-medium", Severity.LOW, "チェックリスト 運用上の対策 5(パスワード通知書は別の機会に受渡し)")
def password_with_medium(self: Rule, ctx: Context) -> Iterator[Finding]:
    """An encrypted medium is handed over and nothing says its password travels separately.

    Why:
        Encryption protects nothing if the password notice travels in the same bag, on the same
        occasion. The checklist (運用上の対策 5) and seed 004 require the medium and the password
        notice to be handed over on separate occasions. The model cannot see the occasion, so the
        finding says 不明 unless `password_separate` is recorded somewhere.

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
        Hand the password notice over on another occasion (別の機会) and record `password_separate`.
        A checklist line 5 marked ○ counts, since that line's text requires it.
    """
    for step in edges(ctx):
        if step.medium not in REMOVABLE_MEDIA:
            continue
        found = ctx.step_safeguards(step)
        encrypted = ctx.has(found, "encrypted_medium", "encrypt_data")
        if not encrypted or "password_separate" in found:
            continue
        if ctx.in_checklist(step, "encrypt_data"):
            continue  # checklist line 5's text includes 別の機会 for the password notice
        yield self.finding(
            ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids, unknown=True,
            message=f"手順{step.no}は暗号化した{step.medium.label}を渡す{where(encrypted)}が、パスワード通知書を別の機会に渡すかどうかの記載がない。",
            fix="パスワード通知書を媒体とは別の機会に渡すことを定め、safeguards に password_separate を記載する。",
        )


@rule("FM103", "hand-delivery-without-locked-bag", Severity.MEDIUM, "チェックリスト 運用上の対策 6; " + PMN)
def hand_delivery_unlocked(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A hand delivery of personal data leaves a building without a locked bag or case.

    Why:
        Media and paper carried through the streets get lost or stolen; the checklist
        (運用上の対策 6) requires a locked bag (鍵付きカバン) for every hand delivery. A handover
        between two parties both working inside the ward's offices does not leave the building
        and is not flagged.

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
        Carry the medium in a locked bag (鍵付きカバン・施錠容器) and record `locked_bag`.
    """
    for step in edges(ctx):
        if step.transport != Transport.HAND_DELIVERY or to_subjects(ctx, step) or from_subjects(ctx, step):
            continue
        if ctx.on_ward_premises(step.source) and ctx.on_ward_premises(step.target):
            continue
        if not ctx.has(ctx.step_safeguards(step), "locked_bag"):
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
                message=f"手順{step.no}「{step.label}」は{step.medium.label}を手渡しで運ぶが、鍵付きカバン等の記載がない。",
                fix="鍵付きカバン等に入れて運搬し、safeguards に locked_bag を記載する。",
            )


@rule("FM104", "handover-without-ledger", Severity.MEDIUM, "チェックリスト 運用上の対策 7(管理簿・確認書)")
def handover_without_ledger(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A handover of personal data is not recorded in a ledger or 確認書.

    Why:
        Without a record of date, handler, content and quantity nobody can tell what was handed
        over or whether it came back (checklist 運用上の対策 7; seed 004's 確認書). Inside the ward's
        own offices the finding is lower, since the data stays in the building.

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
        Record every handover (日時・取扱者・内容・数量) in a ledger or 確認書 and record `ledger`.
    """
    for step in edges(ctx):
        if step.transport != Transport.HAND_DELIVERY or to_subjects(ctx, step) or from_subjects(ctx, step):
            continue
        if ctx.has(ctx.step_safeguards(step), "ledger"):
            continue
        inside = ctx.on_ward_premises(step.source) and ctx.on_ward_premises(step.target)
        yield self.finding(
            ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
            severity=Severity.LOW if inside else None,
            message=f"手順{step.no}「{step.label}」の受渡しを管理簿・確認書に記録する記載がない" + ("(区の庁舎内での受渡し)。" if inside else "。"),
            fix="受渡しの日時・取扱者・内容・数量を管理簿(確認書)に記録し、safeguards に ledger を記載する。",
        )


@rule("FM105", "untracked-post", Severity.HIGH, PMN + "(追跡可能な移送手段)")
def untracked_post(self: Rule, ctx: Context) -> Iterator[Finding]:
    """Media or paper with personal data go by post or courier without a trackable service.

    Why:
        An ordinary letter cannot be traced when it goes missing. The national commission's
        guidance asks for a trackable means (簡易書留 etc.) when personal data are sent. Electronic
        media are rated higher than paper. Delivering mail to the residents themselves is not a
        transfer of the ward's data and is not flagged here.

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
        Send by a trackable service (`transport: tracked_post`) or record `tracked_delivery`.
    """
    for step in edges(ctx):
        if step.transport not in (Transport.POST, Transport.COURIER) or to_subjects(ctx, step):
            continue
        if ctx.has(ctx.step_safeguards(step), "tracked_delivery"):
            continue
        electronic = step.medium in REMOVABLE_MEDIA
        yield self.finding(
            ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
            severity=None if electronic else Severity.MEDIUM,
            message=f"手順{step.no}「{step.label}」は{step.medium.label}を{step.transport.label}で送るが、追跡可能な方法の記載がない。",
            fix="簡易書留など追跡可能な方法で送付し、transport を tracked_post にするか safeguards に tracked_delivery を記載する。",
        )


@rule("FM106", "network-without-encryption", Severity.HIGH, "チェックリスト システム上の対策 1・3")
def network_unencrypted(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A network link carries personal data neither over a closed network nor encrypted.

    Why:
        Data on an open line can be read or altered on the way. The checklist (システム上の対策 1
        and 3) asks for communication only with specific partners, and for encrypted traffic.
        LGWAN, L2WAN and dedicated lines count as closed networks.

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
        Use a closed network (LGWAN, L2WAN, 専用線) or encrypt the traffic and record
        `encrypted_communication` (and `closed_network` where only fixed partners can connect).
    """
    for step in edges(ctx):
        network = step.medium in NETWORK_MEDIA or step.transport in (Transport.NETWORK, Transport.WEB)
        if not network or step.medium in CLOSED_NETWORKS:
            continue
        if ctx.has(ctx.step_safeguards(step), "encrypted_communication", "closed_network"):
            continue
        yield self.finding(
            ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
            message=f"手順{step.no}「{step.label}」は回線({step.medium.label})で個人情報を送るが、閉域網でも通信の暗号化の記載もない。",
            fix="LGWAN・L2WAN・専用線などの閉域網を使うか通信を暗号化し、safeguards に encrypted_communication を記載する。",
        )


@rule("FM107", "internet-without-dedicated-device", Severity.HIGH, "seed 004 外部結合の情報保護対策(国が配布した端末のみアクセス可能)")
def internet_without_device(self: Rule, ctx: Context) -> Iterator[Finding]:
    """Personal data travel over the internet from a device that is not dedicated to the work.

    Why:
        Over the internet, any infected or shared PC is a way in. Seed 004 allows results to be
        entered over the internet only from tablets the state hands out for that one system. Data
        that residents enter themselves (web booking) are not flagged here; their encryption is
        FM106's concern.

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
        Allow access only from dedicated devices (専用端末) or a closed path, and record
        `dedicated_device`.
    """
    for step in edges(ctx):
        if step.medium != Medium.INTERNET or from_subjects(ctx, step):
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
    """An edge carries personal items but its medium or transport is not stated.

    Why:
        Without the medium nobody can check the safeguards it needs; every other transport rule is
        blind on this edge. A delivery to the residents themselves is rated lower.

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
        State `medium` and `transport` as the submission describes them (USBメモリ・手渡し …).
    """
    for step in edges(ctx):
        missing = [name for name, value in (("記録媒体", step.medium), ("運搬方法", step.transport))
                   if value.value == "unknown"]
        if missing:
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
                severity=Severity.LOW if to_subjects(ctx, step) else None,
                message=f"手順{step.no}「{step.label}」の{'・'.join(missing)}が記載されていない。",
                fix="図・表の記載に合わせて medium と transport を記入する(不明なら担当課に確認する)。",
            )


@rule("FM109", "paper-unsealed", Severity.MEDIUM, PMN)
def paper_unsealed(self: Rule, ctx: Context) -> Iterator[Finding]:
    """Paper with personal data leaves the ward by post, courier or letterbox without being sealed.

    Why:
        An open envelope or an unsealed bundle shows its content to everyone who handles it.

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
        Seal the paper (封入封緘) and record `sealed`.
    """
    for step in edges(ctx):
        if step.medium != Medium.PAPER or to_subjects(ctx, step):
            continue
        if step.transport not in (Transport.POST, Transport.TRACKED_POST, Transport.COURIER, Transport.MAILBOX):
            continue
        if not ctx.has(ctx.step_safeguards(step), "sealed"):
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
                message=f"手順{step.no}「{step.label}」は紙を{step.transport.label}で送るが、封入封緘の記載がない。",
                fix="封入封緘して送付し、safeguards に sealed を記載する。",
            )


def relevant(ctx: Context, step: Step) -> list[tuple[str, ...]]:
    """The safeguards the FM1xx rules look for on this step, each as a group of alternatives."""
    groups: list[tuple[str, ...]] = []
    if step.medium in REMOVABLE_MEDIA:
        groups += [("encrypted_medium", "encrypt_data"), ("password_separate",)]
    if not (to_subjects(ctx, step) or from_subjects(ctx, step)):
        if step.transport == Transport.HAND_DELIVERY:
            groups += [("locked_bag",), ("ledger",)]
        if step.transport in (Transport.POST, Transport.COURIER):
            groups += [("tracked_delivery",)]
        if step.medium == Medium.PAPER and step.transport in (Transport.POST, Transport.TRACKED_POST, Transport.COURIER, Transport.MAILBOX):
            groups += [("sealed",)]
    if step.medium in NETWORK_MEDIA - CLOSED_NETWORKS or step.transport in (Transport.NETWORK, Transport.WEB):
        groups += [("encrypted_communication", "closed_network")]
        if step.medium == Medium.INTERNET and not from_subjects(ctx, step):
            groups += [("dedicated_device", "closed_network")]
    return groups


@rule("FM110", "safeguard-not-on-step", Severity.INFO, "チェックリスト; 図に書かれた手順ごとの対策")
def inherited_safeguards(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A transfer relies on safeguards written elsewhere (on a party, the flow, the checklist).

    Why:
        The diagram is what council members read. When ② shows 鍵付きカバン・暗号化 and ②' shows
        nothing, the safeguard for ②' is only implied by the checklist. This note says where each
        safeguard the edge relies on was found, so that a reviewer can confirm it holds for this
        very step.

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 名簿の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: paper, transport: hand_delivery}
        safeguards: [locked_bag, ledger]
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 名簿の提供, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: paper, transport: hand_delivery, safeguards: [locked_bag, ledger]}
        ```

    Fix:
        Write the safeguards on the step itself if they hold for it, as the diagram should show
        them; otherwise accept this note.
    """
    from flowmap.vocabulary import SAFEGUARDS

    for step in edges(ctx):
        found = ctx.step_safeguards(step)
        own = f"手順{step.no}"
        elsewhere = []
        for group in relevant(ctx, step):
            present = [c for c in group if c in found]
            if present and not any(found[c] == own for c in present):
                elsewhere.append((present[0], found[present[0]]))
        if elsewhere:
            listed = "、".join(f"{SAFEGUARDS[c].label}({w})" for c, w in elsewhere)
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
                message=f"手順{step.no}の対策は手順には書かれておらず、次から当てはめた: {listed}。",
                fix="この手順にも当てはまることを確認し、図(手順の safeguards)に明記する。",
            )
