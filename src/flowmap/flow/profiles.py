"""Municipality profiles: the words, clause sets, standard duties, checklist form and citations
of one 区・市・町・村, so that nothing in flowmap is hard-wired to the ward the seeds come from.

A profile is a YAML file. Two ship with flowmap (``shinjuku``: what the seeds give; ``national``:
duties and citations from national guidance, for any municipality without its own). A user
writes ``flowmap.yaml`` at the root of a flow folder (found by walking up from each flow file);
it names a built-in profile to start from (``based_on``) and adds its own name, kind, words and
clause sets. A flow's own ``profile:`` key (a built-in id or a path) overrides the folder's.
A flow with neither gets ``national``.

    profile = profile_for(Path("flows/001.yaml"))
    profile.words.residents        # 区民 / 市民 / 町民 / 村民 / 住民
    profile.clause_sets["shinjuku-2023-31"]
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Mapping

from pydantic import Field

from flowmap.flow.clauses import ClauseSet, Obligation, builtin_clause_sets
from flowmap.flow.model import Id, Node, SafeguardCode, Text
from flowmap.flow.vocabulary import LABELS, SAFEGUARDS, Labelled
from flowmap.flow.yamlread import FlowError, Problem, did_you_mean, parse_yaml, validate_data

CONFIG_NAME = "flowmap.yaml"
_WARD = re.compile(r"(?<![地])区(?![分別切間域])")  # 区 as the ward itself, not 区分・地区 …
DEFAULT = "national"


class MunicipalityKind(Labelled):
    WARD = "ward"        # 特別区
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"


LABELS["MunicipalityKind"] = {"ward": "区", "city": "市", "town": "町", "village": "村"}


class WordChoices(Node):
    """Words a profile may set itself; any left out are derived from the municipality's kind."""

    body: str | None = Field(None, description="行為の主体としての自治体: 区、市、町、村(「区が行う」…)。")
    residents: str | None = Field(None, description="住民の呼び方: 区民、市民 …")
    staff: str | None = Field(None, description="職員の呼び方: 区職員、市職員 …")
    department: str | None = Field(None, description="庁内の他の部署の呼び方: 区の部署 …")
    premises: str | None = Field(None, description="庁舎の呼び方: 区の庁舎 …")
    external: str | None = Field(None, description="オンラインで結合する外部の機関の呼び方: 外部結合先 …")
    external_link: str | None = Field(None, description="オンライン結合そのものの呼び方: 外部結合 …")
    contractor_measures: str | None = Field(None, description="委託先に行わせる対策の見出し。")


class ChecklistForm(Node):
    """The municipality's safeguards checklist: its lines in order, each a vocabulary safeguard."""

    title: Text
    operational: list[SafeguardCode] = Field(default_factory=list, description="運用上の対策: 安全対策のコードを1行目から順に。")
    system: list[SafeguardCode] = Field(default_factory=list, description="システム上の対策: 安全対策のコードを1行目から順に。")
    wording: dict[str, Text] = Field(default_factory=dict, description="行ごとの独自の文言(安全対策のコードごと)。")


class StandardDuties(Node):
    """The obligations a clause set is expected to impose; a weaker set is compared with these."""

    source: Text = Field(description="この基準の出典(指摘で引用する)。")
    obligations: list[Obligation] = Field(min_length=1)


class ProfileFile(Node):
    """A profile as written in YAML (a built-in profile, or a user's flowmap.yaml)."""

    id: Id | None = Field(None, description="プロファイルの id(組み込みのプロファイル: `shinjuku`、`national`)。")
    based_on: Id | None = Field(None, description="元にする組み込みのプロファイル(既定: `national`)。")
    name: str | None = Field(None, description="自治体の名前: 新宿区、青葉市 …")
    kind: MunicipalityKind | None = Field(None, description="自治体の種類: `ward`(区)、`city`(市)、`town`(町)、`village`(村)。")
    council: str | None = Field(None, description="付議先の機関: 〇〇市個人情報保護審議会 …")
    words: WordChoices = Field(default_factory=WordChoices)
    clause_sets: list[Text] = Field(default_factory=list, description="特記事項のセットのファイル(YAML)。このファイルからの相対パス。")
    standard_duties: StandardDuties | None = None
    checklist: ChecklistForm | None = None
    citations: dict[str, Text] = Field(default_factory=dict, description="ルールの根拠(ルールのコードごと。FM301 …)。")
    guidance: list[Text] = Field(default_factory=list, description="このプロファイルが引用する指針・ガイドライン。")


# What each kind calls itself, its residents and its staff; None: a municipality of unknown kind
_BODY = {MunicipalityKind.WARD: "区", MunicipalityKind.CITY: "市", MunicipalityKind.TOWN: "町",
         MunicipalityKind.VILLAGE: "村", None: "実施機関"}


@dataclass(frozen=True)
class Words:
    """Every word flowmap prints that differs between municipalities."""

    name: str
    council: str
    body: str
    residents: str
    staff: str
    department: str
    premises: str
    external: str
    external_link: str
    contractor_measures: str

    @property
    def own_measures(self) -> str:
        """Heading of the municipality's own measures (委託にあたり区が行う情報保護対策)."""
        return f"委託にあたり{self.body}が行う情報保護対策"

    def speak(self, text: str) -> str:
        """flowmap's own prose (rule summaries and fixes, written for a ward) in these words.
        Only for text flowmap wrote: a name from a flow is never rewritten."""
        text = text.replace("区職員", self.staff).replace("区民", self.residents).replace("区の庁舎", self.premises)
        return _WARD.sub(self.body, text)

    def label(self, member: Labelled) -> str:
        """A vocabulary label in this municipality's words."""
        return self.said(type(member).__name__, member.value, member.label)

    def safeguard(self, code: str) -> str:
        """A vocabulary safeguard's label in this municipality's words."""
        return self.said("Safeguard", code, SAFEGUARDS[code].label)

    def said(self, vocabulary: str, code: str, label: str) -> str:
        """The label of ``vocabulary``.``code`` (PartyKind.subjects …), ``label`` in the
        vocabulary's own words, as this municipality says it."""
        template = LABEL_TEMPLATES.get(f"{vocabulary}.{code}")
        return template.format_map(self.__dict__) if template else label

    @classmethod
    def derive(cls, kind: MunicipalityKind | None, name: str, council: str, chosen: WordChoices) -> "Words":
        body = _BODY[kind]
        derived = {
            "body": body,
            "residents": f"{body}民" if kind else "住民",
            "staff": f"{body}職員" if kind else "職員",
            "department": f"{body}の部署" if kind else "庁内の他部署",
            "premises": f"{body}の庁舎" if kind else "庁舎",
            "external": "外部提供先(オンライン結合)",
            "external_link": "オンライン結合",
            "contractor_measures": "委託事業者に行わせる情報保護対策",
        }
        derived.update({k: v for k, v in chosen.model_dump().items() if v is not None})
        return cls(name=name, council=council, **derived)


# Vocabulary labels that name the municipality, as templates over Words' fields. A test checks
# that every label of the vocabulary that says 区 is here, and that the ward's words give back
# the vocabulary's own label (so the seeds' outputs do not change).
LABEL_TEMPLATES: dict[str, str] = {
    "PartyKind.ward": "{body}",
    "PartyKind.ward_department": "{department}",
    "PartyKind.subjects": "{residents}・本人",
    "PartyKind.external": "{external}",
    "StepKind.external_link": "{external_link}",
    "Site.ward_premises": "{premises}内のみ",
    "Proof.witnessed": "{staff}による確認",
    "Medium.lent_tablet": "{residents}に貸与するタブレット",
    "Safeguard.shared_workflow": "{body}が作成した業務フローの共有・遵守",
    "Safeguard.face_to_face_handover": "{staff}と委託先が対面で授受",
    "Safeguard.staff_witness": "{staff}の立会い",
}


@dataclass(frozen=True)
class Profile:
    """A profile in effect: a built-in one, or a user's file merged over the one it is based on."""

    id: str
    words: Words
    clause_sets: Mapping[str, ClauseSet]
    standard_duties: StandardDuties
    checklist: ChecklistForm | None
    citations: Mapping[str, str]
    guidance: tuple[str, ...]
    files: tuple[str, ...] = field(default=())   # the profile files read, most specific first
    own_clause_sets: tuple[str, ...] = field(default=())  # ids read from the user's files
    clause_set_files: tuple[str, ...] = field(default=())  # where they were read (absolute)

    @property
    def kind(self) -> str:
        return self.words.body

    def cite(self, code: str, default: str) -> str:
        """The basis a finding of rule ``code`` cites under this profile."""
        return self.citations.get(code, default)

    def checklist_line(self, code: str) -> tuple[str, int] | None:
        """(scope, 1-based line) of a safeguard in this profile's checklist form."""
        if self.checklist is None:
            return None
        for scope in ("operational", "system"):
            lines = getattr(self.checklist, scope)
            if code in lines:
                return scope, lines.index(code) + 1
        return None

    def checklist_text(self, code: str) -> str:
        """A checklist line's wording: the form's own, else the safeguard's label in our words."""
        if self.checklist is not None and code in self.checklist.wording:
            return self.checklist.wording[code]
        return self.words.safeguard(code)


# --- reading -------------------------------------------------------------------------------


def _read(path: Path, display: str) -> tuple[ProfileFile, object]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FlowError([Problem(display, 1, 1, f"プロファイルを読み込めません: {err.strerror or err}")]) from None
    plain, positions = parse_yaml(data, display)
    return validate_data(ProfileFile, plain, positions, display), positions


def _check(profile: ProfileFile, positions, display: str) -> list[Problem]:
    """What spans a profile file: known safeguard codes, no repeated checklist line."""
    problems = []
    if profile.checklist is not None:
        for scope in ("operational", "system", "wording"):
            for index, code in enumerate(getattr(profile.checklist, scope)):
                if code not in SAFEGUARDS:
                    where = ("checklist", scope, code if scope == "wording" else index)
                    hint = did_you_mean(code, SAFEGUARDS)
                    problems.append(Problem(display, *positions.find(where), f"安全対策 '{code}' は語彙にありません {hint}".rstrip()))
        lines = profile.checklist.operational + profile.checklist.system
        for code in {c for c in lines if lines.count(c) > 1}:
            problems.append(Problem(display, *positions.find(("checklist",)), f"チェックリストに '{code}' が2回あります"))
    return problems


def _load_clause_sets(profile: ProfileFile, positions, path: Path, display: str,
                      known: Mapping[str, ClauseSet]) -> dict[str, ClauseSet]:
    from flowmap.flow.yamlread import load_model

    sets: dict[str, ClauseSet] = {}
    problems: list[Problem] = []
    for index, name in enumerate(profile.clause_sets):
        file = path.parent / name
        shown = os.path.normpath(os.path.join(os.path.dirname(display), name))
        try:
            clause_set = load_model(ClauseSet, file.read_bytes(), shown)
        except OSError as err:
            problems.append(Problem(display, *positions.find(("clause_sets", index)),
                                    f"特記事項のファイル '{name}' を読み込めません: {err.strerror or err}"))
            continue
        except FlowError as err:
            problems.extend(err.problems)
            continue
        if clause_set.id in known or clause_set.id in sets:
            problems.append(Problem(display, *positions.find(("clause_sets", index)),
                                    f"特記事項の id '{clause_set.id}' は既にあります。別の id にしてください"))
            continue
        sets[clause_set.id] = clause_set
    if problems:
        raise FlowError(problems)
    return sets


def _merge(file: ProfileFile, base: Profile | None, own_sets: dict[str, ClauseSet], files: tuple[str, ...],
           folder: Path | None = None) -> Profile:
    def pick(name: str, default):
        return getattr(file, name) if getattr(file, name) is not None else default

    name = pick("name", base.words.name if base else "")
    kind = file.kind if "kind" in file.model_fields_set or base is None else _kind_of(base)
    council = pick("council", base.words.council if base else "個人情報保護審議会")
    inherited = base and not {"kind", "name"} & file.model_fields_set
    chosen = file.words
    if inherited and base is not None:  # same municipality: keep the base's own words
        chosen = WordChoices(**{**_words_of(base), **file.words.model_dump(exclude_none=True)})
    standard = file.standard_duties or (base.standard_duties if base else None)
    if standard is None:
        raise ValueError("a profile needs standard_duties or a based_on profile that has them")
    return Profile(
        id=file.id or (base.id if base else DEFAULT),
        words=Words.derive(kind, name, council, chosen),
        clause_sets={**(base.clause_sets if base else builtin_clause_sets()), **own_sets},
        standard_duties=standard,
        checklist=pick("checklist", base.checklist if base else None),
        citations={**(base.citations if base else {}), **file.citations},
        guidance=tuple(file.guidance) or (base.guidance if base else ()),
        files=files,
        own_clause_sets=tuple(own_sets),
        clause_set_files=tuple(str((folder / name).resolve()) for name in file.clause_sets) if folder else (),
    )


def _kind_of(profile: Profile) -> MunicipalityKind | None:
    return next((k for k, body in _BODY.items() if k and body == profile.words.body), None)


def _words_of(profile: Profile) -> dict[str, str]:
    return {k: v for k, v in profile.words.__dict__.items() if k in WordChoices.model_fields}


@cache
def builtin_profiles() -> dict[str, Profile]:
    """The profiles shipped with flowmap, by id (national first: others may be based on it)."""
    folder = resources.files("flowmap.flow") / "data" / "profiles"
    files = {e.name[:-5]: e for e in folder.iterdir() if e.name.endswith(".yaml")}
    out: dict[str, Profile] = {}
    for name in sorted(files, key=lambda n: (n != DEFAULT, n)):
        display = f"flowmap/flow/data/profiles/{files[name].name}"
        plain, positions = parse_yaml(files[name].read_bytes(), display)
        file = validate_data(ProfileFile, plain, positions, display)
        if problems := _check(file, positions, display):
            raise FlowError(problems)
        base = out[file.based_on] if file.based_on else None
        out[file.id or name] = _merge(file, base, {}, (display,))
    return out


@cache
def _load_profile_file(path: str, display: str, mtime: float) -> Profile:
    file, positions = _read(Path(path), display)
    problems = _check(file, positions, display)
    builtins = builtin_profiles()
    base_id = file.based_on or DEFAULT
    if base_id not in builtins:
        hint = did_you_mean(base_id, builtins)
        problems.append(Problem(display, *positions.find(("based_on",)),
                                f"組み込みのプロファイル '{base_id}' はありません。{'・'.join(sorted(builtins))} から選んでください {hint}".rstrip()))
    if problems:
        raise FlowError(problems)
    base = builtins[base_id]
    own = _load_clause_sets(file, positions, Path(path), display, base.clause_sets)
    return _merge(file, base, own, (display, *base.files), Path(path).parent)


def load_profile(path: str | Path, display: str | None = None) -> Profile:
    """Read a user's profile file (a flowmap.yaml), with its clause sets; FlowError if broken."""
    path = Path(path)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _load_profile_file(str(path.resolve()), display or str(path), mtime)


def find_config(start: str | Path) -> Path | None:
    """The nearest flowmap.yaml in the folder of ``start`` or any folder above it."""
    folder = Path(start).resolve()
    folder = folder if folder.is_dir() else folder.parent
    for candidate in (folder, *folder.parents):
        config = candidate / CONFIG_NAME
        if config.is_file():
            return config
    return None


def _shown(path: Path) -> str:
    """A path as a user reads it: relative to the current folder when it is below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def profile_for(flow_file: str | Path | None, named: str | None = None) -> Profile:
    """The profile in effect for a flow file: its own ``profile:`` (``named``: a built-in id or a
    path relative to the flow), else the nearest flowmap.yaml, else the national baseline."""
    builtins = builtin_profiles()
    if named is not None:
        if named in builtins:
            return builtins[named]
        base = Path(flow_file).parent if flow_file else Path(".")
        return load_profile(base / named, _shown(base / named))
    config = find_config(flow_file) if flow_file else None
    return load_profile(config, _shown(config)) if config else builtins[DEFAULT]


def support_files(folder: Path) -> set[Path]:
    """The files under ``folder`` (or above it) that are profile data, not flows: every
    flowmap.yaml and the clause set files they name. A broken profile names none here; its
    errors are reported when a flow is loaded under it."""
    configs = set(folder.rglob(CONFIG_NAME))
    if above := find_config(folder):
        configs.add(above)
    found = {c.resolve() for c in configs}
    for config in configs:
        try:
            found.update(Path(f) for f in load_profile(config).clause_set_files)
        except FlowError:
            continue
    return found


def default_profile() -> Profile:
    return builtin_profiles()[DEFAULT]


def profile_of(flow) -> Profile:
    """The profile a loaded flow was read under (the national baseline for a flow built in code)."""
    return flow.profile_in_effect or default_profile()
