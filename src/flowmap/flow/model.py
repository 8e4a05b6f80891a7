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
        description="An English identifier: lower-case letters, digits, '-' and '_'.",
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
    Field(description="A safeguard code from the vocabulary, or {text: ...} for free text."),
]


class Period(Node):
    start: dt.date | None = None
    end: dt.date | None = None
    text: str | None = Field(None, description="The period as the submission writes it.")


class Subjects(Node):
    count: int | None = Field(None, ge=0, description="Number of data subjects, if stated.")
    description: str | None = None
    as_of: str | None = None


class Amendment(Node):
    """The earlier approval this submission changes (seed 002 adds 旧氏 to older contracts)."""

    approval: Text = Field(description="The approval as cited, e.g. 平成21年度第7回本審議会了承事項.")
    flow: Id | None = Field(None, description="Submission id of the earlier version, if modelled.")
    change_date: dt.date | None = None


class Submission(Node):
    id: Id
    title: Text = Field(description="件名")
    department: Text = Field(description="担当課")
    division: str | None = Field(None, description="担当部課 as written (部 and 課)")
    council: str | None = Field(None, description="The body it is submitted to")
    legal_basis: list[Text] = Field(default_factory=list, description="根拠 as the seed states it")
    diagram_ref: str | None = Field(None, description="資料番号 of the diagram (資料19-1 …)")
    purpose: str | None = None
    subjects: Subjects = Field(default_factory=Subjects)
    period: Period = Field(default_factory=Period)
    date: dt.date | None = Field(None, description="Date of the submission, if stated.")
    privacy_assessment: str | None = Field(
        None, description="特定個人情報保護評価 as the submission states it (時期・段階), when it handles My Number.")
    amends: Amendment | None = None


class Location(Node):
    site: Site = Site.UNKNOWN
    country: Country = Country.UNKNOWN


class Council(Node):
    """Whether the privacy council saw this (諮問・報告) and what it answered (答申・了承)."""

    status: CouncilStatus = CouncilStatus.UNKNOWN
    number: str | None = Field(None, description="諮問・答申の番号 as cited (諮問第3号, 答申第5号)")
    date: dt.date | None = Field(None, description="Date of the 答申 or of the meeting")
    text: str | None = Field(None, description="The approval as the submission cites it")


class Cloud(Node):
    """A cloud service a party or system runs on: who provides it, where the data is stored,
    whose law governs the provider, and the certifications it holds."""

    provider: str | None = Field(None, description="The cloud provider (事業者名)")
    provider_country: Country = Field(Country.UNKNOWN, description="Where the provider is established")
    storage: Country = Field(Country.UNKNOWN, description="Where the data is stored (servers)")
    law: Country = Field(Country.UNKNOWN, description="Whose law governs the service and disputes")
    certifications: list[Certification] = Field(default_factory=list)


class AccessGrant(Node):
    """One party's access to a shared system: what it can see and how it gets there."""

    party: Id
    items: list[str] = Field(default_factory=list, description="Items this party can see (ids, labels, groups).")
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

    number: int | None = Field(None, ge=1, description="How many sites or bodies, if stated")
    approximate: bool = Field(False, description="True when the submission says 約 (about)")
    description: str | None = Field(None, description="As the submission words it")
    distribution: str | None = Field(None, description="How copies reach the members, as a stated fact")

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
    use: TaskUse = Field(TaskUse.CONTRACTED, description="Whose purpose the task serves.")
    needs: list[str] = Field(default_factory=list, description="Item or group ids/labels.")
    produces: list[str] = Field(
        default_factory=list, description="Items this work creates (records, call logs, tallies)."
    )
    copies_documents: bool = Field(False, description="The task copies or duplicates data.")
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

    items: list[Text] = Field(default_factory=list, description="情報項目 as written")
    complete: bool = Field(True, description="False when the table says など or refers elsewhere")
    media: list[Text] = Field(default_factory=list, description="記録媒体 as written")


class Contract(Node):
    """The contract that binds an outside party, as the submission's table states it."""

    title: str | None = Field(None, description="件名 of this contract's table")
    business: str | None = Field(None, description="登録業務の名称 as the table states it")
    reason: str | None = Field(None, description="委託理由")
    work: list[Text] = Field(default_factory=list, description="委託の内容")
    purposes: list[Text] = Field(default_factory=list, description="利用目的 the contract allows")
    period: Period | None = None


class Party(Node):
    id: Id
    name: Text
    kind: PartyKind
    within: Id | None = Field(None, description="The owner a system, PC or device sits inside.")
    serves: Id | None = Field(None, description="For a sub-contractor: the contractor it serves.")
    certifications: list[Certification] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)
    clauses: Id | None = Field(None, description="Clause set (特記事項) binding this party.")
    approval: Approval | None = Field(None, description="Sub-contract approval status.")
    legal_basis: str | None = Field(None, description="Legal basis of an external link.")
    council: Council | None = Field(None, description="Council approval of the link or provision to this party.")
    cloud: Cloud | None = Field(None, description="The cloud service this party or system runs on.")
    access: list[AccessGrant] = Field(default_factory=list, description="For a shared system: who accesses it.")
    count: Count | None = Field(None, description="For a party that stands for many sites or bodies.")
    safeguards: list[SafeguardRef] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    declared: Declared | None = None
    contract: Contract | None = None
    note: str | None = None


class Slip(Node):
    """The same item written differently in another part of the submission (a slip), kept as the
    submission writes it: seed 001's diagram says 削除フラグ where its table says 消除フラグ."""

    text: Text = Field(description="The other word, as written there.")
    where: Text = Field(description="Where the submission writes it so (図の配布対象者情報の枠 …).")


class Item(Node):
    id: Id
    label: Text
    category: ItemCategory
    aliases: list[Text] = Field(default_factory=list)
    contains: list[str] = Field(
        default_factory=list, description="Items an image, recording or file shows (ids or labels)."
    )
    _contains: tuple[str, ...] = PrivateAttr(default=())

    @property
    def contained_items(self) -> tuple[str, ...]:
        """Item ids it contains, nested containers expanded (set by the loader)."""
        return self._contains
    slips: list[Slip] = Field(
        default_factory=list,
        description="Other words the submission uses for this item by mistake; they resolve to it, and "
                    "FM505 reports each as an inconsistency.")


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
    no: str = Field(description="The number as the diagram writes it: ①, ②', ③③'.")
    label: Text
    kind: StepKind
    from_: Id | None = Field(None, alias="from")
    to: Id | None = None
    at: Id | None = Field(None, description="The one party of an internal step.")
    via: Id | None = Field(None, description="A carrier that handles the medium on the way.")
    items: list[str] = Field(default_factory=list, description="Item or group ids/labels.")
    tasks: list[Id] = Field(
        default_factory=list,
        description="Task ids of the receiving party this hand-over serves (else all its tasks).",
    )
    medium: Medium = Medium.UNKNOWN
    medium_text: str | None = Field(None, description="The medium in words, with medium: other.")
    transport: Transport = Transport.UNKNOWN
    password: PasswordChannel | None = Field(None, description="How the password of the encrypted data travels.")
    mode: AccessMode | None = Field(None, description="For an access step: read (system → party) or write.")
    frequency: Frequency = Frequency.UNKNOWN
    when: str | None = Field(None, description="Timing as the diagram states it (R6.7.1時点).")
    safeguards: list[SafeguardRef] = Field(default_factory=list)
    proof: Proof | None = Field(None, description="Proof of a return or erasure.")
    method: EraseMethod | None = Field(None, description="How an erasure is done.")
    covers: list[Provenance] = Field(
        default_factory=list, description="For a return or erasure: which of the party's items it covers."
    )
    legal_basis: str | None = None
    council: Council | None = Field(None, description="Council approval of this provision or link.")
    reveals_others: bool = Field(
        False, description="A delivery to the data subjects that shows each addressee data about other "
                           "people (a list, other household members). False: each receives only their own.")
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

    text: str | None = Field(None, description="The measure as the submission words it.")
    source: Text = Field(description="Where the submission states it: 区の対策5, 受託事業者の対策4 …")
    media: list[MediaScope] = Field(
        default_factory=lambda: [MediaScope.ANY], description="The media it governs (paper, electronic, network, any).")
    between: list[Id] = Field(
        default_factory=list,
        description="Parties (organisations) it is between: both ends of a governed step are among them "
                    "(or their systems). Empty: any hand-over between two organisations.")
    transport: Transport | None = Field(None, description="The transport governed steps use when they state none.")
    safeguards: list[SafeguardRef] = Field(default_factory=list, description="Safeguards governed steps inherit.")


class Checklist(Node):
    """One side of the 個人情報保護対策チェックリスト: lines marked ○ and lines marked －."""

    applied: list[SafeguardCode] = Field(default_factory=list, description="Codes marked ○")
    not_needed: list[SafeguardCode] = Field(default_factory=list, description="Codes marked －")


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
        None, description="The municipality profile: a built-in id (national, shinjuku) or a path to a "
        "profile file, relative to this flow. Without it, the nearest flowmap.yaml above the flow applies.")
    submission: Submission
    parties: list[Party] = Field(min_length=1)
    items: list[Item] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    safeguards: list[SafeguardRef] = Field(
        default_factory=list, description="Safeguards that hold for the whole flow."
    )
    handover_defaults: list[HandoverDefault] = Field(
        default_factory=list,
        description="General measures for hand-overs of a kind (by medium and parties), which steps inherit.")
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
