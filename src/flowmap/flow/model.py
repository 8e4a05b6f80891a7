"""The flow model: one submission's personal-data flow, as pydantic models.

The models only describe the shape of a flow file and check what one field can check alone.
Checks that span the file (unknown ids, item labels, duplicate step numbers) live in
``flowmap.flow.references``, so that each error can point at the line of the field it concerns.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, WithJsonSchema, field_validator

from flowmap.flow.vocabulary import (
    AccessMeans,
    AccessMode,
    Approval,
    Certification,
    CouncilStatus,
    Country,
    EraseMethod,
    Frequency,
    ItemCategory,
    MediaScope,
    Medium,
    PartyKind,
    PasswordChannel,
    Proof,
    Provenance,
    Site,
    StepKind,
    TaskUse,
    Transport,
)

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_\-]*$",
        max_length=64,
        description="半角の識別子: 英小文字・数字・`-`・`_` で書く。",
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class Node(BaseModel):
    """Base of every model: unknown keys are errors, and each node remembers its YAML line."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    _line: int = PrivateAttr(default=0)

    @property
    def line(self) -> int:
        """The 1-based line of this node in its flow file (0 when built in code)."""
        return self._line


class FreeSafeguard(Node):
    """A safeguard the vocabulary does not cover, kept as the submission words it."""

    text: Text


# a safeguard code: checked against the vocabulary by the loader (references.py), offered to
# editors as an enum by the schema (flowmap.flow.schema adds $defs/Safeguard)
SafeguardCode = Annotated[str, WithJsonSchema({"x-vocabulary": "Safeguard"})]
SafeguardRef = Annotated[
    SafeguardCode | FreeSafeguard,
    Field(description="語彙にある安全対策のコード。語彙にない対策は `{text: ...}` で自由に書く。"),
]


class Period(Node):
    start: dt.date | None = None
    end: dt.date | None = None
    text: str | None = Field(None, description="期間(資料の書き方のまま)。")


class Subjects(Node):
    count: int | None = Field(None, ge=0, description="対象者の数(資料に記載があれば)。")
    description: str | None = None
    as_of: str | None = None


class Amendment(Node):
    """The earlier approval this submission changes (seed 002 adds 旧氏 to older contracts)."""

    approval: Text = Field(description="変更する承認(資料の引用のまま。例: 平成21年度第7回本審議会了承事項)。")
    flow: Id | None = Field(None, description="以前の版のフローを書いてあれば、その案件の `id`。")
    change_date: dt.date | None = None


class Submission(Node):
    id: Id
    title: Text = Field(description="件名")
    department: Text = Field(description="担当課")
    division: str | None = Field(None, description="担当部課(部と課。資料の書き方のまま)")
    council: str | None = Field(None, description="付議先(審議会など)")
    legal_basis: list[Text] = Field(default_factory=list, description="根拠(資料の書き方のまま)")
    diagram_ref: str | None = Field(None, description="図の資料番号(資料19-1 …)")
    purpose: str | None = None
    subjects: Subjects = Field(default_factory=Subjects)
    period: Period = Field(default_factory=Period)
    date: dt.date | None = Field(None, description="付議の日付(資料に記載があれば)。")
    privacy_assessment: str | None = Field(
        None, description="マイナンバーを扱う場合の特定個人情報保護評価(時期・段階。資料の書き方のまま)。")
    amends: Amendment | None = None


class Location(Node):
    site: Site = Site.UNKNOWN
    country: Country = Country.UNKNOWN


class Council(Node):
    """Whether the privacy council saw this (諮問・報告) and what it answered (答申・了承)."""

    status: CouncilStatus = CouncilStatus.UNKNOWN
    number: str | None = Field(None, description="諮問・答申の番号(引用のまま。諮問第3号、答申第5号)")
    date: dt.date | None = Field(None, description="答申の日付、または審議会の開催日")
    text: str | None = Field(None, description="承認の内容(資料の引用のまま)")


class Cloud(Node):
    """A cloud service a party or system runs on: who provides it, where the data is stored,
    whose law governs the provider, and the certifications it holds."""

    provider: str | None = Field(None, description="クラウド事業者(事業者名)")
    provider_country: Country = Field(Country.UNKNOWN, description="事業者の所在国")
    storage: Country = Field(Country.UNKNOWN, description="データの保存場所(サーバの所在国)")
    law: Country = Field(Country.UNKNOWN, description="サービスと紛争に適用される法令の国(準拠法)")
    certifications: list[Certification] = Field(default_factory=list)


class AccessGrant(Node):
    """One party's access to a shared system: what it can see and how it gets there."""

    party: Id
    items: list[str] = Field(default_factory=list, description="この当事者が見られる情報項目(id・名称・グループ)。")
    means: AccessMeans = AccessMeans.UNKNOWN
    mode: AccessMode = AccessMode.READ
    _items: tuple[str, ...] = PrivateAttr(default=())
    _party_name: str = PrivateAttr(default="")

    @property
    def item_ids(self) -> tuple[str, ...]:
        return self._items

    @property
    def party_name(self) -> str:
        """The user's name (set by the loader), kept when a page of the diagram leaves it out."""
        return self._party_name or self.party


class Count(Node):
    """A party that stands for many (22 shops of a union, about 150 clinics, all schools)."""

    number: int | None = Field(None, ge=1, description="拠点・機関の数(資料に記載があれば)")
    approximate: bool = Field(False, description="資料が「約」と書いていれば true")
    description: str | None = Field(None, description="拠点・機関の説明(資料の書き方のまま)")
    distribution: str | None = Field(None, description="複製を各拠点に配る方法(資料に書かれた事実として)")

    @property
    def many(self) -> bool:
        return self.number is None or self.number > 1

    @property
    def text(self) -> str:
        if self.number is None:
            return self.description or "複数"
        return ("約" if self.approximate else "") + f"{self.number:,}"


class Task(Node):
    """Something a party does, and the items that work needs (the yardstick of minimisation)."""

    id: Id
    label: Text
    use: TaskUse = Field(TaskUse.CONTRACTED, description="業務が誰の目的のためのものか。")
    needs: list[str] = Field(default_factory=list, description="業務に必要な情報項目(情報項目・グループの id または名称)。")
    produces: list[str] = Field(
        default_factory=list, description="この業務で作成する情報項目(記録、通話記録、集計結果 など)。"
    )
    copies_documents: bool = Field(False, description="この業務で資料・データを複写・複製する。")
    _needs: tuple[str, ...] = PrivateAttr(default=())
    _produces: tuple[str, ...] = PrivateAttr(default=())

    @property
    def needed_items(self) -> tuple[str, ...]:
        """Item ids after resolving labels and groups (set by the loader)."""
        return self.__pydantic_private__["_needs"]

    @property
    def produced_items(self) -> tuple[str, ...]:
        return self._produces


class Declared(Node):
    """A party's row of the submission's table, kept as the seed states it."""

    items: list[Text] = Field(default_factory=list, description="情報項目(表の記載のまま)")
    complete: bool = Field(True, description="表が「など」と書いているか、他の箇所を参照しているときは false")
    media: list[Text] = Field(default_factory=list, description="記録媒体(表の記載のまま)")


class Contract(Node):
    """The contract that binds an outside party, as the submission's table states it."""

    title: str | None = Field(None, description="この契約の表の件名")
    business: str | None = Field(None, description="登録業務の名称(表の記載のまま)")
    reason: str | None = Field(None, description="委託理由")
    work: list[Text] = Field(default_factory=list, description="委託の内容")
    purposes: list[Text] = Field(default_factory=list, description="契約で認める利用目的")
    period: Period | None = None


class Party(Node):
    id: Id
    name: Text
    kind: PartyKind
    within: Id | None = Field(None, description="システム・パソコン・機器の持ち主(当事者の id)。")
    serves: Id | None = Field(None, description="再委託先の場合: 再委託元の委託先(当事者の id)。")
    certifications: list[Certification] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)
    clauses: Id | None = Field(None, description="この当事者に適用する特記事項のセット(id)。")
    approval: Approval | None = Field(None, description="再委託の承諾の状況。")
    legal_basis: str | None = Field(None, description="外部結合の法令上の根拠。")
    council: Council | None = Field(None, description="この当事者への結合・提供についての審議会の承認。")
    cloud: Cloud | None = Field(None, description="この当事者・システムが利用するクラウドサービス。")
    access: list[AccessGrant] = Field(default_factory=list, description="共用のシステムの場合: アクセスする当事者。")
    count: Count | None = Field(None, description="多数の拠点・機関をまとめて表す当事者の場合に書く。")
    safeguards: list[SafeguardRef] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    declared: Declared | None = None
    contract: Contract | None = None
    note: str | None = None


class Slip(Node):
    """The same item written differently in another part of the submission (a slip), kept as the
    submission writes it: seed 001's diagram says 削除フラグ where its table says 消除フラグ."""

    text: Text = Field(description="その箇所での言葉(記載のまま)。")
    where: Text = Field(description="そう書いてある資料の箇所(図の配布対象者情報の枠 …)。")


class Item(Node):
    id: Id
    label: Text
    category: ItemCategory
    aliases: list[Text] = Field(default_factory=list)
    contains: list[str] = Field(
        default_factory=list, description="画像・録音・ファイルに含まれる情報項目(id または名称)。"
    )
    _contains: tuple[str, ...] = PrivateAttr(default=())

    @property
    def contained_items(self) -> tuple[str, ...]:
        """Item ids it contains, nested containers expanded (set by the loader)."""
        return self._contains
    slips: list[Slip] = Field(
        default_factory=list,
        description="資料がこの情報項目を誤って別の言葉で書いたもの。その言葉もこの項目として読み、"
                    "FM505 がそれぞれを不一致として指摘する。")


class Group(Node):
    id: Id
    label: Text
    items: list[str] = Field(min_length=1)


# ①–⑳, then ㉑–㉟ and ㊱–㊿: seed 004 (資料47-1-1) needs more than twenty steps
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"
PRIMES = "'′’"
# Beyond ㊿ (no circled character exists) a number is written in parentheses: (51), (52)' …
_NUMBER_RE = re.compile(rf"(?:([{CIRCLED}])|\((\d{{2,9}})\))([{PRIMES}]*)")
# a submission's diagram has tens of steps; the benchmark's largest flow 16,000. A number far
# beyond what a file can hold only makes rules and drawings report emptiness (a gap of a million)
MAX_STEP_NUMBER = 20_000
MAX_PRIMES = 9


@dataclass(frozen=True, order=True)
class StepNumber:
    """One number of a step: ② is (2, 0), ②' is (2, 1)."""

    base: int
    primes: int = 0

    def __str__(self) -> str:
        head = CIRCLED[self.base - 1] if self.base <= len(CIRCLED) else f"({self.base})"
        return head + "'" * self.primes


@functools.lru_cache(maxsize=65536)  # pure, and read for every step by many rules
def parse_step_number(text: str) -> tuple[StepNumber, ...]:
    """Parse "③③'" into (③, ③'). Raises ValueError with what is wrong."""
    if not text:
        raise ValueError("手順番号が空です。①、②' のように書いてください")
    numbers, pos = [], 0
    for match in _NUMBER_RE.finditer(text):
        if match.start() != pos:
            break
        if match.group(1):
            base = CIRCLED.index(match.group(1)) + 1
        else:
            base = int(match.group(2))
            if base <= len(CIRCLED):
                raise ValueError(f"({base}) は丸数字 {CIRCLED[base - 1]} で書いてください(括弧書きは 51 から)")
            if base > MAX_STEP_NUMBER:
                raise ValueError(f"手順番号 ({base}) は大きすぎます((1) から ({MAX_STEP_NUMBER}) までで振ってください)")
        if len(match.group(3)) > MAX_PRIMES:
            raise ValueError(f"手順番号の ' は {MAX_PRIMES} 個までです")
        numbers.append(StepNumber(base, len(match.group(3))))
        pos = match.end()
    if short := re.fullmatch(r"[((]([1-9]|[1-4][0-9]|50)[))]", text):
        raise ValueError(f"{text} は丸数字 {CIRCLED[int(short.group(1)) - 1]} で書いてください")
    if pos != len(text) or not numbers:
        raise ValueError(
            "手順番号は ①、②'、③③' のように丸数字で書いてください(①〜㊿、51 からは (51)、(52) …。"
            "後に ' を付けられます)"
        )
    return tuple(numbers)


class Step(Node):
    no: str = Field(description="手順番号(図の書き方のまま): ①、②'、③③'。")
    label: Text
    kind: StepKind
    from_: Id | None = Field(None, alias="from")
    to: Id | None = None
    at: Id | None = Field(None, description="一つの当事者の中の作業(抽出・印字・入力 など)の場合: その当事者。")
    via: Id | None = Field(None, description="途中で媒体を取り扱う運送事業者。")
    items: list[str] = Field(default_factory=list, description="運ぶ情報項目(情報項目・グループの id または名称)。")
    tasks: list[Id] = Field(
        default_factory=list,
        description="この受渡しで使う、受け取る当事者の業務の id(書かなければ、その当事者のすべての業務)。",
    )
    medium: Medium = Medium.UNKNOWN
    medium_text: str | None = Field(None, description="記録媒体を語で書いたもの(`medium: other` と併せて書く)。")
    transport: Transport = Transport.UNKNOWN
    password: PasswordChannel | None = Field(None, description="暗号化したデータのパスワードの伝え方。")
    mode: AccessMode | None = Field(None, description="システム操作(`access`)の手順の場合: 参照 `read`(システム → 当事者)または入力 `write`。")
    frequency: Frequency = Frequency.UNKNOWN
    when: str | None = Field(None, description="時期(図の書き方のまま。R6.7.1時点)。")
    safeguards: list[SafeguardRef] = Field(default_factory=list)
    proof: Proof | None = Field(None, description="返却・消去の証明。")
    method: EraseMethod | None = Field(None, description="消去の方法。")
    covers: list[Provenance] = Field(
        default_factory=list, description="返却・消去の場合: その当事者の情報項目のうち対象とするもの(出どころで指定)。"
    )
    legal_basis: str | None = None
    council: Council | None = Field(None, description="この提供・結合についての審議会の承認。")
    reveals_others: bool = Field(
        False, description="本人への配布・送付で、各宛先に他人の情報(名簿、同じ世帯の他の人 など)が見えるもの。"
                           "false: 各人は自分の情報だけを受け取る。")
    note: str | None = None
    _items: tuple[str, ...] = PrivateAttr(default=())

    @field_validator("no")
    @classmethod
    def _check_no(cls, value: str) -> str:
        parse_step_number(value)
        return value

    @property
    def numbers(self) -> tuple[StepNumber, ...]:
        return parse_step_number(self.no)

    @property
    def source(self) -> str:
        """The party the step starts at (the party itself for an internal step)."""
        return self.from_ or self.at or ""

    @property
    def target(self) -> str:
        return self.to or self.at or ""

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Carried item ids after resolving labels and groups (set by the loader)."""
        return self.__pydantic_private__["_items"]  # direct: rules read this very often


class HandoverDefault(Node):
    """A general measure of the submission that governs every hand-over of a kind, e.g. 区の対策5
    「電磁的媒体の授受は、必ず区職員及び委託先業者が対面で行う」. Steps it governs inherit its transport
    (when they state none) and its safeguards, unless they say otherwise."""

    text: str | None = Field(None, description="対策(資料の書き方のまま)。")
    source: Text = Field(description="資料での記載箇所: 区の対策5、受託事業者の対策4 …")
    media: list[MediaScope] = Field(
        default_factory=lambda: [MediaScope.ANY], description="当てはまる媒体(`paper`、`electronic`、`network`、`any`)。")
    between: list[Id] = Field(
        default_factory=list,
        description="受渡しをする当事者(組織): 両端がこの中の当事者(またはそのシステム)である手順に当てはまる。"
                    "空のとき: 二つの組織の間のすべての受渡し。")
    transport: Transport | None = Field(None, description="当てはまる手順が運搬方法を書いていないときの運搬方法。")
    safeguards: list[SafeguardRef] = Field(default_factory=list, description="当てはまる手順が引き継ぐ安全対策。")


class Checklist(Node):
    """One side of the 個人情報保護対策チェックリスト: lines marked ○ and lines marked －."""

    applied: list[SafeguardCode] = Field(default_factory=list, description="○ を付けた対策のコード")
    not_needed: list[SafeguardCode] = Field(default_factory=list, description="－ を付けた対策のコード")


class Checklists(Node):
    ward: Checklist | None = None
    contractor: Checklist | None = None


class Accepted(Node):
    """A finding a reviewer has accepted; it stays listed as accepted."""

    id: Text
    reason: Text
    by: Text
    date: dt.date


class Flow(Node):
    profile: str | None = Field(
        None, description="自治体のプロファイル: 組み込みのプロファイルの id(`national`、`shinjuku`)、またはプロファイルの"
        "ファイルへのパス(このフローからの相対パス)。書かなければ、フローから上のフォルダへたどって最も近い flowmap.yaml を使う。")
    submission: Submission
    parties: list[Party] = Field(min_length=1)
    items: list[Item] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    safeguards: list[SafeguardRef] = Field(
        default_factory=list, description="フロー全体に当てはまる安全対策。"
    )
    handover_defaults: list[HandoverDefault] = Field(
        default_factory=list,
        description="ある種類の受渡し(媒体と当事者で指定)に当てはまる一般的な対策。手順はこれを引き継ぐ。")
    checklist: Checklists | None = None
    accepted: list[Accepted] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)
    _source: str = PrivateAttr(default="")
    _warnings: tuple = PrivateAttr(default=())
    _profile: Any = PrivateAttr(default=None)

    @property
    def source(self) -> str:
        """The file this flow was loaded from, as the user named it."""
        return self._source

    @property
    def profile_in_effect(self) -> Any:
        """The ``flowmap.flow.profiles.Profile`` the loader resolved (None for a flow built in code;
        ``profiles.profile_of`` gives the default then)."""
        return self._profile

    @property
    def warnings(self) -> tuple:
        """Problems that do not stop loading (TODO marks of an imported draft)."""
        return self._warnings

    # lookups, valid once the loader has checked references
    def party(self, party_id: str) -> Party:
        return next(p for p in self.parties if p.id == party_id)

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)
