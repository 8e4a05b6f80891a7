"""The controlled vocabularies of a flow: party kinds, item categories, step kinds, media,
transports, frequencies and safeguards, each code with the Japanese label staff read.

Codes are English and stable (they appear in flow files and finding ids); labels are what the
diagram, the tables and the reports print. Adding a code is safe; renaming one breaks flows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Labelled(StrEnum):
    """A StrEnum whose members carry a Japanese label (``LABELS`` on the subclass)."""

    @property
    def label(self) -> str:
        return type(self)._labels()[self.value]

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return LABELS[cls.__name__]


class PartyKind(Labelled):
    WARD = "ward"                    # 区 / 実施機関 (甲)
    WARD_DEPARTMENT = "ward_department"  # another department of the ward (情報システム課 …)
    SYSTEM = "system"                # a system, server or PC, always `within` its owner
    CONTRACTOR = "contractor"        # 委託先 (乙)
    SUBCONTRACTOR = "subcontractor"  # 再委託先 (丙), `serves` its contractor
    EXTERNAL = "external"            # organisation linked on a legal basis (国 …)
    CARRIER = "carrier"              # 日本郵便 …: sees what is on the envelope
    DEVICE = "device"                # a device handed out (国が配布する専用タブレット)
    SUBJECTS = "subjects"            # 区民 / 本人 / 対象者


class ItemCategory(Labelled):
    BASIC = "basic"              # 基本4情報 (氏名, 住所, 生年月日, 性別) and their variants
    CONTACT = "contact"          # 電話番号, メールアドレス
    IDENTIFIER = "identifier"    # 世帯番号, 宛名番号, 接種券番号 …
    MY_NUMBER = "my_number"      # マイナンバー / 特定個人情報
    HEALTH = "health"            # 要配慮個人情報: 予診の回答, 接種記録 …
    FREE_TEXT = "free_text"      # 相談内容, アンケート回答 …
    RECORD = "record"            # status and records: 消除フラグ, 配布状況 …
    IMAGE = "image"              # a scanned form, a photo: say what it shows with `contains`
    RECORDING = "recording"      # a call recording, a video: say what it holds with `contains`


class StepKind(Labelled):
    PROVIDE = "provide"              # the ward (or a contractor) hands data to another party
    COLLECT = "collect"              # a party collects data from the subjects
    REPORT = "report"                # a contractor reports back to the ward
    RETURN = "return"                # a party returns data (ends its holding of those items)
    ERASE = "erase"                  # a party erases data (ends its holding), with proof
    DELIVER = "deliver"              # something addressed is delivered to the subjects
    PROCESS = "process"              # work inside one party (extract, pack, print, enter)
    EXTERNAL_LINK = "external_link"  # online link to an outside organisation's system
    ACCESS = "access"                # staff of one party work on another party's system


class Medium(Labelled):
    PAPER = "paper"
    USB = "usb"
    DVD_R = "dvd_r"
    CD_R = "cd_r"
    HDD = "hdd"
    FILE = "file"              # an electronic file (e-mail attachment, upload)
    PC = "pc"                  # a party's PC
    SYSTEM = "system"          # a system or server the data stays in
    TABLET = "tablet"          # a dedicated tablet
    L2WAN = "l2wan"
    LGWAN = "lgwan"
    DEDICATED_LINE = "dedicated_line"
    INTERNET = "internet"
    PHONE = "phone"
    FACE_TO_FACE = "face_to_face"
    MAIL_ITEM = "mail_item"    # an addressed envelope or package
    EMAIL = "email"            # an e-mail (the data as an attachment or in the body)
    FILE_TRANSFER = "file_transfer"    # an online file-transfer service (upload, download link)
    ONLINE_STORAGE = "online_storage"  # a shared online storage (a cloud folder)
    SCANNER = "scanner"
    MULTIFUNCTION_PRINTER = "multifunction_printer"  # 複合機: copies, prints, scans, keeps images
    LENT_TABLET = "lent_tablet"        # a tablet the ward lends or gives to residents
    OTHER = "other"            # a medium the vocabulary lacks: name it in `medium_text`
    UNKNOWN = "unknown"


class Transport(Labelled):
    HAND_DELIVERY = "hand_delivery"   # 手渡し
    POST = "post"                     # 郵送
    TRACKED_POST = "tracked_post"     # 簡易書留・追跡できる郵送
    MAILBOX = "mailbox"               # ポスト投函
    COURIER = "courier"               # 宅配・運送
    NETWORK = "network"               # 回線
    PHONE = "phone"                   # 電話
    WEB = "web"                       # Web form
    COUNTER = "counter"               # 窓口・会場での対面
    IN_PLACE = "in_place"             # does not move (work inside one party / on its system)
    UNKNOWN = "unknown"


class Frequency(Labelled):
    ONCE = "once"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    THREE_TIMES_MONTHLY = "three_times_monthly"
    YEARLY = "yearly"
    PER_EVENT = "per_event"
    AS_NEEDED = "as_needed"
    CONTINUOUS = "continuous"
    UNKNOWN = "unknown"


class Certification(Labelled):
    PRIVACY_MARK = "privacy_mark"
    ISMS = "isms"
    ISMAP = "ismap"               # 政府情報システムのためのセキュリティ評価制度 (clouds)
    ISO_27017 = "iso_27017"       # cloud security controls
    ISO_27018 = "iso_27018"       # personal data in public clouds


class PasswordChannel(Labelled):
    """How the password of an encrypted file or medium reaches the recipient."""

    SAME_EMAIL = "same_email"         # a second e-mail to the same address (PPAP): not separate
    SAME_OCCASION = "same_occasion"   # with the medium itself: not separate
    PHONE = "phone"
    SMS = "sms"
    POST = "post"
    HAND_DELIVERY = "hand_delivery"   # a password notice handed over on another occasion
    OTHER_CHANNEL = "other_channel"   # agreed in advance, another system …
    UNKNOWN = "unknown"


class AccessMeans(Labelled):
    """How a party reaches a shared system."""

    DEDICATED_DEVICE = "dedicated_device"
    CLOSED_NETWORK = "closed_network"         # LGWAN, L2WAN, a dedicated line
    INTERNET_PASSWORD = "internet_password"   # over the internet with an ID and password only
    TWO_FACTOR = "two_factor"                 # over the internet with two-factor authentication
    UNKNOWN = "unknown"


class AccessMode(Labelled):
    READ = "read"
    WRITE = "write"
    READ_WRITE = "read_write"


class CouncilStatus(Labelled):
    """Whether something was put to the privacy council (諮問・報告) and what it answered."""

    ANSWERED = "answered"     # 答申 / 了承 received earlier
    CONSULTED = "consulted"   # put to the council (諮問) in this submission
    REPORTED = "reported"     # reported to the council (報告) in this submission
    NONE = "none"
    UNKNOWN = "unknown"


class TaskUse(Labelled):
    """Whose purpose a task serves: the contracted work, or the party's own."""

    CONTRACTED = "contracted"
    OWN_USE = "own_use"                   # the vendor's own business, marketing …
    PRODUCT_TRAINING = "product_training"  # training or improving a product (AI models …)
    OTHER = "other"


class Provenance(Labelled):
    """Where a party's item came from: what a return or erasure step covers."""

    PROVIDED = "provided"     # handed over by the ward or another party
    COLLECTED = "collected"   # collected from the subjects
    CREATED = "created"       # made by the party's own work (records, tallies)


class Site(Labelled):
    WARD_PREMISES = "ward_premises"   # only inside the ward's offices
    OWN_SITE = "own_site"
    VENUE = "venue"                   # event venues, clinics, call centre floors
    CLOUD = "cloud"
    UNKNOWN = "unknown"


class Country(Labelled):
    JAPAN = "japan"
    ABROAD = "abroad"
    UNKNOWN = "unknown"


class Proof(Labelled):
    CERTIFICATE = "certificate"   # 消去証明書
    REPORT = "report"             # 消去報告書 / 個人情報返却等届出書
    RECEIPT = "receipt"           # 確認書・管理簿 on return
    WITNESSED = "witnessed"       # 区職員が直接確認
    NONE = "none"
    UNKNOWN = "unknown"


class EraseMethod(Labelled):
    OVERWRITE = "overwrite"
    DEGAUSS = "degauss"
    DESTROY = "destroy"
    DELETE = "delete"             # plain deletion of files
    AUTO = "auto"                 # deleted automatically by the device after sending
    UNKNOWN = "unknown"


class MediaScope(Labelled):
    """Which hand-overs a general measure (a hand-over default) governs, by medium."""

    PAPER = "paper"              # 紙 (and addressed mail)
    ELECTRONIC = "electronic"    # 電磁的媒体: USB, DVD-R, CD-R, HDD, files
    NETWORK = "network"          # 回線
    ANY = "any"                  # every medium


class Approval(Labelled):
    APPROVED = "approved"         # prior approval recorded (the council approved the 再委託)
    REQUESTED = "requested"       # submitted in this very submission for approval
    NONE = "none"
    UNKNOWN = "unknown"


LABELS: dict[str, dict[str, str]] = {
    "PasswordChannel": {
        "same_email": "同じ宛先への別メール(PPAP)", "same_occasion": "媒体と同じ機会",
        "phone": "電話", "sms": "SMS", "post": "郵送", "hand_delivery": "別の機会に手渡し",
        "other_channel": "別の経路", "unknown": "不明",
    },
    "AccessMeans": {
        "dedicated_device": "専用端末", "closed_network": "閉域網",
        "internet_password": "インターネット(ID・パスワードのみ)",
        "two_factor": "インターネット(二要素認証)", "unknown": "不明",
    },
    "AccessMode": {"read": "参照", "write": "入力", "read_write": "参照・入力"},
    "CouncilStatus": {
        "answered": "答申・了承済み", "consulted": "本件で諮問", "reported": "本件で報告",
        "none": "付議なし", "unknown": "不明",
    },
    "TaskUse": {
        "contracted": "委託業務", "own_use": "事業者自身の利用",
        "product_training": "製品・サービスの学習・改良", "other": "契約外のその他の利用",
    },
    "Provenance": {"provided": "提供を受けた項目", "collected": "本人から取得した項目", "created": "作成した項目"},
    "PartyKind": {
        "ward": "区", "ward_department": "区の部署", "system": "システム・機器",
        "contractor": "委託先", "subcontractor": "再委託先", "external": "外部結合先",
        "carrier": "運送事業者", "device": "配布機器", "subjects": "区民・本人",
    },
    "ItemCategory": {
        "basic": "基本4情報", "contact": "連絡先", "identifier": "識別番号",
        "my_number": "マイナンバー(特定個人情報)", "health": "健康情報(要配慮個人情報)",
        "free_text": "自由記述", "record": "記録・状況",
        "image": "画像・写真・スキャン", "recording": "録音・録画",
    },
    "StepKind": {
        "provide": "提供", "collect": "取得", "report": "報告", "return": "返却",
        "erase": "消去", "deliver": "配布・送付", "process": "処理",
        "external_link": "外部結合", "access": "システム操作",
    },
    "Medium": {
        "paper": "紙", "usb": "USBメモリ", "dvd_r": "DVD-R", "cd_r": "CD-R", "hdd": "HDD",
        "file": "電子ファイル", "pc": "パソコン", "system": "システム", "tablet": "専用タブレット",
        "l2wan": "L2WAN", "lgwan": "LGWAN", "dedicated_line": "専用線",
        "internet": "インターネット", "phone": "電話", "face_to_face": "対面",
        "mail_item": "郵便物", "email": "電子メール", "file_transfer": "ファイル転送サービス",
        "online_storage": "オンラインストレージ", "scanner": "スキャナ",
        "multifunction_printer": "複合機", "lent_tablet": "区民に貸与するタブレット",
        "other": "その他", "unknown": "不明",
    },
    "Transport": {
        "hand_delivery": "手渡し", "post": "郵送", "tracked_post": "追跡可能な郵送",
        "mailbox": "ポスト投函", "courier": "運送", "network": "回線", "phone": "電話",
        "web": "Web", "counter": "窓口・対面", "in_place": "移動なし", "unknown": "不明",
    },
    "Frequency": {
        "once": "1回", "daily": "毎日", "weekly": "毎週", "monthly": "月1回",
        "three_times_monthly": "月3回", "yearly": "年1回", "per_event": "開催ごと",
        "as_needed": "随時", "continuous": "常時", "unknown": "不明",
    },
    "Certification": {
        "privacy_mark": "プライバシーマーク", "isms": "ISMS(ISO/IEC27001)", "ismap": "ISMAP",
        "iso_27017": "ISO/IEC27017", "iso_27018": "ISO/IEC27018",
    },
    "Site": {
        "ward_premises": "区の庁舎内のみ", "own_site": "自社拠点", "venue": "会場・施設",
        "cloud": "クラウド", "unknown": "不明",
    },
    "Country": {"japan": "国内", "abroad": "国外", "unknown": "不明"},
    "Proof": {
        "certificate": "消去証明書", "report": "報告書・届出書", "receipt": "確認書・管理簿",
        "witnessed": "区職員による確認", "none": "なし", "unknown": "不明",
    },
    "EraseMethod": {
        "overwrite": "上書き消去", "degauss": "磁気消去", "destroy": "物理破壊",
        "delete": "削除", "auto": "自動削除", "unknown": "不明",
    },
    "MediaScope": {"paper": "紙", "electronic": "電磁的媒体", "network": "回線", "any": "すべての媒体"},
    "Approval": {
        "approved": "承諾済み", "requested": "本件で承諾を求める", "none": "承諾なし",
        "unknown": "不明",
    },
}

REMOVABLE_MEDIA = frozenset({Medium.USB, Medium.DVD_R, Medium.CD_R, Medium.HDD, Medium.FILE})
NETWORK_MEDIA = frozenset({Medium.L2WAN, Medium.LGWAN, Medium.DEDICATED_LINE, Medium.INTERNET})
CLOSED_NETWORKS = frozenset({Medium.L2WAN, Medium.LGWAN, Medium.DEDICATED_LINE})
ONLINE_SERVICES = frozenset({Medium.EMAIL, Medium.FILE_TRANSFER, Medium.ONLINE_STORAGE})
STORING_DEVICES = frozenset({Medium.SCANNER, Medium.MULTIFUNCTION_PRINTER, Medium.LENT_TABLET})
SEPARATE_PASSWORD = frozenset({PasswordChannel.PHONE, PasswordChannel.SMS, PasswordChannel.POST,
                               PasswordChannel.HAND_DELIVERY, PasswordChannel.OTHER_CHANNEL})
PAPER_MEDIA = frozenset({Medium.PAPER, Medium.MAIL_ITEM})
MEDIA_IN_SCOPE = {
    MediaScope.PAPER: PAPER_MEDIA, MediaScope.ELECTRONIC: REMOVABLE_MEDIA, MediaScope.NETWORK: NETWORK_MEDIA,
    MediaScope.ANY: frozenset(Medium),
}
WARD_SIDE = frozenset({PartyKind.WARD, PartyKind.WARD_DEPARTMENT})
OUTSIDE_PARTIES = frozenset({PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR})


@dataclass(frozen=True)
class Safeguard:
    """One controlled safeguard: its Japanese label and where it sits (運用上 / システム上).
    Which checklist line it is belongs to a municipality's checklist form (flowmap.flow.profiles)."""

    code: str
    label: str
    scope: str            # "operational" (運用上) or "system" (システム上)


def _s(code: str, label: str, scope: str = "operational") -> Safeguard:
    return Safeguard(code, label, scope)


# The lines of seed 001's checklist (運用上 1–11, システム上 1–11; the shinjuku profile's form),
# then the safeguards that other seeds and the diagrams write on edges and parties.
SAFEGUARDS: dict[str, Safeguard] = {s.code: s for s in [
    _s("clauses_attached", "特記事項を付し個人情報保護法・セキュリティポリシーを遵守"),
    _s("on_site_inspection", "特記事項に基づく立入調査・状況報告"),
    _s("handlers_designated", "取扱責任者及び取扱者の指定・報告"),
    _s("shared_workflow", "区が作成した業務フローの共有・遵守"),
    _s("encrypt_data", "個人情報を含むデータのパスワード付き暗号化"),
    _s("locked_bag", "鍵付きカバンに入れて運搬"),
    _s("ledger", "受渡しを管理簿・確認書に記録"),
    _s("locked_storage", "施錠できる金庫・キャビネットに保管"),
    _s("return_and_erase", "業務履行後の返却・電子データ消去と消去報告書"),
    _s("incident_procedures", "事故・災害時の体制と手順の整備"),
    _s("incident_consultation", "事故発生時・対策変更時の協議"),
    _s("closed_network", "特定相手以外との通信不可", "system"),
    _s("network_device_control", "ネットワーク機器・サーバの制御", "system"),
    _s("encrypted_communication", "通信内容の暗号化", "system"),
    _s("perimeter_defence", "外部からの攻撃防御(ファイアウォール・侵入検知・パッチ適用等)", "system"),
    _s("antivirus", "ウイルス対策ソフト・最新パターンファイル", "system"),
    _s("authentication", "ID・パスワード等による認証", "system"),
    _s("access_control", "アクセス権設定・ファイルのパスワード設定", "system"),
    _s("monitoring_logs", "システム監視・アクセスログの取得と分析", "system"),
    _s("redundancy_backup", "サーバ冗長化・バックアップ", "system"),
    _s("entry_control", "入退室管理", "system"),
    _s("domestic_law_server", "日本国内の法が適用されるサーバ環境", "system"),
    # edge safeguards written on diagrams and in the other seeds
    _s("encrypted_medium", "暗号化機能付き記録媒体(USBメモリ・DVD-R等)"),
    _s("password_separate", "パスワード通知書を別の機会に受け渡し"),
    _s("face_to_face_handover", "区職員と委託先が対面で授受"),
    _s("sealed", "封入封緘"),
    _s("tracked_delivery", "追跡可能な方法で送付"),
    _s("dedicated_device", "専用端末のみからアクセス"),
    _s("no_take_out", "庁舎外・指定場所外への持出し禁止"),
    _s("dummy_data_only", "委託先にはダミーデータのみ使用させる"),
    _s("staff_witness", "区職員の立会い"),
    _s("training", "従事者への研修・教育"),
    _s("monthly_report", "処理状況の定期報告"),
    _s("internet_separated", "インターネットから分離"),
    _s("print_log", "印刷ログの記録・提出"),
    _s("server_only_storage", "データはサーバ上のみで管理し端末に保存しない"),
    _s("separate_database", "他自治体のデータと分離した独立データベース"),
    _s("auto_delete_after_send", "送信後データを端末から自動削除"),
    _s("loss_theft_measures", "紛失・盗難対策(台帳管理・施錠保管・リモートロック)"),
    _s("user_management", "利用者の台帳管理・アクセス権の更新"),
    _s("purpose_statement", "本人への利用目的の明示"),
    _s("extra_care_sensitive", "要配慮個人情報としての追加的な安全管理措置"),
    _s("legal_basis_confirmed", "法令等に基づく結合であることの確認"),
    # online services, clouds, devices and groups of many sites
    _s("transfer_expiry", "ダウンロード期限・回数の制限と送信後のファイル削除", "system"),
    _s("external_environment", "外国の制度等の把握(外的環境の把握)と本人への情報提供"),
    _s("device_storage_erased", "機器内の記憶領域(複合機・スキャナ・タブレット)のデータ消去", "system"),
    _s("copies_controlled", "拠点ごとの複製・配布の管理(部数・配布先・回収の記録)"),
]}


VOCABULARIES: tuple[type[Labelled], ...] = (
    PartyKind, ItemCategory, StepKind, Medium, Transport, Frequency,
    Certification, Site, Country, Proof, EraseMethod, Approval,
    PasswordChannel, AccessMeans, AccessMode, CouncilStatus, TaskUse, Provenance, MediaScope,
)


def vocabulary_markdown() -> str:
    """The vocabularies as markdown tables: the generated part of docs/format.md."""
    out = []
    for cls in VOCABULARIES:
        out += [f"#### {cls.__name__}", "", "| code | 表示 |", "| --- | --- |"]
        out += [f"| `{m.value}` | {m.label} |" for m in cls]
        out.append("")
    out += ["#### Safeguard", "", "| code | 表示 | 区分 |", "| --- | --- | --- |"]
    for s in SAFEGUARDS.values():
        scope = "運用上" if s.scope == "operational" else "システム上"
        out.append(f"| `{s.code}` | {s.label} | {scope} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(vocabulary_markdown(), end="")
