"""FM6xx — online services, clouds, shared systems and devices: e-mail and file transfer, where a
cloud keeps the data and whose law reaches it, who reads a shared system and how, and media the
other families do not know (scanners, multifunction printers, tablets lent to residents, a
medium written in words, an image that contains items)."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from flowmap.flow.clauses import Obligation
from flowmap.flow.model import Party
from flowmap.flow.vocabulary import (
    ONLINE_SERVICES,
    SEPARATE_PASSWORD,
    STORING_DEVICES,
    AccessMeans,
    Country,
    ItemCategory,
    Medium,
    PartyKind,
    PasswordChannel,
)
from flowmap.rules.base import Rule, rule
from flowmap.rules.context import Context
from flowmap.rules.findings import Finding, Severity

MIC = "総務省 地方公共団体における情報セキュリティポリシーに関するガイドライン"
PPAP = "内閣府・内閣官房 パスワード付きファイルとパスワードの同一経路での送付(PPAP)の廃止(令和2年)"
PQ = "個人情報保護委員会 ガイドライン(行政機関等編)・Q&A 外的環境の把握(外国のクラウド)"
ISMAP = "政府情報システムのためのセキュリティ評価制度(ISMAP); ISO/IEC 27017・27018"
MHLW = "厚生労働省 医療情報システムの安全管理に関するガイドライン(外部からのアクセスの二要素認証)"
SENSITIVE = (ItemCategory.HEALTH, ItemCategory.MY_NUMBER)
CERTIFIED = "ISMAP・ISO/IEC27017・27018・プライバシーマーク・ISMS"


def online(ctx: Context) -> Iterator:
    """Transfers on e-mail or an online file service, not sent in by the subjects themselves."""
    for step in ctx.transfers:
        if step.medium in ONLINE_SERVICES and ctx.kind(step.source) != PartyKind.SUBJECTS:
            yield step


@rule("FM601", "online-transfer-unencrypted", Severity.HIGH, MIC + "(電子メール・ファイル送受信)")
def online_unencrypted(self: Rule, ctx: Context) -> Iterator[Finding]:
    """個人情報を電子メール・ファイル転送サービス・オンラインストレージで暗号化せずに送る。

    Why:
        宛先を一字誤れば、電子メールは取り戻せない。添付ファイルを暗号化していなければ、誤送信・盗聴でそのまま
        読まれる。ファイル転送サービス・オンラインストレージでは、ファイルか通信の暗号化が要る。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 名簿の送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: email, transport: network}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 名簿の送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: email, transport: network, password: phone,
             safeguards: [encrypt_data, password_separate]}
        ```

    Fix:
        ファイルを暗号化して送り(`encrypt_data`)、パスワードは別の経路で伝える。転送サービスなら通信の暗号
        化(`encrypted_communication`)も記載する。
    """
    for step in online(ctx):
        codes = ("encrypt_data", "encrypted_medium")
        if step.medium != Medium.EMAIL:
            codes += ("encrypted_communication",)
        if ctx.has(ctx.step_safeguards(step), *codes):
            continue
        yield self.finding(
            ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
            message=f"手順{step.no}「{step.label}」は{ctx.words.label(step.medium)}で個人情報を送るが、暗号化の記載がない。",
            fix="ファイルを暗号化し(encrypt_data)、パスワードを別の経路で伝える(password に phone 等を記載)。",
        )


@rule("FM602", "password-by-the-same-route", Severity.HIGH, PPAP + "; " + MIC + "(電子メール・ファイル送受信)")
def password_same_route(self: Rule, ctx: Context) -> Iterator[Finding]:
    """暗号化したデータのパスワードが同じ経路で届く(同じ宛先への別メール=PPAP、媒体と同じ機会)。

    Why:
        パスワードを同じ宛先への2通目のメールで送っても、誤送信も盗み見も防げない。2通とも同じ人に、同じ経路
        で届くからである。`password_separate`(別の機会に渡す)は、このやり方では満たされない。電子メール・
        転送サービスで送る暗号化データのパスワードの経路が書かれていなければ、確認事項とする。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 名簿の送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: email, transport: network, password: same_email,
             safeguards: [encrypt_data, password_separate]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 名簿の送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: email, transport: network, password: phone,
             safeguards: [encrypt_data, password_separate]}
        ```

    Fix:
        パスワードは電話・郵送・事前に取り決めた別の経路で伝え、`password` にその経路を記載する。可能なら
        パスワード付きファイルの添付をやめ、アクセス制限のあるファイル共有を使う。
    """
    for step in ctx.transfers:
        if ctx.kind(step.source) == PartyKind.SUBJECTS:
            continue
        found = ctx.step_safeguards(step)
        claimed = "password_separate" in found
        if step.password in (PasswordChannel.SAME_EMAIL, PasswordChannel.SAME_OCCASION):
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
                message=f"手順{step.no}「{step.label}」はパスワードを{ctx.words.label(step.password)}で伝えるため、暗号化したデータと同じ経路で届く"
                + ("(password_separate と書かれているが、別の経路ではない)。" if claimed else "。"),
                fix="パスワードを電話・郵送など別の経路で伝え、password に phone 等を記載する。",
            )
            continue
        encrypted = ctx.has(found, "encrypt_data", "encrypted_medium")
        stated = claimed or step.password in SEPARATE_PASSWORD
        if step.medium in ONLINE_SERVICES and encrypted and not stated:
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
                question=True, severity=Severity.MEDIUM,
                message=f"手順{step.no}「{step.label}」は暗号化したデータを{ctx.words.label(step.medium)}で送るが、パスワードを伝える経路が書かれていない。",
                fix="パスワードを伝える経路(電話・郵送・別の機会の手渡し等)を password に記載する。",
            )


@rule("FM603", "file-service-without-expiry", Severity.MEDIUM, MIC + "(外部サービスの利用・ファイル共有)")
def file_service_expiry(self: Rule, ctx: Context) -> Iterator[Finding]:
    """ファイル転送サービス・オンラインストレージに個人情報を置くのに、公開期限・削除の記載がない。

    Why:
        期限のないダウンロードリンクや共有フォルダは、業務の後も誰かが開けるまま残る。ダウンロード期限・回数を
        制限し、受け取った後にファイルを消すことが要る。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 名簿の送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: file_transfer, transport: network,
             safeguards: [encrypted_communication]}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 名簿の送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: file_transfer, transport: network,
             safeguards: [encrypted_communication, transfer_expiry]}
        ```

    Fix:
        ダウンロード期限・回数を制限し、受領後にファイルを削除することを定め、`transfer_expiry` と記載する。
    """
    for step in online(ctx):
        if step.medium == Medium.EMAIL or ctx.has(ctx.step_safeguards(step), "transfer_expiry"):
            continue
        yield self.finding(
            ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids,
            message=f"手順{step.no}「{step.label}」は{ctx.words.label(step.medium)}に個人情報を置くが、公開期限・受領後の削除の記載がない。",
            fix="ダウンロード期限・回数の制限と受領後の削除を定め、safeguards に transfer_expiry を記載する。",
        )


def clouds(ctx: Context) -> Iterator[Party]:
    """Parties run on a cloud whose data the ward answers for (its own and its contractors')."""
    for party in ctx.flow.parties:
        if party.cloud is not None and (ctx.is_ward(party.id) or ctx.is_outside(party.id)):
            yield party


def domestic_law(ctx: Context, party: Party) -> bool:
    """Japanese law governs the cloud: `law: japan`, or the domestic-law safeguard is stated."""
    return party.cloud.law == Country.JAPAN or "domestic_law_server" in ctx.party_safeguards(party.id)


@rule("FM610", "cloud-abroad-or-unknown", Severity.HIGH, PQ + "; " + MIC + "(クラウドサービスの利用)")
def cloud_abroad(self: Rule, ctx: Context) -> Iterator[Finding]:
    """クラウドのデータが国外に保存され、または外国の法が及ぶ(所在・準拠法が不明なら確認事項)。

    Why:
        国外のサーバに置いたデータには、その国の法令(政府によるデータへのアクセスを含む)が及ぶ。チェックリス
        ト(システム上の対策 11)は日本国内の法が適用されるサーバ環境を求めている。`law: japan`(または
        `domestic_law_server`)が国内法の適用を示す。保存場所か準拠法が書かれていなければ、確認事項とする。

    Bad:
        ```yaml
        parties:
          - {id: booking, name: 予約システム, kind: system, within: contractor,
             cloud: {provider: 例クラウド株式会社, provider_country: japan, storage: abroad, law: japan,
                     certifications: [ismap]}}
        ```

    Good:
        ```yaml
        parties:
          - {id: booking, name: 予約システム, kind: system, within: contractor,
             cloud: {provider: 例クラウド株式会社, provider_country: japan, storage: japan, law: japan,
                     certifications: [ismap]}}
        ```

    Fix:
        国内のリージョンに保存し、日本法を準拠法とする契約とし、`cloud.storage: japan`・`cloud.law: japan`
        と記載する。
    """
    for party in clouds(ctx):
        cloud = party.cloud
        abroad = [what for what, country in (("保存場所", cloud.storage), ("準拠法", cloud.law)) if country == Country.ABROAD]
        if abroad:
            yield self.finding(
                ctx, line=cloud.line or party.line, party=party.id,
                message=f"「{party.name}」のクラウドの{'・'.join(abroad)}が国外であり、外国の法令が及ぶ。",
                fix="国内に保存し日本法を準拠法とするクラウドに改めるか、外的環境を把握したうえで審議会に諮る。",
            )
            continue
        unknown = [what for what, country in (("保存場所", cloud.storage), ("準拠法", cloud.law))
                   if country == Country.UNKNOWN and not (what == "準拠法" and domestic_law(ctx, party))]
        if unknown:
            yield self.finding(
                ctx, line=cloud.line or party.line, party=party.id, question=True, severity=Severity.MEDIUM,
                message=f"「{party.name}」のクラウドの{'・'.join(unknown)}が書かれておらず、国内法が適用されるか判断できない。",
                fix="データの保存場所(cloud.storage)と準拠法(cloud.law)を確認して記載する。",
            )


@rule("FM611", "foreign-cloud-provider", Severity.MEDIUM, PQ)
def foreign_provider(self: Rule, ctx: Context) -> Iterator[Finding]:
    """外国の事業者のクラウドを使うのに、外的環境の把握の記載がない(サーバが国内でも)。

    Why:
        サーバが日本にあっても、外国の事業者には本国の法令(データの提出命令など)が及びうる。個人情報保護委員会
        は、このときも事業者の所在国の制度を把握し(外的環境の把握)、安全管理措置に反映するよう求めている。

    Bad:
        ```yaml
        parties:
          - {id: booking, name: 予約システム, kind: system, within: contractor,
             cloud: {provider: Example Cloud Inc., provider_country: abroad, storage: japan, law: japan,
                     certifications: [ismap]}}
        ```

    Good:
        ```yaml
        parties:
          - {id: booking, name: 予約システム, kind: system, within: contractor,
             cloud: {provider: Example Cloud Inc., provider_country: abroad, storage: japan, law: japan,
                     certifications: [ismap]},
             safeguards: [external_environment]}
        ```

    Fix:
        事業者の所在国の個人情報の制度を把握して記録し、`external_environment` と記載する。
    """
    for party in clouds(ctx):
        if party.cloud.provider_country != Country.ABROAD:
            continue
        if "external_environment" in ctx.party_safeguards(party.id):
            continue
        provider = party.cloud.provider or "提供事業者"
        yield self.finding(
            ctx, line=party.cloud.line or party.line, party=party.id,
            message=f"「{party.name}」は外国の事業者({provider})のクラウドを使うが、外的環境の把握の記載がない"
            + ("(サーバは国内)。" if party.cloud.storage == Country.JAPAN else "。"),
            fix="事業者の所在国の制度を把握して記録し、safeguards に external_environment を記載する。",
        )


@rule("FM612", "cloud-without-certification", Severity.MEDIUM, ISMAP)
def cloud_certification(self: Rule, ctx: Context) -> Iterator[Finding]:
    """クラウドの提供事業者か、その第三者認証(ISMAP・ISO/IEC 27017・27018・プライバシーマーク・ISMS)が記載されていない。

    Why:
        クラウドの安全性は、利用者が自ら確かめることが難しい。政府情報システムは ISMAP
        に登録されたサービスを使い、地方公共団体もこれを参照する。事業者の名さえ書かれていなければ、確認事項とす
        る。

    Bad:
        ```yaml
        parties:
          - {id: booking, name: 予約システム, kind: system, within: contractor,
             cloud: {provider: 例クラウド株式会社, provider_country: japan, storage: japan, law: japan}}
        ```

    Good:
        ```yaml
        parties:
          - {id: booking, name: 予約システム, kind: system, within: contractor,
             cloud: {provider: 例クラウド株式会社, provider_country: japan, storage: japan, law: japan,
                     certifications: [ismap, iso_27017]}}
        ```

    Fix:
        提供事業者(`cloud.provider`)と、そのサービスが取得している認証(`cloud.certifications`)を記載す
        る。
    """
    for party in clouds(ctx):
        cloud = party.cloud
        if cloud.provider is None:
            yield self.finding(
                ctx, line=cloud.line or party.line, party=party.id, question=True,
                message=f"「{party.name}」のクラウドの提供事業者が書かれていない。",
                fix="クラウドの提供事業者と、その認証(ISMAP・ISO/IEC27017 等)を cloud に記載する。",
            )
        elif not cloud.certifications:
            yield self.finding(
                ctx, line=cloud.line or party.line, party=party.id,
                message=f"「{party.name}」のクラウド({cloud.provider})の認証({CERTIFIED})が記載されていない。",
                fix="サービスが取得している認証を cloud.certifications に記載するか、認証のあるサービスに改める。",
            )


def grants(ctx: Context) -> Iterator[tuple[Party, object]]:
    for system in ctx.flow.parties:
        for grant in system.access:
            if grant.item_ids:
                yield system, grant


@rule("FM620", "sensitive-over-internet-password-only", Severity.HIGH, MIC + "(多要素認証); " + MHLW)
def sensitive_password_only(self: Rule, ctx: Context) -> Iterator[Finding]:
    """共有システムの要配慮個人情報・マイナンバーを、インターネットから ID・パスワードだけで見られる。

    Why:
        地域の医療・介護ネットワークや予約システムには多くの事業者がつながる。ID とパスワードは盗まれ、使い回さ
        れる。健康情報やマイナンバーを、インターネット越しにそれだけで見られるなら、一人の漏えいが全員の漏えいに
        なる。専用端末・閉域網・二要素認証のいずれかが要る。

    Bad:
        ```yaml
        items:
          - {id: checkup, label: 健診結果, category: health}
        parties:
          - {id: network, name: 地域医療介護ネットワーク, kind: system, within: ward,
             access: [{party: contractor, items: [氏名, 健診結果], means: internet_password}]}
        ```

    Good:
        ```yaml
        items:
          - {id: checkup, label: 健診結果, category: health}
        parties:
          - {id: network, name: 地域医療介護ネットワーク, kind: system, within: ward,
             access: [{party: contractor, items: [氏名, 健診結果], means: two_factor}]}
        ```

    Fix:
        二要素認証・専用端末・閉域網のいずれかでのみ利用できるようにし、`means` に記載する。
    """
    sensitive = {i.id for i in ctx.flow.items if i.category in SENSITIVE}
    for system, grant in grants(ctx):
        items = [i for i in grant.item_ids if i in sensitive]
        if grant.means != AccessMeans.INTERNET_PASSWORD or not items:
            continue
        reader = ctx.parties[grant.party]
        yield self.finding(
            ctx, line=grant.line or system.line, party=grant.party, items=items, subject=f"{system.id}|{grant.party}",
            message=f"{reader.name}は「{system.name}」の要配慮個人情報・マイナンバーを、インターネットから ID・パスワードだけで見られる。",
            fix="二要素認証・専用端末・閉域網のいずれかに限り、access の means に two_factor 等を記載する。",
        )


@rule("FM621", "shared-access-means-unknown", Severity.LOW, MIC + "(アクセス制御)")
def access_means_unknown(self: Rule, ctx: Context) -> Iterator[Finding]:
    """共有システムに、どの経路で(専用端末・閉域網・インターネット)つながるかが書かれていない。

    Why:
        経路が分からなければ、必要な認証や通信の保護を判断できない。確認事項とする。

    Bad:
        ```yaml
        parties:
          - {id: booking, name: 予約システム, kind: system, within: ward,
             access: [{party: contractor, items: [氏名, 住所]}]}
        ```

    Good:
        ```yaml
        parties:
          - {id: booking, name: 予約システム, kind: system, within: ward,
             access: [{party: contractor, items: [氏名, 住所], means: dedicated_device}]}
        ```

    Fix:
        利用者ごとの経路を `access` の `means`(dedicated_device・closed_network・two_factor・
        internet_password)に記載する。
    """
    for system, grant in grants(ctx):
        if grant.means == AccessMeans.UNKNOWN:
            yield self.finding(
                ctx, line=grant.line or system.line, party=grant.party, items=grant.item_ids, question=True,
                subject=f"{system.id}|{grant.party}",
                message=f"{ctx.parties[grant.party].name}が「{system.name}」にどの経路でつながるか書かれていない。",
                fix="専用端末・閉域網・インターネット(二要素認証か ID・パスワードのみか)のいずれかを means に記載する。",
            )


@rule("FM622", "shared-access-beyond-need", Severity.MEDIUM, "特記事項 保有の制限; 委託基準(必要最小限の情報項目)")
def access_beyond_need(self: Rule, ctx: Context) -> Iterator[Finding]:
    """共有システムで、利用者の業務が必要としない情報項目まで見られる。

    Why:
        見られる項目は、その当事者が保有する項目と同じである。共有システムのアクセス権は、各利用者の業務に要る項
        目だけに絞る(必要最小限)。業務(tasks)が書かれていない当事者は判断しない。

    Bad:
        ```yaml
        items:
          - {id: phone, label: 電話番号, category: contact}
        parties:
          - {id: booking, name: 予約システム, kind: system, within: ward,
             access: [{party: contractor, items: [氏名, 住所, 電話番号], means: dedicated_device}]}
        ```

    Good:
        ```yaml
        items:
          - {id: phone, label: 電話番号, category: contact}
        parties:
          - {id: booking, name: 予約システム, kind: system, within: ward,
             access: [{party: contractor, items: [氏名, 住所], means: dedicated_device}]}
        ```

    Fix:
        アクセス権を業務に要る項目に絞るか、その項目を必要とする業務を `tasks` に書く。
    """
    for system, grant in grants(ctx):
        owner = ctx.owner(grant.party)
        if ctx.is_ward(owner) or ctx.kind(owner) == PartyKind.SUBJECTS:
            continue
        if not any(ctx.parties[p].tasks for p in ctx.members(owner)):
            continue
        needed = ctx.needs(owner)
        extra = [i for i in grant.item_ids if i not in needed]
        if extra:
            ref = ctx.clause(owner, Obligation.PURPOSE_LIMITATION, Obligation.MINIMUM_COLLECTION)
            yield self.finding(
                ctx, line=grant.line or system.line, party=grant.party, items=extra, subject=f"{system.id}|{grant.party}",
                basis=f"{ref.text}; 委託基準(必要最小限の情報項目)" if ref else None,
                message=f"{ctx.parties[grant.party].name}は「{system.name}」で、業務に必要とされない項目まで見られる: {'、'.join(ctx.label(i) for i in extra)}。",
                fix="アクセス権を業務に要る項目に絞るか、その項目を必要とする業務を tasks に明記する。",
            )


@rule("FM630", "medium-in-words", Severity.LOW, "PIA(特定個人情報保護評価): 事務の流れの記載")
def medium_in_words(self: Rule, ctx: Context) -> Iterator[Finding]:
    """記録媒体が語彙にない言葉(medium: other)で書かれ、必要な対策を判断できない。

    Why:
        FAX・録音機・業務用スマートフォンなど、語彙にない媒体も付議資料には現れる。それを拒まずに記録するが、ど
        の対策が要るかは判断できないため、確認事項とする。

    Bad:
        ```yaml
        steps:
          - {no: "②", label: 名簿の送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: other, medium_text: FAX, transport: network}
        ```

    Good:
        ```yaml
        steps:
          - {no: "②", label: 名簿の送付, kind: provide, from: ward, to: contractor,
             items: [氏名, 住所], medium: usb, transport: hand_delivery,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        語彙にある媒体で書けるならそれに改める。書けないなら、その媒体に要る対策を担当課に確認し、理由を付けて承
        認する。
    """
    for step in ctx.steps:
        if step.medium == Medium.OTHER and step.item_ids:
            yield self.finding(
                ctx, line=step.line, step=step.no, party=ctx.edge_party(step), items=step.item_ids, question=True,
                message=f"手順{step.no}「{step.label}」の記録媒体「{step.medium_text}」は語彙になく、必要な対策を判断できない。",
                fix="語彙の媒体で書けるなら改める。書けないなら必要な対策を担当課に確認し、理由を付けて承認する。",
            )


@rule("FM631", "device-storage-not-erased", Severity.MEDIUM, MIC + "(機器の廃棄・返却時の記憶媒体の消去)")
def device_storage(self: Rule, ctx: Context) -> Iterator[Finding]:
    """複合機・スキャナ・住民に貸与するタブレットに残るデータの消去が書かれていない。

    Why:
        複合機やスキャナは読み取った画像を内部の記憶装置に残し、貸与したタブレットは次の住民に渡る。機器の中の
        データを消す手順がなければ、リース返却や次の貸出しで漏えいする。

    Bad:
        ```yaml
        steps:
          - {no: "③", label: 申請書の読取り, kind: process, at: contractor, items: [氏名, 住所],
             medium: multifunction_printer, transport: in_place}
        ```

    Good:
        ```yaml
        steps:
          - {no: "③", label: 申請書の読取り, kind: process, at: contractor, items: [氏名, 住所],
             medium: multifunction_printer, transport: in_place, safeguards: [device_storage_erased]}
        ```

    Fix:
        機器内の記憶領域を消去する(返却時・貸出しごと・自動消去)ことを定め、`device_storage_erased`
        (送信後に自動で消えるなら `auto_delete_after_send`)と記載するか、消去の手順を加える。
    """
    by_party: dict[tuple[str, Medium], list] = defaultdict(list)
    for step in ctx.steps:
        if step.medium in STORING_DEVICES and step.item_ids and not ctx.dummy_only(step):
            by_party[(ctx.edge_party(step), step.medium)].append(step)
    for (party, medium), steps in by_party.items():
        if any(ctx.has(ctx.step_safeguards(s), "device_storage_erased", "auto_delete_after_send") for s in steps):
            continue
        erased = any(s.kind.value == "erase" and s.medium == medium for s in ctx.steps)
        if erased:
            continue
        first = steps[0]
        items = list(dict.fromkeys(i for s in steps for i in s.item_ids))
        yield self.finding(
            ctx, line=first.line, step=first.no, party=party, items=items, subject=f"{party}|{medium.value}",
            message=f"{'・'.join(s.no for s in steps)}で使う{ctx.words.label(medium)}に残るデータを消去することが書かれていない。",
            fix="機器内の記憶領域の消去(返却時・貸出しごと)を定め、safeguards に device_storage_erased を記載する。",
        )


@rule("FM632", "contents-unstated", Severity.LOW, "委託基準(必要最小限の情報項目); PIA 事務の流れ")
def contents_unstated(self: Rule, ctx: Context) -> Iterator[Finding]:
    """画像・録音が受け渡されるのに、何の情報項目を含むか(contains)が書かれていない。

    Why:
        スキャンした申請書、通話の録音、写真は、それ自体が個人情報の束である。何が写り、何が録られているかが分か
        らなければ、必要な項目か、要配慮個人情報を含むかを判断できない。確認事項とする。

    Bad:
        ```yaml
        items:
          - {id: scan, label: 申請書の画像, category: image}
        steps:
          - {no: "②", label: 申請書画像の提供, kind: provide, from: ward, to: contractor,
             items: [申請書の画像], medium: usb, transport: hand_delivery,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Good:
        ```yaml
        items:
          - {id: scan, label: 申請書の画像, category: image, contains: [氏名, 住所]}
        steps:
          - {no: "②", label: 申請書画像の提供, kind: provide, from: ward, to: contractor,
             items: [申請書の画像], medium: usb, transport: hand_delivery,
             safeguards: [encrypted_medium, password_separate, locked_bag, ledger]}
        ```

    Fix:
        画像・録音が含む情報項目を `contains` に記載する。
    """
    used = {i for s in ctx.steps for i in s.item_ids}
    for item in ctx.flow.items:
        if item.category in (ItemCategory.IMAGE, ItemCategory.RECORDING) and not item.contains and item.id in used:
            first = next(s for s in ctx.steps if item.id in s.item_ids)
            yield self.finding(
                ctx, line=item.line, step=first.no, items=[item.id], question=True, subject=f"item|{item.id}",
                message=f"「{item.label}」({item.category.label})が何の情報項目を含むか書かれていない。",
                fix="写っている・録られている情報項目を items の contains に記載する。",
            )
